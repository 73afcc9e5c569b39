"""Reads of the region registry: lists, one region with its parent chain, counts of what lies below.

Regions are public reference data: ``Region.objects.visible_to(user)`` returns
every row for every user, anonymous included. The selectors still start there so
that the one access path stays the same everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.db.models.functions import Left
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pimpasa.core.errors import NotFound, ValidationFailed
from pimpasa.core.scoping import overlap_q, region_q

from .models import Level, Region, RegionQuerySet

#: Length of a code at each level: "35", "35.02", "35.02.01", "35.02.01.2001".
CODE_LENGTH = {Level.PROVINCE: 2, Level.REGENCY: 5, Level.DISTRICT: 8, Level.VILLAGE: 13}
#: What each level is called in the field (the model's labels are the English terms).
LEVEL_LABELS = {
    Level.PROVINCE: gettext_lazy("Provinsi"),
    Level.REGENCY: gettext_lazy("Kabupaten/kota"),
    Level.DISTRICT: gettext_lazy("Kecamatan"),
    Level.VILLAGE: gettext_lazy("Desa/kelurahan"),
}


@dataclass(frozen=True)
class DescendantCounts:
    """How many kabupaten/kota, kecamatan and desa/kelurahan lie below a region."""

    regencies: int = 0
    districts: int = 0
    villages: int = 0

    @classmethod
    def from_levels(cls, by_level: dict[int, int]) -> DescendantCounts:
        return cls(
            regencies=by_level.get(Level.REGENCY, 0),
            districts=by_level.get(Level.DISTRICT, 0),
            villages=by_level.get(Level.VILLAGE, 0),
        )

    def at_level(self, level: int) -> int:
        by_level: dict[int, int] = {
            Level.REGENCY: self.regencies,
            Level.DISTRICT: self.districts,
            Level.VILLAGE: self.villages,
        }
        return by_level.get(level, 0)


@dataclass(frozen=True)
class RegionWithCounts:
    """A region and the counts of what lies below it."""

    region: Region
    counts: DescendantCounts


@dataclass(frozen=True)
class RegionDetail:
    """A region, its parent chain (province first), its children and the counts below it."""

    region: Region
    ancestors: list[Region]
    counts: DescendantCounts
    children: list[RegionWithCounts]

    @property
    def children_count(self) -> int:
        return self.counts.at_level(self.region.level + 1)

    @property
    def density(self) -> Decimal | None:
        """Return people per km², when population and area are known."""
        region = self.region
        if not region.population or not region.area_km2:
            return None
        return Decimal(region.population) / region.area_km2


def _regions(user: Any) -> RegionQuerySet:
    return Region.objects.visible_to(user)


def region_list(
    *,
    user: Any,
    parent: str | None = None,
    level: int | None = None,
    q: str | None = None,
    within: str | None = None,
) -> RegionQuerySet:
    """Return regions filtered by parent code, level, subtree and a name (or code) search, best first.

    Raise ``ValidationFailed`` when ``parent`` names no region.
    """
    regions = _regions(user)
    if within:
        regions = regions.subtree(within, include_self=False)
    if parent:
        if not regions.filter(code=parent).exists():
            raise ValidationFailed(
                _("No region has the code %(code)s.") % {"code": parent},
                details={"parent": _("unknown region code")},
            )
        regions = regions.filter(parent_id=parent)
    if level:
        regions = regions.filter(level=level)
    if q and q.strip():
        return regions.search(q)
    return regions.order_by("code")


def region_get(*, user: Any, code: str) -> Region:
    """Return the region ``code``; raise ``NotFound`` when there is none."""
    region = _regions(user).filter(code=code).first()
    if region is None:
        raise NotFound(_("No region has the code %(code)s.") % {"code": code})
    return region


def _counts_below(user: Any, parent: Region | None) -> dict[str, DescendantCounts]:
    """Return, for each child of ``parent`` (of each province when None), the counts below it.

    One grouped query: descendants are grouped by the leading part of their code
    that is the child's code.
    """
    child_level = parent.level + 1 if parent else Level.PROVINCE
    if child_level >= Level.VILLAGE:
        return {}
    below = _regions(user) if parent is None else _regions(user).subtree(parent.code, include_self=False)
    rows = (
        below.filter(level__gt=child_level)
        .annotate(child=Left("code", CODE_LENGTH[Level(child_level)]))
        .values_list("child", "level")
        .annotate(n=Count("*"))
        .order_by()
    )
    by_child: dict[str, dict[int, int]] = defaultdict(dict)
    for child, level, n in rows:
        by_child[child][level] = n
    return {code: DescendantCounts.from_levels(levels) for code, levels in by_child.items()}


def province_list(*, user: Any) -> list[RegionWithCounts]:
    """Return every province with its counts of kabupaten/kota, kecamatan and desa (two queries)."""
    counts = _counts_below(user, None)
    return [
        RegionWithCounts(region=p, counts=counts.get(p.code, DescendantCounts()))
        for p in _regions(user).filter(level=Level.PROVINCE).order_by("code")
    ]


def region_detail(*, user: Any, code: str) -> RegionDetail:
    """Return the region ``code`` with its parent chain, children and counts (five queries at most).

    Raise ``NotFound`` when there is no such region.
    """
    region = region_get(user=user, code=code)
    if region.is_village:
        return RegionDetail(
            region=region, ancestors=region.ancestors(), counts=DescendantCounts(), children=[]
        )
    by_level = dict(
        _regions(user)
        .subtree(region.code, include_self=False)
        .values_list("level")
        .annotate(n=Count("*"))
        .values_list("level", "n")
        .order_by()
    )
    counts_below = _counts_below(user, region)
    children = [
        RegionWithCounts(region=child, counts=counts_below.get(child.code, DescendantCounts()))
        for child in _regions(user).filter(parent_id=region.code).order_by("code")
    ]
    return RegionDetail(
        region=region,
        ancestors=region.ancestors(),
        counts=DescendantCounts.from_levels(by_level),
        children=children,
    )


# --- The region picker ----------------------------------------------------------------------


@dataclass(frozen=True)
class PickerStep:
    """One select of the cascading region picker: its level, options and chosen code."""

    level: int
    options: list[Region]
    selected: str
    #: The value of the "choose" option: going back to it keeps the choice above.
    parent_code: str

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS[Level(self.level)])


def region_picker_steps(
    *, user: Any, value: str, level: int, within: Sequence[str] = ()
) -> tuple[list[PickerStep], str]:
    """Return the selects the picker shows for ``value``, and the chosen code at ``level`` ("" if none).

    Each step lists the children of the step above (provinces first); with
    ``within`` only regions that lie inside those subtrees, or above them on the
    way down, are offered. A step with a single option chooses it. One query per
    step shown, four at most.
    """
    parts = value.split(".") if value else []
    wanted = [".".join(parts[:i]) for i in range(1, min(len(parts), level) + 1)]
    steps: list[PickerStep] = []
    parent = ""
    for step_level in range(1, level + 1):
        options = _regions(user).filter(level=step_level)
        if parent:
            options = options.filter(parent_id=parent)
        if within:
            # Above the wanted level a region may lead into the allowed area; at it, it must lie inside.
            options = options.filter(
                region_q("code", within) if step_level == level else overlap_q("code", within)
            )
        choices = list(options.only("code", "name", "level").order_by("name", "code"))
        codes = {r.code for r in choices}
        selected = wanted[step_level - 1] if len(wanted) >= step_level else ""
        if selected not in codes:
            selected = choices[0].code if len(choices) == 1 else ""
        steps.append(PickerStep(level=step_level, options=choices, selected=selected, parent_code=parent))
        if not selected:
            break
        parent = selected
    chosen = steps[-1].selected if len(steps) == level else ""
    return steps, chosen
