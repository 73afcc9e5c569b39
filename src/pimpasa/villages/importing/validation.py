"""Check the rows of an indicator file before anything is written (pure: no ORM, no I/O).

Two layouts, told apart by the header:

- long form: ``code,indicator,value`` — one value per row;
- wide form: ``code`` and one column per indicator code — one region per row, an
  empty cell means "no value" and is skipped.

A ``name`` column (the region's name, for people reading the file) may be added
to either and is not checked. Column names ignore case; the Indonesian names
``kode``, ``indikator``, ``nilai`` and ``nama`` are understood too.

Every row is checked and every problem reported, so one run shows all that is
wrong with a file. Rows are numbered as in the file: the header is row 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .reading import Cell

LONG = "long"
WIDE = "wide"

#: Header names of each role, lower case (English first, then Indonesian).
CODE_NAMES = ("code", "kode")
INDICATOR_NAMES = ("indicator", "indikator")
VALUE_NAMES = ("value", "nilai")
NAME_NAMES = ("name", "nama")
#: Words that cannot be indicator codes: they name the columns of the files (and two page URLs).
RESERVED_CODES = frozenset({*CODE_NAMES, *INDICATOR_NAMES, *VALUE_NAMES, *NAME_NAMES, "new", "imports"})

#: Region levels that hold indicator values: kabupaten/kota (2), kecamatan (3), desa/kelurahan (4).
VALUE_LEVELS = frozenset({2, 3, 4})
#: Level of the provinces, which hold no values.
PROVINCE = 1

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class IndicatorRule:
    """What the checks need to know about an indicator."""

    id: int
    code: str
    unit: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem: the row as numbered in the file (1 = header, 0 = the whole file), column, value, why."""

    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        if self.row == 0:
            return _("file: %(reason)s") % {"reason": self.reason}
        where = _("row %(row)d") % {"row": self.row}
        if self.column:
            where += f", {self.column}"
        if self.value:
            where += f" “{self.value}”"
        return f"{where}: {self.reason}"

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class CheckedFile:
    """The values of a file and the problems found; the file is usable only without problems.

    ``records`` holds ``(indicator id, region code, value)`` for every value read.
    """

    layout: str = ""
    rows: int = 0
    records: list[tuple[int, str, float]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    indicator_codes: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors


def shown(cell: Cell) -> str:
    """Return a cell as the file shows it."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _is_empty(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def parse_number(cell: Cell) -> float | None:
    """Return the cell's number, or None when it is not a plain decimal number.

    A dot is the decimal separator; thousands separators, percent signs, ``NaN`` and
    infinities are refused.
    """
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        number = float(cell)
    else:
        text = (cell or "").strip()
        if not _NUMBER.fullmatch(text):
            return None
        number = float(text)
    return number if math.isfinite(number) else None


def value_problem(unit: str, value: float) -> str | None:
    """Return why ``value`` does not fit an indicator measured in ``unit``, or None when it fits."""
    match unit:
        case "percent" if not 0 <= value <= 100:
            return _("a percentage must lie between 0 and 100")
        case "flag" if value not in (0, 1):
            return _("a yes/no indicator takes 1 (yes) or 0 (no)")
        case "count" | "km" | "per_thousand" if value < 0:
            return _("this indicator cannot be negative")
    return None


def region_code(cell: Cell) -> str:
    """Return a region code cell as text (a whole number from a spreadsheet becomes its digits)."""
    if isinstance(cell, float):
        return repr(cell)
    if isinstance(cell, int):
        return str(cell)
    return (cell or "").strip()


def region_codes(header: Sequence[str], rows: list[tuple[int, Sequence[Cell]]]) -> set[str]:
    """Return the region codes of the rows (empty when no column is named ``code``)."""
    at = _find([h.strip().lower() for h in header], CODE_NAMES)
    if at is None:
        return set()
    return {region_code(cells[at]) for _row, cells in rows if len(cells) > at}


class _Checker:
    """Shared state of one file's check: lookups, errors, records and seen keys."""

    def __init__(
        self,
        regions: Mapping[str, int],
        indicators: Mapping[str, IndicatorRule],
        progress: Progress | None,
        total: int,
    ):
        self.regions = regions
        self.indicators = indicators
        self.progress = progress
        self.total = total
        self.result = CheckedFile()

    def error(self, row: int, column: str, value: str, reason: str) -> None:
        self.result.errors.append(RowError(row, column, value, reason))

    def tick(self, done: int) -> None:
        if self.progress and (done % 20000 == 0 or done == self.total):
            self.progress("check", done, self.total)

    def region(self, row: int, column: str, cell: Cell) -> str | None:
        """Return the row's region code when it is known and below province level."""
        code = region_code(cell)
        if not code:
            self.error(row, column, "", _("the region code is missing"))
            return None
        level = self.regions.get(code)
        if level is None:
            reason = _("unknown region code")
            if isinstance(cell, float):
                reason = _("unknown region code (stored as a number: format the code column as text)")
            self.error(row, column, code, reason)
            return None
        if level == PROVINCE:
            self.error(
                row,
                column,
                code,
                _("a province: values are imported for kabupaten/kota, kecamatan or villages"),
            )
            return None
        if level not in VALUE_LEVELS:
            self.error(row, column, code, _("this region level holds no indicator values"))
            return None
        return code

    def indicator(self, row: int, column: str, text: str) -> IndicatorRule | None:
        rule = self.indicators.get(text.lower())
        if rule is None:
            self.error(row, column, text, _("unknown indicator code"))
            return None
        if not rule.active:
            self.error(row, column, text, _("the indicator is inactive"))
            return None
        return rule

    def value(self, row: int, column: str, cell: Cell, rule: IndicatorRule | None) -> float | None:
        number = parse_number(cell)
        if number is None:
            self.error(row, column, shown(cell), _("not a number (use a dot for decimals, no separators)"))
            return None
        if rule is not None:
            problem = value_problem(rule.unit, number)
            if problem:
                self.error(row, column, shown(cell), problem)
                return None
        return number

    def extra_cells(self, row: int, cells: Sequence[Cell], width: int) -> None:
        for position in range(width, len(cells)):
            if not _is_empty(cells[position]):
                self.error(
                    row,
                    _("column %(number)d") % {"number": position + 1},
                    shown(cells[position]),
                    _("a value outside the named columns"),
                )
                return


def _find(names: list[str], wanted: tuple[str, ...]) -> int | None:
    for position, name in enumerate(names):
        if name in wanted:
            return position
    return None


def detect_layout(header: Sequence[str]) -> str:
    """Return ``long`` when the header names an indicator and a value column, else ``wide``."""
    names = [h.strip().lower() for h in header]
    has_indicator = any(n in INDICATOR_NAMES for n in names)
    has_value = any(n in VALUE_NAMES for n in names)
    return LONG if has_indicator or has_value else WIDE


def _header_problems(checker: _Checker, names: list[str], header: Sequence[str]) -> None:
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        if not name:
            continue
        if name in seen:
            checker.error(1, header[position], header[position], _("the column appears twice"))
        seen[name] = position
    if _find(names, CODE_NAMES) is None:
        checker.error(1, "", "", _("no “code” column: the first row must name the columns"))


def _check_long(checker: _Checker, header: Sequence[str], rows: list[tuple[int, Sequence[Cell]]]) -> None:
    names = [h.strip().lower() for h in header]
    code_at = _find(names, CODE_NAMES)
    indicator_at = _find(names, INDICATOR_NAMES)
    value_at = _find(names, VALUE_NAMES)
    if indicator_at is None or value_at is None:
        missing = "indicator" if indicator_at is None else "value"
        checker.error(
            1,
            "",
            "",
            _("the long form needs the columns code, indicator and value (“%(missing)s” is missing)")
            % {"missing": missing},
        )
    known = {code_at, indicator_at, value_at, _find(names, NAME_NAMES)}
    for position, name in enumerate(names):
        if position not in known and name:
            checker.error(1, header[position], header[position], _("unexpected column in the long form"))
    if code_at is None or indicator_at is None or value_at is None:
        return
    width = len(header)
    seen: dict[tuple[str, int], int] = {}
    result = checker.result
    column_code, column_indicator, column_value = header[code_at], header[indicator_at], header[value_at]
    for done, (row, cells) in enumerate(rows, start=1):
        checker.tick(done)
        padded = list(cells) + [None] * (width - len(cells))
        code = checker.region(row, column_code, padded[code_at])
        indicator_text = shown(padded[indicator_at])
        rule = None
        if indicator_text:
            rule = checker.indicator(row, column_indicator, indicator_text)
        else:
            checker.error(row, column_indicator, "", _("the indicator code is missing"))
        raw = padded[value_at]
        number = None
        if _is_empty(raw):
            checker.error(row, column_value, "", _("the value is missing"))
        else:
            number = checker.value(row, column_value, raw, rule)
        checker.extra_cells(row, cells, width)
        if code is None or rule is None:
            continue
        first = seen.setdefault((code, rule.id), row)
        if first != row:
            checker.error(
                row,
                f"{column_code}, {column_indicator}",
                f"{code} {rule.code}",
                _("the same region and indicator as row %(row)d") % {"row": first},
            )
            continue
        if number is not None:
            result.records.append((rule.id, code, number))
            result.indicator_codes.add(rule.code)


def _check_wide(checker: _Checker, header: Sequence[str], rows: list[tuple[int, Sequence[Cell]]]) -> None:
    names = [h.strip().lower() for h in header]
    code_at = _find(names, CODE_NAMES)
    name_at = _find(names, NAME_NAMES)
    if code_at is None:
        return  # the header check reports it; the other columns cannot be told apart
    columns: list[tuple[int, str, IndicatorRule | None]] = []
    unnamed: list[int] = []
    for position, name in enumerate(names):
        if position in (code_at, name_at):
            continue
        if not name:
            unnamed.append(position)
            continue
        rule = checker.indicator(1, header[position], header[position])
        columns.append((position, header[position], rule))
    if not columns:
        checker.error(1, "", "", _("no indicator columns: name one column per indicator code"))
        return
    width = len(header)
    seen: dict[str, int] = {}
    result = checker.result
    column_code = header[code_at]
    reported_unnamed: set[int] = set()
    for done, (row, cells) in enumerate(rows, start=1):
        checker.tick(done)
        padded = list(cells) + [None] * (width - len(cells))
        code = checker.region(row, column_code, padded[code_at])
        if code is not None:
            first = seen.setdefault(code, row)
            if first != row:
                checker.error(
                    row,
                    column_code,
                    code,
                    _("the region is already on row %(row)d (one row per region in the wide form)")
                    % {"row": first},
                )
                code = None
        for position, column, rule in columns:
            raw = padded[position]
            if _is_empty(raw):
                continue
            number = checker.value(row, column, raw, rule)
            if code is not None and rule is not None and number is not None:
                result.records.append((rule.id, code, number))
                result.indicator_codes.add(rule.code)
        for position in unnamed:
            if position not in reported_unnamed and not _is_empty(padded[position]):
                reported_unnamed.add(position)
                checker.error(
                    row,
                    _("column %(number)d") % {"number": position + 1},
                    shown(padded[position]),
                    _("a column without a name in the first row holds values"),
                )
        checker.extra_cells(row, cells, width)


def check_table(
    header: Sequence[str],
    rows: list[tuple[int, Sequence[Cell]]],
    *,
    regions: Mapping[str, int],
    indicators: Mapping[str, IndicatorRule],
    progress: Progress | None = None,
) -> CheckedFile:
    """Check a table against the region registry (code → level) and the indicators (code → rule).

    Rules: the header names a ``code`` column, and either ``indicator`` and ``value``
    (long form) or indicator codes (wide form), each once; every region code is
    known and is a kabupaten/kota, kecamatan or village (not a province); every
    indicator code is known and active; every value is a number that fits the
    indicator's unit (percent 0 to 100, yes/no 0 or 1, counts, kilometres and rates
    per thousand not negative); a region and indicator appear once (in the wide
    form: a region appears in one row). Empty cells of the wide form are no value;
    an empty value of the long form is an error.
    """
    checker = _Checker(regions, indicators, progress, len(rows))
    names = [h.strip().lower() for h in header]
    layout = detect_layout(header)
    checker.result.layout = layout
    checker.result.rows = len(rows)
    _header_problems(checker, names, header)
    if layout == LONG:
        _check_long(checker, header, rows)
    else:
        _check_wide(checker, header, rows)
    if not rows:
        checker.error(0, "", "", _("the file has no data rows"))
    elif checker.result.ok and not checker.result.records:
        checker.error(0, "", "", _("the file holds no values"))
    return checker.result
