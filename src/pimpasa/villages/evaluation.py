"""The DBI evaluation checklist and its score. Pure: plain data in, plain data out, no ORM.

The items follow what offices check when they monitor a Desa Binaan Imigrasi: the PIMPASA
keeps visiting, outreach happens, the village keeps a reachable focal contact, information
flows back to the office, and the village shows it is a DBI (nameplate, village rules).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ChecklistItem:
    """One question of the evaluation: a stable code, its label, and how much it weighs."""

    code: str
    label: str | Promise
    weight: int = 1


#: The checklist, in the order the form shows it. Codes are stored in evaluations: never rename one.
CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("pimpasa_visits", _("The PIMPASA visited the village at least once a quarter"), 2),
    ChecklistItem(
        "outreach_held", _("A sosialisasi on safe migration and TPPO/TPPM was held in the village"), 2
    ),
    ChecklistItem("reports_received", _("Questions or early-warning reports came in from the village"), 2),
    ChecklistItem("contact_reachable", _("The village focal contact (e.g. the kepala desa) is reachable"), 1),
    ChecklistItem("nameplate_installed", _("The DBI nameplate is installed at the village office"), 1),
    ChecklistItem(
        "village_regulation", _("A village regulation or circular on safe migration is in force"), 1
    ),
    ChecklistItem(
        "information_point", _("An immigration information point (poster, desk or chat group) is in use"), 1
    ),
    ChecklistItem(
        "partner_coordination",
        _("The PIMPASA coordinates with the Babinsa, Bhabinkamtibmas and village staff"),
        1,
    ),
    ChecklistItem("legal_channels", _("Residents who want to work abroad are referred to Disnaker/LTSA"), 1),
)

CHECKLIST_CODES: tuple[str, ...] = tuple(item.code for item in CHECKLIST)

#: Scores from which an evaluation reads as "good" and "fair"; below "fair" it reads "needs attention".
GOOD_FROM = 80.0
FAIR_FROM = 50.0


class UnknownChecklistItem(ValueError):
    """The checklist names items that are not in ``CHECKLIST``."""

    def __init__(self, codes: list[str]):
        super().__init__(", ".join(codes))
        self.codes = codes


def checklist_clean(answers: Mapping[str, object]) -> dict[str, bool]:
    """Return every checklist code with its answer (missing answers count as "no").

    Raise ``UnknownChecklistItem`` when ``answers`` names codes outside the checklist.
    """
    unknown = sorted(set(answers) - set(CHECKLIST_CODES))
    if unknown:
        raise UnknownChecklistItem(unknown)
    return {code: bool(answers.get(code, False)) for code in CHECKLIST_CODES}


def checklist_score(answers: Mapping[str, object]) -> float:
    """Return the weighted share of items answered "yes", from 0 to 100, rounded to one decimal."""
    clean = checklist_clean(answers)
    total = sum(item.weight for item in CHECKLIST)
    met = sum(item.weight for item in CHECKLIST if clean[item.code])
    return round(100.0 * met / total, 1)


def score_rating(score: float) -> str:
    """Return ``good``, ``fair`` or ``poor`` for a checklist score."""
    if score >= GOOD_FROM:
        return "good"
    if score >= FAIR_FROM:
        return "fair"
    return "poor"


RATING_LABELS: dict[str, str | Promise] = {
    "good": _("Good"),
    "fair": _("Fair"),
    "poor": _("Needs attention"),
}
