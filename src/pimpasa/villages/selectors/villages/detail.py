"""One village with everything its page and the API detail show."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from pimpasa.core.errors import NotFound
from pimpasa.organization.models import PimpasaAppointment
from pimpasa.regions.models import Region

from ...models import Band, DesignationStatus, ScoreRun
from ..designations import village_panel_context
from ..indicators import village_indicator_values
from ..scoring import village_score_history
from .lists import annotate_villages, current_run, indicator_names, scoped_villages


def village_get(*, user: Any, code: str, run: ScoreRun | None = None) -> Region:
    """Return village ``code`` annotated like the list, with its kecamatan, kabupaten and province.

    Raises ``NotFound`` when the village does not exist, lies outside ``user``'s scope, or the
    user does not read villages (administrators, partner users).
    """
    run = run if run is not None else current_run()
    village = (
        annotate_villages(scoped_villages(user=user), run=run, explanation=True)
        .select_related("parent__parent__parent")
        .filter(code=code)
        .first()
    )
    if village is None:
        raise NotFound(_("No such village."))
    return village


@dataclass(frozen=True)
class ExplanationItem:
    """One indicator's part in a village's score, as the explanation chart and table show it."""

    indicator: str
    name: str
    value: float | None
    period: int | None
    source: str
    source_region: str
    percentile: float | None
    weight: float | None
    share: float | None
    contribution: float


@dataclass
class VillageDetail:
    """A village with everything its page and the API detail show."""

    village: Region
    district: Region | None
    regency: Region | None
    province: Region | None
    run: ScoreRun | None
    score: float | None
    band: str
    coverage: float | None
    explanation: list[ExplanationItem]
    indicator_values: list[Any]
    history: list[Any]
    designation: Any | None
    timeline: list[Any]
    can_propose: bool
    appointments: list[PimpasaAppointment]

    @property
    def band_label(self) -> str:
        return str(Band(self.band).label) if self.band else ""

    @property
    def dbi_status(self) -> str:
        designation = self.designation
        if designation is None or designation.status == DesignationStatus.REVOKED:
            return ""
        return str(designation.status)


def explanation_items(
    explanation: Iterable[dict[str, Any]] | None, names: dict[str, str]
) -> list[ExplanationItem]:
    """Return a stored explanation as typed items, in its order (largest contribution first)."""
    items = []
    for entry in explanation or []:
        code = str(entry.get("indicator", ""))
        items.append(
            ExplanationItem(
                indicator=code,
                name=names.get(code, code),
                value=entry.get("value"),
                period=entry.get("period"),
                source=str(entry.get("source") or ""),
                source_region=str(entry.get("source_region") or ""),
                percentile=entry.get("percentile"),
                weight=entry.get("weight"),
                share=entry.get("share"),
                contribution=float(entry.get("contribution") or 0.0),
            )
        )
    return items


def village_appointments(*, user: Any, village: Region) -> list[PimpasaAppointment]:
    """Return the active PIMPASA appointments ``user`` may read that include ``village``."""
    return list(
        PimpasaAppointment.objects.visible_to(user)
        .active()
        .filter(village_links__village_id=village.code)
        .select_related("officer", "unit")
        .order_by("officer__full_name", "officer__username", "pk")
    )


def village_detail(*, user: Any, code: str) -> VillageDetail:
    """Return village ``code`` with hierarchy, indicator values, score, explanation, history, DBI, PIMPASA.

    Composes the other areas' selectors: indicator values (``selectors.indicators``), the score
    history (``selectors.scoring``) and the DBI panel (``selectors.designations``).
    """
    run = current_run()
    village = village_get(user=user, code=code, run=run)
    district = village.parent
    regency = district.parent if district is not None else None
    province = regency.parent if regency is not None else None
    panel = village_panel_context(user=user, village=village)
    return VillageDetail(
        village=village,
        district=district,
        regency=regency,
        province=province,
        run=run,
        score=getattr(village, "score", None),
        band=getattr(village, "band", "") or "",
        coverage=getattr(village, "coverage", None),
        explanation=explanation_items(getattr(village, "explanation", None), indicator_names()),
        indicator_values=list(village_indicator_values(user=user, village=village)),
        history=list(village_score_history(user=user, village=village)),
        designation=panel["designation"],
        timeline=list(panel["timeline"]),
        can_propose=bool(panel["can_propose"]),
        appointments=village_appointments(user=user, village=village),
    )
