"""Read an indicator file (CSV or XLSX) into a header and numbered rows (no ORM).

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data
row is row 2. Rows whose cells are all empty are left out (spreadsheets often end
with some). Cells keep the type the file gave them: text from CSV; text, whole or
decimal numbers from XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any

from django.utils.translation import gettext as _

#: What a cell can hold once read.
Cell = str | int | float | None

#: The file kinds the import understands, by file name extension.
EXTENSIONS = (".csv", ".xlsx")


class FileUnreadable(Exception):
    """The file cannot be read at all (wrong kind, not UTF-8, damaged); ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Table:
    """A file's header and its non-empty data rows, each with its row number in the file."""

    header: list[str]
    rows: list[tuple[int, Sequence[Cell]]] = field(default_factory=list)


def _is_blank(cells: Sequence[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _cell(value: Any) -> Cell:
    """Return an XLSX cell value as text or a number (booleans and dates become text)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _header(cells: Sequence[Cell]) -> list[str]:
    return ["" if c is None else str(c).strip() for c in cells]


def _delimiter(first_line: str) -> str:
    """Guess the separator from the header line: comma, semicolon (Excel in Indonesian) or tab."""
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_csv(stream: IO[bytes]) -> Table:
    """Read a UTF-8 CSV file (a byte order mark is allowed)."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        reader = csv.reader(io.StringIO(first), delimiter=_delimiter(first))
        header = next(reader, [])
        rest = csv.reader(text, delimiter=_delimiter(first))
        rows: list[tuple[int, Sequence[Cell]]] = []
        for number, cells in enumerate(rest, start=2):
            if not _is_blank(cells):
                rows.append((number, cells))
    except UnicodeDecodeError as exc:
        raise FileUnreadable(_("the file is not UTF-8 text (save the CSV as UTF-8)")) from exc
    except csv.Error as exc:
        raise FileUnreadable(_("the CSV file cannot be read: %(error)s") % {"error": exc}) from exc
    finally:
        text.detach()  # closing the wrapper must not close the caller's stream
    if not header or _is_blank(header):
        raise FileUnreadable(_("the file is empty: the first row must name the columns"))
    return Table(header=_header(header), rows=rows)


def read_xlsx(stream: IO[bytes]) -> Table:
    """Read the first worksheet of an XLSX workbook (formulas give their last computed value)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileUnreadable(_("the file is not an XLSX workbook")) from exc
    try:
        sheet = workbook.worksheets[0]
        header: list[str] = []
        rows: list[tuple[int, Sequence[Cell]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell(v) for v in values]
            if number == 1:
                header = _header(cells)
            elif not _is_blank(cells):
                rows.append((number, cells))
    finally:
        workbook.close()
    # Trailing empty header cells are formatting, not columns.
    while header and not header[-1]:
        header.pop()
    if not header:
        raise FileUnreadable(_("the worksheet is empty: the first row must name the columns"))
    return Table(header=header, rows=rows)


def read_table(stream: IO[bytes], name: str) -> Table:
    """Read ``stream`` as CSV or XLSX, chosen by the extension of ``name``."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".csv":
        return read_csv(stream)
    if suffix == ".xlsx":
        return read_xlsx(stream)
    raise FileUnreadable(
        _("only CSV and XLSX files are read (this one ends in “%(suffix)s”)") % {"suffix": suffix or "—"}
    )
