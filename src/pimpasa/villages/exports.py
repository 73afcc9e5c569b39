"""The village and candidate lists as CSV and XLSX: the same rows, filters and order as the page.

Columns: rank, code, village, kecamatan, kab/kota, score, band, coverage (%), top factors,
DBI status. The CSV is UTF-8 with a byte-order mark so spreadsheet programs read the names
right; both formats are produced row by row, so a national export does not sit in memory twice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from pimpasa.core.spreadsheets import safe_cell

from .selectors.villages import VillageRow

#: Rows read from the database at a time.
CHUNK = 2000


def export_header() -> list[str]:
    """Return the column titles in the active language."""
    return [
        _("Rank"),
        _("Code"),
        _("Village"),
        _("Kecamatan"),
        _("Kabupaten/kota"),
        _("Score"),
        _("Band"),
        _("Coverage (%)"),
        _("Top factors"),
        _("DBI status"),
    ]


def _factors(row: VillageRow) -> str:
    return "; ".join(f"{f.name} (+{f.contribution:.1f})" for f in row.factors)


def export_values(row: VillageRow) -> list[Any]:
    """Return one row's cells: numbers as numbers (score to 2 decimals, coverage in percent).

    Text goes through ``safe_cell``: names and factors come from editable data and must not
    run as spreadsheet formulas.
    """
    cells = [
        row.rank,
        row.code,
        row.name,
        row.district,
        row.regency,
        None if row.score is None else round(row.score, 2),
        row.band_label,
        None if row.coverage is None else round(row.coverage * 100, 1),
        _factors(row),
        row.dbi_label,
    ]
    return [safe_cell(value) for value in cells]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[VillageRow]) -> Iterator[str]:
    """Yield the CSV text line by line, starting with a byte-order mark and the header."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(export_header())
    for row in rows:
        yield writer.writerow(["" if v is None else v for v in export_values(row)])


def xlsx_bytes(rows: Iterable[VillageRow], *, title: str) -> bytes:
    """Return the rows as an XLSX workbook with one sheet (header bold and frozen)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJ", (6, 15, 26, 22, 24, 8, 12, 12, 60, 22), strict=True):
        sheet.column_dimensions[column].width = width
    bold = Font(bold=True)
    header = []
    for title_text in export_header():
        cell = WriteOnlyCell(sheet, value=title_text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(export_values(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
