"""The risk map: kecamatan or kab/kota points scored from their villages, and the DBI villages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, IntegerField, Max, Min
from django.db.models.functions import Left

from pimpasa.core.scoping import region_q, scope_of
from pimpasa.regions.models import Level, Region

from ... import permissions
from ...filters.villages import DBI_ANY, VillageFilters, dbi_q
from ...models import Band
from .lists import annotate_villages, current_run, scoped_villages

LEVEL_DISTRICT = "district"
LEVEL_REGENCY = "regency"
AGG_MAX = "max"
AGG_MEAN = "mean"
#: What the map reads of a DBI village (annotations included, so given as a constant).
_DBI_FIELDS = (
    "code",
    "name",
    "latitude",
    "longitude",
    "dbi_status",
    "score",
    "band",
    "parent__name",
    "parent__latitude",
    "parent__longitude",
)
#: Length of the code prefix that names a village's kecamatan or kabupaten/kota.
_PREFIX = {LEVEL_DISTRICT: 8, LEVEL_REGENCY: 5}


@dataclass(frozen=True)
class MapPoint:
    """A kecamatan or kabupaten/kota point: its centroid and its villages' aggregated score."""

    code: str
    name: str
    parent: str
    lat: float
    lon: float
    villages: int
    scored: int
    dbi: int
    score: float | None
    band: str


@dataclass(frozen=True)
class MapVillage:
    """A DBI village on the map: its own point when known, otherwise its kecamatan's."""

    code: str
    name: str
    district: str
    lat: float
    lon: float
    exact: bool
    status: str
    score: float | None
    band: str


@dataclass
class MapData:
    """What the risk map draws for one user, level, aggregate and filters."""

    level: str
    agg: str
    points: list[MapPoint]
    dbi: list[MapVillage]
    #: Areas with villages but no centroid (left off the map).
    missing: int
    #: [[south, west], [north, east]] of the user's scope, or None when no centroid is known.
    bounds: list[list[float]] | None
    band_cuts: list[float]
    run_id: int | None


def default_map_level(*, user: Any) -> str:
    """Return the level a map opens at: kecamatan for a work area, kab/kota for a province or more."""
    scope = scope_of(user)
    if scope.everything or not scope.region_codes:
        return LEVEL_REGENCY
    if all(code.count(".") >= 1 for code in scope.region_codes):
        return LEVEL_DISTRICT
    return LEVEL_REGENCY


def _float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def _scope_bounds(*, user: Any) -> list[list[float]] | None:
    regions = Region.objects.visible_to(user).filter(
        level__in=[Level.REGENCY, Level.DISTRICT], latitude__isnull=False, longitude__isnull=False
    )
    scope = scope_of(user)
    if not (permissions.is_system(user) or scope.everything):
        regions = regions.filter(region_q("code", scope.region_codes))
    box = regions.aggregate(
        south=Min("latitude"), north=Max("latitude"), west=Min("longitude"), east=Max("longitude")
    )
    if box["south"] is None:
        return None
    return [[float(box["south"]), float(box["west"])], [float(box["north"]), float(box["east"])]]


def village_map(
    *,
    user: Any,
    level: str = LEVEL_DISTRICT,
    agg: str = AGG_MAX,
    filters: VillageFilters | None = None,
) -> MapData:
    """Return the map of ``user``'s scope: one point per kecamatan or kab/kota, and the DBI villages.

    Villages are narrowed by ``filters`` first (band, DBI status, …); each point counts the
    villages left, and is scored by their highest (``agg="max"``) or mean (``"mean"``) score,
    banded with the run's cut points. Areas without a centroid are counted in ``missing``.
    """
    if level not in _PREFIX:
        level = LEVEL_DISTRICT
    if agg not in (AGG_MAX, AGG_MEAN):
        agg = AGG_MAX
    filters = filters or VillageFilters()
    run = current_run()
    villages = filters.narrow(annotate_villages(scoped_villages(user=user), run=run))
    groups = list(
        villages.annotate(area=Left("code", _PREFIX[level]))
        .order_by()
        .values("area")
        .annotate(
            n=Count("code"),
            scored=Count("score"),
            top=Max("score"),
            mean=Avg("score"),
            dbi=Count("code", filter=dbi_q(DBI_ANY), output_field=IntegerField()),
        )
    )
    areas = {
        r.code: r
        for r in Region.objects.filter(code__in=[g["area"] for g in groups]).select_related("parent")
    }
    cuts = list(run.weight_set.band_cuts) if run is not None else []
    band_for = run.weight_set.band_for if run is not None else (lambda _score: "")
    points, missing = [], 0
    for group in groups:
        area = areas.get(group["area"])
        if area is None or area.latitude is None or area.longitude is None:
            missing += 1
            continue
        score = group["top"] if agg == AGG_MAX else group["mean"]
        points.append(
            MapPoint(
                code=area.code,
                name=area.name,
                parent=area.parent.name if area.parent is not None and level == LEVEL_DISTRICT else "",
                lat=float(area.latitude),
                lon=float(area.longitude),
                villages=group["n"],
                scored=group["scored"],
                dbi=group["dbi"],
                score=None if score is None else round(float(score), 2),
                band=band_for(None if score is None else float(score)),
            )
        )
    points.sort(key=lambda p: p.code)
    dbi = []
    rows = villages.filter(dbi_q(DBI_ANY)).order_by("code").values(*_DBI_FIELDS)
    for row in rows:
        exact = row["latitude"] is not None and row["longitude"] is not None
        lat = _float(row["latitude"] if exact else row["parent__latitude"])
        lon = _float(row["longitude"] if exact else row["parent__longitude"])
        if lat is None or lon is None:
            continue
        dbi.append(
            MapVillage(
                code=row["code"],
                name=row["name"],
                district=row["parent__name"] or "",
                lat=lat,
                lon=lon,
                exact=exact,
                status=row["dbi_status"],
                score=None if row["score"] is None else round(float(row["score"]), 2),
                band=row["band"] or "",
            )
        )
    return MapData(
        level=level,
        agg=agg,
        points=points,
        dbi=dbi,
        missing=missing,
        bounds=_scope_bounds(user=user),
        band_cuts=cuts,
        run_id=run.pk if run is not None else None,
    )


def band_ranges(cuts: Sequence[float]) -> list[tuple[str, str, float | None, float | None]]:
    """Return ``(band, label, from, to)`` for each band under ``cuts`` (the legend of the map)."""
    bounds = [None, *cuts, None] if len(cuts) == 3 else [None, None, None, None, None]
    order = (Band.LOW, Band.MEDIUM, Band.HIGH, Band.VERY_HIGH)
    return [(b.value, str(b.label), bounds[i], bounds[i + 1]) for i, b in enumerate(order)]
