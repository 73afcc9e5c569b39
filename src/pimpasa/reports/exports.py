"""CSV and XLSX exports of the report list (the same filters as the page and the API).

An export carries no NIK and nothing of the reporter but the mode (identified,
confidential, anonymous): people are counted, not named, and a NIK someone typed into
the description is masked (``lokal-id``). A restricted report is listed without its
description: opening it is logged, a file passed around is not.
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

from .models import Report

#: (key, header) of each column, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("tracking_code", "tracking_code"),
    ("received_at", "received_at"),
    ("status", "status"),
    ("category", "category"),
    ("urgency", "urgency"),
    ("channel", "channel"),
    ("unit", "unit"),
    ("region_code", "region_code"),
    ("region_name", "region_name"),
    ("occurred_on", "occurred_on"),
    ("destination_country", "destination_country"),
    ("reliability", "reliability"),
    ("credibility", "credibility"),
    ("reporter_mode", "reporter_mode"),
    ("people", "people"),
    ("organizations", "organizations"),
    ("verify_due_at", "verify_due_at"),
    ("action_due_at", "action_due_at"),
    ("overdue", "overdue"),
    ("first_action_at", "first_action_at"),
    ("closed_at", "closed_at"),
    ("outcome", "outcome"),
    ("reject_reason", "reject_reason"),
    ("assigned_to", "assigned_to"),
    ("restricted", "restricted"),
    ("description", "description"),
)


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
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def export_queryset(reports: QuerySet[Report]) -> QuerySet[Report]:
    """Return the list's queryset with what the export reads loaded in the same query."""
    return reports.select_related("category", "region", "unit", "assigned_to").annotate(
        people_count=Count("people", distinct=True), organization_count=Count("organizations", distinct=True)
    )


def export_rows(reports: Iterable[Report]) -> Iterator[list[Any]]:
    """Yield one row of plain values per report, in ``COLUMNS`` order."""
    for r in reports:
        yield [
            r.tracking_code,
            _when(r.received_at),
            r.status,
            r.category.code,
            r.urgency,
            r.channel,
            r.unit.code if r.unit else "",
            r.region_id,
            r.region.name,
            r.occurred_on.isoformat() if r.occurred_on else "",
            r.destination_country,
            r.reliability,
            r.credibility,
            r.reporter_mode,
            getattr(r, "people_count", None),
            getattr(r, "organization_count", None),
            _when(r.verify_due_at),
            _when(r.action_due_at),
            "yes" if getattr(r, "is_overdue", False) else "no",
            _when(r.first_action_at),
            _when(r.closed_at),
            r.outcome,
            r.reject_reason,
            r.assigned_to.username if r.assigned_to else "",
            "yes" if r.restricted else "no",
            "" if r.restricted else cell(scrub(r.description)),
        ]


def write_csv(reports: QuerySet[Report], stream: TextSink) -> None:
    """Write the reports as CSV (a header row, then one row each) to a text stream."""
    writer = csv.writer(stream)
    writer.writerow([header for _key, header in COLUMNS])
    writer.writerows(export_rows(export_queryset(reports).iterator(chunk_size=CHUNK)))


def xlsx_bytes(reports: QuerySet[Report]) -> bytes:
    """Return the reports as an XLSX workbook with one sheet."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("Reports")[:31])
    sheet.append([header for _key, header in COLUMNS])
    for row in export_rows(export_queryset(reports).iterator(chunk_size=CHUNK)):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
