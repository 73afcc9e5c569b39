"""CSV and XLSX exports of the report list (the same filters as the page and the API).

An export carries no NIK and nothing of the reporter but the mode (identified,
confidential, anonymous): people are counted, not named, and a NIK someone typed into
the description is masked (``lokal-id``). A restricted report is listed without its
description: opening it is logged, a file passed around is not.

Headers, statuses, categories and the other choices are written in the reader's language
(Indonesian unless they chose English); dates are ISO (``2026-11-20 10:00``, Asia/Jakarta),
so spreadsheets sort them. Machines read reports through the API, which keeps the codes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any, Protocol

import lokal
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from pimpasa.core.spreadsheets import safe_cell

from .countries import country_name
from .models import Report

#: The columns, in order (keys for code that reads the rows; the headers come from ``export_header``).
COLUMNS: tuple[str, ...] = (
    "tracking_code",
    "received_at",
    "status",
    "category",
    "urgency",
    "channel",
    "unit",
    "region_code",
    "region_name",
    "occurred_on",
    "destination_country",
    "reliability",
    "credibility",
    "reporter_mode",
    "people",
    "organizations",
    "verify_due_at",
    "action_due_at",
    "overdue",
    "first_action_at",
    "closed_at",
    "outcome",
    "reject_reason",
    "assigned_to",
    "restricted",
    "description",
)


def export_header() -> list[str]:
    """Return the column titles, in ``COLUMNS`` order, in the active language."""
    return [
        _("Tracking code"),
        _("Received"),
        _("Status"),
        _("Category"),
        _("Urgency"),
        _("Channel"),
        _("Responsible office"),
        _("Region code"),
        _("Where"),
        _("When it happened"),
        _("Destination country"),
        _("Source reliability"),
        _("Information credibility"),
        _("Reporter"),
        _("People"),
        _("Organisations"),
        _("Verify by"),
        _("First action by"),
        _("Overdue"),
        _("First action"),
        _("Closed"),
        _("Outcome"),
        _("Reason for rejection"),
        _("Assigned officer"),
        _("Restricted"),
        _("Description"),
    ]


class TextSink(Protocol):
    """Where CSV text goes: a file, a response."""

    def write(self, text: str, /) -> Any: ...


#: Rows fetched per database round trip.
CHUNK = 2000


def scrub(text: str) -> str:
    """Return ``text`` with any NIK (or KK number) in it masked."""
    if not text:
        return ""
    return lokal.mask_pii(text, mode="partial", types=["NIK", "KK"]).text


def cell(text: str) -> str:
    """Return text a spreadsheet will not run as a formula (a leading ``= + - @`` gets a quote)."""
    return str(safe_cell(text))


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def export_queryset(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Return the list's queryset with what the export reads loaded in the same query."""
    return reports.select_related("category", "region", "unit", "assigned_to").annotate(
        people_count=Count("people", distinct=True), organization_count=Count("organizations", distinct=True)
    )


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def export_rows(reports: Iterable[Report]) -> Iterator[list[Any]]:
    """Yield one row per report, in ``COLUMNS`` order: choices by their names in the active language."""
    for r in reports:
        yield [
            r.tracking_code,
            _when(r.received_at),
            r.get_status_display(),
            r.category.name,
            r.get_urgency_display(),
            r.get_channel_display(),
            r.unit.name if r.unit else "",
            r.region_id,
            r.region.name,
            r.occurred_on.isoformat() if r.occurred_on else "",
            country_name(r.destination_country),
            r.get_reliability_display(),
            r.get_credibility_display(),
            r.get_reporter_mode_display(),
            getattr(r, "people_count", None),
            getattr(r, "organization_count", None),
            _when(r.verify_due_at),
            _when(r.action_due_at),
            _yes_no(getattr(r, "is_overdue", False)),
            _when(r.first_action_at),
            _when(r.closed_at),
            r.get_outcome_display() if r.outcome else "",
            r.get_reject_reason_display() if r.reject_reason else "",
            r.assigned_to.username if r.assigned_to else "",
            _yes_no(r.restricted),
            "" if r.restricted else cell(scrub(r.description)),
        ]


def write_csv(reports: QuerySet[Report], stream: TextSink) -> None:
    """Write the reports as CSV (a header row, then one row each) to a text stream."""
    writer = csv.writer(stream)
    writer.writerow(export_header())
    writer.writerows(export_rows(export_queryset(reports).iterator(chunk_size=CHUNK)))


def xlsx_bytes(reports: QuerySet[Report]) -> bytes:
    """Return the reports as an XLSX workbook with one sheet."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("Reports")[:31])
    sheet.append(export_header())
    for row in export_rows(export_queryset(reports).iterator(chunk_size=CHUNK)):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
