"""The ranked village list and the candidate list: scoping, the current score, rank, DBI status.

``Region`` is public reference data, so villages are scoped here: a user reads the villages
inside the region codes of their scope (the Ditjen reads all 83,762); administrators and
partner users read none (``NotFound``, an HTTP 404).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    CharField,
    F,
    FilteredRelation,
    FloatField,
    Func,
    JSONField,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.functions import Cast, RowNumber

from pimpasa.core.scoping import region_q, scope_of
from pimpasa.regions.models import Level, Region

from ... import permissions
from ...filters.villages import DBI_NONE, SORT_SCORE, VillageFilters, dbi_q
from ...models import Band, DesignationStatus, Indicator, ScoreRun, VillageScore
from ...models.designation import DBI_STATES
from ..scoring import current_run

#: How many explanation entries count as a village's "top factors".
TOP_FACTORS = 3


def scoped_villages(*, user: Any) -> QuerySet[Region]:
    """Return the villages (level 4) inside ``user``'s scope; ``NotFound`` for users without villages."""
    permissions.ensure_can_read_villages(user)
    villages = Region.objects.visible_to(user).filter(level=Level.VILLAGE)
    if permissions.is_system(user):
        return villages
    scope = scope_of(user)
    if scope.everything:
        return villages
    if not scope.region_codes:
        return villages.none()
    return villages.filter(region_q("code", scope.region_codes))


def annotate_villages(
    villages: QuerySet[Region], *, run: ScoreRun | None, explanation: bool = False
) -> QuerySet[Region]:
    """Annotate ``score``, ``band`` and ``coverage`` in ``run`` and the open designation's status.

    ``dbi_status`` and ``designation_id`` come from the village's open (not revoked)
    designation, of which there is at most one. Both are LEFT JOINs, one row per village.
    With ``explanation`` the stored explanation is annotated too (wide: only for one village).
    """
    if run is not None:
        villages = villages.annotate(
            current=FilteredRelation("scores", condition=Q(scores__run_id=run.pk)),
            score=F("current__score"),
            band=F("current__band"),
            coverage=F("current__coverage"),
        )
        if explanation:
            villages = villages.annotate(explanation=F("current__explanation"))
    else:
        # Typed NULLs: PostgreSQL cannot average or compare an untyped NULL.
        villages = villages.annotate(
            score=Cast(Value(None), output_field=FloatField()),
            band=Value("", output_field=CharField()),
            coverage=Cast(Value(None), output_field=FloatField()),
        )
        if explanation:
            villages = villages.annotate(explanation=Value(None, output_field=JSONField()))
    return villages.annotate(
        open_designation=FilteredRelation(
            "designations", condition=~Q(designations__status=DesignationStatus.REVOKED)
        ),
        dbi_status=F("open_designation__status"),
        designation_id=F("open_designation__id"),
    )


def _listed(villages: QuerySet[Region], filters: VillageFilters) -> QuerySet[Region]:
    villages = filters.apply(villages).only("code", "name", "kind", "parent_id")
    if filters.sort == SORT_SCORE:
        # Ordered by score already: the rank is the position, and LIMIT can stop the sort early.
        return villages
    # The window runs after WHERE: the rank is the position by score within the filtered list.
    return villages.annotate(
        rank=Window(RowNumber(), order_by=[F("score").desc(nulls_last=True), F("code").asc()])
    )


def village_list(
    *, user: Any, filters: VillageFilters | None = None, run: ScoreRun | None = None
) -> QuerySet[Region]:
    """Return the villages ``user`` may read, ordered by ``filters``, with score and DBI status.

    Each village carries ``score``, ``band``, ``coverage``, ``dbi_status`` and ``designation_id``
    (and ``rank`` when not ordered by score). The list is kept narrow so that a national page
    stays fast: ``village_rows`` adds the names above and the explanation for one page.
    Pass ``run`` when the caller already read ``current_run()``.
    """
    villages = scoped_villages(user=user)
    run = run if run is not None else current_run()
    return _listed(annotate_villages(villages, run=run), filters or VillageFilters())


def candidate_list(
    *, user: Any, filters: VillageFilters | None = None, run: ScoreRun | None = None
) -> QuerySet[Region]:
    """Return the villages of ``user``'s work area that are not DBI yet, like ``village_list``.

    A candidate has no designation in a DBI state (designated, active, evaluated); ``filters.dbi``
    may narrow it to one earlier step (candidate, proposed, meeting held).
    """
    villages = scoped_villages(user=user)
    run = run if run is not None else current_run()
    villages = annotate_villages(villages, run=run).filter(dbi_q(DBI_NONE))
    return _listed(villages, filters or VillageFilters())


@dataclass(frozen=True)
class Factor:
    """One entry of a village's explanation with the indicator's name in the active language."""

    indicator: str
    name: str
    contribution: float
    value: float | None = None


@dataclass
class VillageRow:
    """A village as the lists, the exports and the API show it."""

    rank: int
    code: str
    name: str
    kind: str
    district_code: str
    district: str
    regency_code: str
    regency: str
    score: float | None
    band: str
    coverage: float | None
    dbi_status: str
    designation_id: int | None
    explanation: list[dict[str, Any]] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)

    @property
    def band_label(self) -> str:
        return str(Band(self.band).label) if self.band else ""

    @property
    def dbi_label(self) -> str:
        return str(DesignationStatus(self.dbi_status).label) if self.dbi_status else ""

    @property
    def is_dbi(self) -> bool:
        return self.dbi_status in DBI_STATES


def indicator_names() -> dict[str, str]:
    """Return indicator code → name in the active language (every indicator, active or not)."""
    return {i.code: i.name for i in Indicator.objects.all()}


def factors_of(explanation: Iterable[dict[str, Any]] | None, names: dict[str, str], n: int) -> list[Factor]:
    """Return the first ``n`` entries of an explanation (ordered by contribution) as factors."""
    factors = []
    for entry in list(explanation or [])[:n]:
        code = str(entry.get("indicator", ""))
        factors.append(
            Factor(
                indicator=code,
                name=names.get(code, code),
                contribution=float(entry.get("contribution") or 0.0),
                value=entry.get("value"),
            )
        )
    return factors


def village_rows(
    villages: Iterable[Region], *, run: ScoreRun | None, start: int = 0, top: int = TOP_FACTORS
) -> list[VillageRow]:
    """Return the rows of one page of ``village_list`` (three queries).

    Adds each village's kecamatan and kabupaten/kota, its explanation in ``run`` and its top
    factors. ``start`` is the position of the first village (for the rank when the list is
    ordered by score).
    """
    villages = list(villages)
    if not villages:
        return []
    codes = [v.code for v in villages]
    explanations: dict[str, Any] = {}
    if run is not None:
        explanations = dict(
            VillageScore.objects.filter(run=run, village_id__in=codes).values_list(
                "village_id", "explanation"
            )
        )
    districts = Region.objects.filter(code__in={v.parent_id for v in villages if v.parent_id})
    parents = {d.code: d for d in districts.select_related("parent")}
    names = indicator_names()
    rows = []
    for position, village in enumerate(villages, start=start + 1):
        district = parents.get(village.parent_id or "")
        regency = district.parent if district is not None else None
        explanation = list(explanations.get(village.code) or [])
        rows.append(
            VillageRow(
                rank=int(getattr(village, "rank", None) or position),
                code=village.code,
                name=village.name,
                kind=village.kind,
                district_code=district.code if district else "",
                district=district.name if district else "",
                regency_code=regency.code if regency else "",
                regency=regency.name if regency else "",
                score=getattr(village, "score", None),
                band=getattr(village, "band", "") or "",
                coverage=getattr(village, "coverage", None),
                dbi_status=getattr(village, "dbi_status", None) or "",
                designation_id=getattr(village, "designation_id", None),
                explanation=explanation,
                factors=factors_of(explanation, names, top),
            )
        )
    return rows


#: What an export reads per village (annotations included, so given as a constant).
_EXPORT_FIELDS = (
    "code",
    "name",
    "kind",
    "parent_id",
    "parent__name",
    "parent__parent_id",
    "parent__parent__name",
    "score",
    "band",
    "coverage",
    "dbi_status",
    "designation_id",
    "head",
)


def iter_village_rows(
    villages: QuerySet[Region], *, run: ScoreRun | None, chunk: int = 2000, top: int = TOP_FACTORS
) -> Iterator[VillageRow]:
    """Yield the rows of a whole list from ``village_list`` (exports) in one streamed query.

    Reads plain values with the names above and only the ``top`` explanation entries: model
    instances and whole explanations would dominate a national export.
    """
    if run is not None:
        head: Any = Func(
            F("current__explanation"),
            Value(f"$[0 to {max(top - 1, 0)}]"),
            function="jsonb_path_query_array",
            output_field=JSONField(),
        )
    else:
        head = Value(None, output_field=JSONField())
    ranked = "rank" in villages.query.annotations
    fields = (*_EXPORT_FIELDS, "rank") if ranked else _EXPORT_FIELDS
    names = indicator_names()
    rows = villages.annotate(head=head).values(*fields)
    for position, row in enumerate(rows.iterator(chunk_size=chunk), start=1):
        explanation = list(row["head"] or [])
        yield VillageRow(
            rank=int(row["rank"]) if ranked else position,
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            district_code=row["parent_id"] or "",
            district=row["parent__name"] or "",
            regency_code=row["parent__parent_id"] or "",
            regency=row["parent__parent__name"] or "",
            score=row["score"],
            band=row["band"] or "",
            coverage=row["coverage"],
            dbi_status=row["dbi_status"] or "",
            designation_id=row["designation_id"],
            explanation=explanation,
            factors=factors_of(explanation, names, top),
        )
