"""Helpers of the report tests: submit a report with sensible defaults, move it through the workflow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pimpasa.reports.models import Channel, Report
from pimpasa.reports.services.intake import report_submit
from pimpasa.reports.services.workflow import report_transition

#: Villages of the fixtures: two in Ponorogo (Kanim Ponorogo) and one in Cianjur (Kanim Cianjur).
PONOROGO_VILLAGE = "35.02.01.2001"
PONOROGO_VILLAGE_2 = "35.02.01.2002"
CIANJUR_VILLAGE = "32.03.01.2001"
#: A valid NIK of a woman born 5 January 1990 in Ponorogo (day 45 = 5 + 40).
NIK_WOMAN = "3502014501900001"
#: A valid NIK of a man born 17 August 1985 in Ponorogo.
NIK_MAN = "3502011708850002"


def submit(actor: Any = None, **overrides: Any) -> Report:
    """Submit a report (by default: illegal recruitment in a Ponorogo village, by the system)."""
    data: dict[str, Any] = {
        "actor": actor,
        "channel": Channel.FIELD_OFFICER,
        "category_code": "illegal_recruitment",
        "description": "Seorang calo menawarkan pekerjaan di Malaysia tanpa dokumen.",
        "region_code": PONOROGO_VILLAGE,
        "occurred_on": dt.date(2026, 11, 10),
        "destination_country": "MY",
    }
    data.update(overrides)
    return report_submit(**data)


def walk(report: Report, actor: Any, *steps: tuple[str, dict[str, Any]]) -> Report:
    """Apply transitions in order."""
    for to, data in steps:
        report = report_transition(actor=actor, report=report, to=to, **data)
    return report
