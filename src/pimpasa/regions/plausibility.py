"""Find the points of a region file that cannot be right, by their neighbours (pure: no ORM, no I/O).

Centroid files are often geocoded by name: "Sukasari" or "Karang Tengah" then lands on a
namesake hundreds of kilometres away, and a lost minus sign moves Jakarta into the South
China Sea. Such a point is far from the points of the regions around it.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Mapping

from django.utils.translation import gettext as _

Point = tuple[float, float]

#: A point is taken for a wrong one (a namesake geocoded elsewhere, a lost sign) when:
#:
#: 1. the region has at least ``MIN_GROUP`` children with a point (a provinsi its kabupaten/kota, a
#:    kabupaten/kota its kecamatan), and it lies far from their middle (median latitude and longitude);
#: 2. otherwise, it lies far from the middle of its parent's point and its parent's children's
#:    (itself included), when there are at least ``MIN_GROUP`` of them;
#: 3. a kecamatan lies farther than ``PARENT_KM`` from its kabupaten/kota's point.
#:
#: "Far" is farther than ``FAR_KM`` (by the point's level: 200 km for a provinsi or kabupaten/kota,
#: whose point is often its capital, 50 km for a kecamatan) *and* farther than ``SPREAD`` times the
#: group's typical (median) distance from its middle: kabupaten of scattered islands spread wide,
#: cities do not.
MIN_GROUP = 3
FAR_KM = {1: 200.0, 2: 200.0}
FAR_KM_DEFAULT = 50.0
SPREAD = 3.0
#: The farthest a kecamatan lies from its kabupaten/kota's point (Wetar from Tiakur, Serasan from Ranai).
PARENT_KM = 300.0
EARTH_RADIUS_KM = 6371.0


def _label(code: str, names: Mapping[str, str]) -> str:
    return f"{code} {names.get(code, '')}".rstrip()


def level_name(level: int) -> str:
    """Return the translated name of a level, as used inside sentences (1 provinsi … 4 desa/kelurahan)."""
    names = {1: _("provinsi"), 2: _("kabupaten/kota"), 3: _("kecamatan"), 4: _("desa/kelurahan")}
    return names.get(level, str(level))


def distance_km(a: Point, b: Point) -> float:
    """Return the great-circle distance in km between two (latitude, longitude) points."""
    lat_a, lon_a, lat_b, lon_b = map(math.radians, (*a, *b))
    h = math.sin((lat_b - lat_a) / 2) ** 2
    h += math.cos(lat_a) * math.cos(lat_b) * math.sin((lon_b - lon_a) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


class _Neighbourhood:
    """The points still trusted, grouped by parent; each group's middle and spread computed once."""

    def __init__(self, kept: Mapping[str, Point], names: Mapping[str, str]):
        self.kept, self.names = kept, names
        self.children: dict[str, list[Point]] = defaultdict(list)
        for code, point in kept.items():
            self.children[code.rpartition(".")[0]].append(point)
        self.spreads: dict[tuple[str, bool], tuple[Point, float]] = {}

    def spread(self, parent: str, with_parent: bool) -> tuple[Point, float]:
        """Return the middle (median latitude, longitude) of a group and the median distance from it."""
        if (parent, with_parent) not in self.spreads:
            points = self.children[parent] + ([self.kept[parent]] if with_parent else [])
            middle = statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)
            self.spreads[(parent, with_parent)] = (
                middle,
                statistics.median(distance_km(p, middle) for p in points),
            )
        return self.spreads[(parent, with_parent)]

    def far_from_group(self, code: str) -> str | None:
        """Return why the point of ``code`` lies far from the middle of its group, or None (rules 1, 2)."""
        parent = code.rpartition(".")[0]
        level = code.count(".") + 1
        if len(self.children[code]) >= MIN_GROUP:
            middle, typical = self.spread(code, with_parent=False)
            members, region, count = level + 1, code, len(self.children[code])
            text = _(
                "the point lies %(distance)d km from the middle of the %(count)d %(level)s of %(region)s, "
                "which lie %(typical)d km from it typically (allowed: %(limit)d km)"
            )
        elif parent and len(self.children[parent]) + (parent in self.kept) >= MIN_GROUP:
            middle, typical = self.spread(parent, with_parent=parent in self.kept)
            members, region, count = level, parent, len(self.children[parent])
            text = _(
                "the point lies %(distance)d km from the middle of %(region)s and its %(count)d %(level)s, "
                "which lie %(typical)d km from it typically (allowed: %(limit)d km)"
            )
        else:
            return None
        limit = max(FAR_KM.get(level, FAR_KM_DEFAULT), SPREAD * typical)
        distance = distance_km(self.kept[code], middle)
        if distance <= limit:
            return None
        figures = {
            "distance": round(distance),
            "count": count,
            "typical": round(typical),
            "limit": round(limit),
        }
        return text % (figures | {"level": level_name(members), "region": _label(region, self.names)})

    def far_from_parent(self, code: str) -> str | None:
        """Return why the point of a kecamatan lies too far from its kabupaten/kota's, or None (rule 3)."""
        parent = code.rpartition(".")[0]
        if code.count(".") < 2 or parent not in self.kept:
            return None
        distance = distance_km(self.kept[code], self.kept[parent])
        if distance <= PARENT_KM:
            return None
        text = _("the point lies %(distance)d km from the point of %(region)s (allowed: %(limit)d km)")
        return text % {
            "distance": round(distance),
            "region": _label(parent, self.names),
            "limit": round(PARENT_KM),
        }


def far_points(points: Mapping[str, Point], names: Mapping[str, str]) -> dict[str, str]:
    """Return the codes among ``points`` (code → latitude, longitude) whose point is wrong, with why.

    ``names`` (code → name) labels the regions in the reasons. Rules 1 and 2 are
    repeated without the points already left out until none is, so that a kabupaten
    with several misplaced kecamatan is judged by its good ones; rule 3 then uses only
    the kabupaten/kota points that passed them, and the round repeats.
    """
    kept = dict(points)
    far: dict[str, str] = {}

    def drop(rule: Callable[[_Neighbourhood, str], str | None]) -> bool:
        around = _Neighbourhood(kept, names)
        found = {code: reason for code in kept if (reason := rule(around, code))}
        for code in found:
            del kept[code]
        far.update(found)
        return bool(found)

    while True:
        while drop(_Neighbourhood.far_from_group):
            pass
        if not drop(_Neighbourhood.far_from_parent):
            return far
