"""Reads of indicators: definitions, values in the reader's scope, the value a village resolves to, imports.

Only staff who work with villages read these (``can_read_villages``); anyone else
gets ``NotFound``, like a row that does not exist. Values are read through
``IndicatorValue.objects.visible_to(user)``, which keeps the values inside the
reader's area and those above it (a kabupaten value applies to its villages).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, QuerySet
from django.utils.translation import gettext as _

from pimpasa.core.errors import NotFound
from pimpasa.core.models import TimelineEvent
from pimpasa.core.scoping import ancestor_codes, region_q, scope_of
from pimpasa.regions.models import Level, Region

from ..filters.indicators import IndicatorFilters, ValueFilters
from ..models import ImportBatch, Indicator, IndicatorValue
from ..permissions import can_read_villages, is_system


def _ensure_reader(user: Any) -> None:
    if not can_read_villages(user):
        raise NotFound(_("Not found."))


def _values(user: Any) -> QuerySet[IndicatorValue]:
    """Return the values ``user`` may read (every value for the system actor)."""
    if is_system(user):
        return IndicatorValue.objects.all()
    return IndicatorValue.objects.visible_to(user)


def indicator_list(*, user: Any, filters: IndicatorFilters | None = None) -> QuerySet[Indicator]:
    """Return the indicator definitions (inactive ones too), by code, narrowed by ``filters``."""
    _ensure_reader(user)
    indicators = Indicator.objects.visible_to(user).order_by("code")
    return (filters or IndicatorFilters()).apply(indicators)


def indicator_get(*, user: Any, code: str) -> Indicator:
    """Return the indicator ``code``."""
    _ensure_reader(user)
    indicator = Indicator.objects.visible_to(user).filter(code=code).first()
    if indicator is None:
        raise NotFound(_("No such indicator."))
    return indicator


@dataclass(frozen=True)
class LevelSummary:
    """How many values of one period an indicator has at one region level, and their range."""

    period: int
    level: int
    count: int
    minimum: float
    maximum: float

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label)


def indicator_summary(*, user: Any, indicator: Indicator) -> list[LevelSummary]:
    """Return the values of ``indicator`` the user may read, counted per period and level (newest first)."""
    _ensure_reader(user)
    rows = (
        _values(user)
        .filter(indicator=indicator)
        .values("period", "region__level")
        .annotate(count=Count("id"), minimum=Min("value"), maximum=Max("value"))
        .order_by("-period", "region__level")
    )
    return [
        LevelSummary(r["period"], r["region__level"], r["count"], r["minimum"], r["maximum"]) for r in rows
    ]


def indicator_values_for_region(
    *,
    user: Any,
    region: Region | None = None,
    indicator: Indicator | None = None,
    filters: ValueFilters | None = None,
) -> QuerySet[IndicatorValue]:
    """Return the stored values the user may read, at ``region`` and below, of ``indicator`` if given.

    Ordered by region code, indicator and newest period first; region, indicator and
    import batch are loaded. The caller paginates.
    """
    _ensure_reader(user)
    values = _values(user).select_related("region", "indicator", "batch")
    if region is not None:
        values = values.filter(region_q("region__code", [region.code]))
    if indicator is not None:
        values = values.filter(indicator=indicator)
    values = (filters or ValueFilters()).apply(values)
    return values.order_by("region_id", "indicator__code", "-period")


@dataclass(frozen=True)
class ResolvedValue:
    """The value an indicator takes for a village, and where it came from.

    ``source_region`` is the village itself, or its kecamatan or kabupaten/kota when
    the village has no value of its own (``inherited``).
    """

    indicator: Indicator
    value: float
    period: int
    source: str
    source_region: Region
    inherited: bool


def _visible_village(user: Any, village: Region | str) -> Region:
    _ensure_reader(user)
    code = village if isinstance(village, str) else village.code
    if not (is_system(user) or scope_of(user).covers_region(code)):
        raise NotFound(_("No such village."))
    if isinstance(village, Region) and village.level == Level.VILLAGE:
        return village
    found = Region.objects.filter(code=code, level=Level.VILLAGE).first()
    if found is None:
        raise NotFound(_("No such village."))
    return found


def village_indicator_values(*, user: Any, village: Region | str) -> list[ResolvedValue]:
    """Return the value of each active indicator for ``village``, ordered by indicator code.

    For each indicator the most specific region among the village, its kecamatan and
    its kabupaten/kota that has a value wins; within it, the latest period. Indicators
    with no value anywhere above the village are left out. Raises ``NotFound`` when the
    village does not exist or lies outside the user's scope. One query.
    """
    village = _visible_village(user, village)
    chain = [*ancestor_codes(village.code)[1:], village.code]  # kabupaten, kecamatan, village
    depth = {code: position for position, code in enumerate(chain)}
    values = (
        _values(user)
        .filter(region_id__in=chain, indicator__active=True)
        .select_related("indicator", "region")
        .order_by("indicator__code")
    )
    best: dict[int, IndicatorValue] = {}
    for value in values:
        current = best.get(value.indicator_id)
        rank = (depth[value.region_id], value.period)
        if current is None or rank > (depth[current.region_id], current.period):
            best[value.indicator_id] = value
    resolved = [
        ResolvedValue(
            indicator=v.indicator,
            value=v.value,
            period=v.period,
            source=v.source,
            source_region=v.region,
            inherited=v.region_id != village.code,
        )
        for v in best.values()
    ]
    return sorted(resolved, key=lambda r: r.indicator.code)


def import_batch_list(*, user: Any) -> QuerySet[ImportBatch]:
    """Return the indicator imports, newest first, with who imported them."""
    _ensure_reader(user)
    return ImportBatch.objects.visible_to(user).select_related("imported_by").order_by("-imported_at", "-id")


def import_batch_get(*, user: Any, batch_id: int) -> ImportBatch:
    """Return the import ``batch_id``."""
    batch = import_batch_list(user=user).filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(_("No such import."))
    return batch


@dataclass(frozen=True)
class ImportDetail:
    """An import with what its timeline event recorded: the values read and the indicators they were for."""

    batch: ImportBatch
    values: int | None
    indicators: list[Indicator]

    @property
    def unchanged(self) -> int | None:
        if self.values is None:
            return None
        return self.values - self.batch.created - self.batch.updated


def import_batch_detail(*, user: Any, batch_id: int) -> ImportDetail:
    """Return the import ``batch_id`` with its value count and indicators (from its timeline event)."""
    batch = import_batch_get(user=user, batch_id=batch_id)
    event = (
        TimelineEvent.objects.filter(
            event_type="indicators.imported", target_type="villages.importbatch", target_id=str(batch.pk)
        )
        .order_by("id")
        .first()
    )
    recorded = (event.data or {}).get("new", {}) if event is not None else {}
    codes = recorded.get("indicators") or []
    return ImportDetail(
        batch=batch,
        values=recorded.get("values"),
        indicators=list(Indicator.objects.filter(code__in=codes).order_by("code")),
    )
