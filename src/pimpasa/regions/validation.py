"""Check the rows of region data files before anything is written (pure: no ORM, no I/O).

Two formats, both CSV with a header row and one region per row keyed by its
Kemendagri code:

- population and area: ``code,name,population_male,population_female,population_total,area_km2``
- centroids: ``code,name,latitude,longitude``

Every row is checked and every problem reported, so one run shows all that is
wrong with a file. Rows are numbered from 1 for the first data row (the header
is line 1, so row ``n`` is line ``n + 1``). Empty values and ``NULL`` mean
"not known" and clear the stored value.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Generic, TypeVar

from django.utils.translation import gettext as _

STATS_COLUMNS = ("code", "name", "population_male", "population_female", "population_total", "area_km2")
CENTROID_COLUMNS = ("code", "name", "latitude", "longitude")

#: The largest count a population column holds (PostgreSQL ``integer``).
MAX_COUNT = 2_147_483_647
#: Area is stored with 3 decimals in 12 digits.
MAX_AREA = Decimal("999999999.999")
#: A box around Indonesia, from Pulau Rondo to Pulau Ndana and from Sabang to the Papua border,
#: with a margin. Points outside it are typing errors (a lost minus sign, swapped columns).
LATITUDE_RANGE = (Decimal("-11.5"), Decimal("6.5"))
LONGITUDE_RANGE = (Decimal("94.5"), Decimal("141.5"))
#: How alike (0–1) the rest of a file's name and the registry's must be, qualifiers aside.
NAME_SIMILARITY = 0.85

_UNKNOWN = {"", "null"}
_INTEGER = re.compile(r"\d+")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
_ABBREVIATIONS = {
    "kab": "kabupaten",
    "kep": "kepulauan",
    "kec": "kecamatan",
    "adm": "administrasi",
    "dki": "daerah khusus ibukota",
    "di": "daerah istimewa",
}
_FILLER = {"administrasi"}
_NUMERALS = {"i": "1", "satu": "1", "ii": "2", "dua": "2", "iii": "3", "tiga": "3", "iv": "4", "empat": "4"}
#: Words that tell neighbouring regions apart: they must agree exactly.
_QUALIFIERS = {"utara", "selatan", "timur", "barat", "tengah", "tenggara", "kota", "kabupaten"}
_QUALIFIERS |= set(_NUMERALS.values())


@dataclass(frozen=True)
class RowError:
    """One problem: the 1-based data row (0 for the header), the column, and why."""

    row: int
    column: str
    reason: str

    @property
    def line(self) -> int:
        return self.row + 1

    def __str__(self) -> str:
        if self.row == 0:
            return _("header: %(reason)s") % {"reason": self.reason}
        if self.column:
            return _("row %(row)d (line %(line)d), %(column)s: %(reason)s") % {
                "row": self.row,
                "line": self.line,
                "column": self.column,
                "reason": self.reason,
            }
        return _("row %(row)d (line %(line)d): %(reason)s") % {
            "row": self.row,
            "line": self.line,
            "reason": self.reason,
        }

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "line": self.line, "column": self.column, "reason": self.reason}


@dataclass(frozen=True)
class StatsRecord:
    """Population and area of one region, as read from a valid row."""

    code: str
    population_male: int | None
    population_female: int | None
    population: int | None
    area_km2: Decimal | None


@dataclass(frozen=True)
class CentroidRecord:
    """The representative point of one region, as read from a valid row."""

    code: str
    latitude: Decimal | None
    longitude: Decimal | None


T = TypeVar("T")


@dataclass
class Checked(Generic[T]):
    """The records of a file and the problems found; the file is usable only without problems."""

    records: list[T] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"['’`]", "", text)
    words: list[str] = []
    for word in re.findall(r"[a-z0-9]+", text):
        words.extend(_ABBREVIATIONS.get(word, word).split())
    return [_NUMERALS.get(w, w) for w in words if w not in _FILLER]


def name_key(name: str) -> str:
    """Return ``name`` normalised as the name check sees it: "KAB. ILIR BARAT I" → "kabupaten ilir barat 1".

    Case, accents, punctuation, abbreviations, numerals and "Administrasi" are
    evened out; two names with the same key are the same name to every check here.
    """
    return " ".join(_words(name))


def names_match(file_name: str, registry_name: str) -> bool:
    """Return whether a file's name plausibly names the registry's region.

    Case, accents, punctuation, abbreviations ("Kab"), numerals ("I" = "Satu")
    and "Administrasi" do not count, and small spelling differences pass; but the
    words that tell neighbours apart (Utara/Selatan/…, Kota/Kabupaten) must agree:
    "Likupang Barat" is not "Likupang Timur", however alike the letters.
    """
    a, b = _words(file_name), _words(registry_name)
    if a == b:
        return True
    if sorted(w for w in a if w in _QUALIFIERS) != sorted(w for w in b if w in _QUALIFIERS):
        return False
    rest_a = "".join(w for w in a if w not in _QUALIFIERS)
    rest_b = "".join(w for w in b if w not in _QUALIFIERS)
    return difflib.SequenceMatcher(None, rest_a, rest_b, autojunk=False).ratio() >= NAME_SIMILARITY


class _RowChecker:
    """Shared checks of one row: each ``take_*`` records a problem and returns None when the value is bad."""

    def __init__(self, errors: list[RowError], row: int, values: Mapping[str, str]):
        self.errors, self.row, self.values = errors, row, values
        self.failed = False

    def fail(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.row, column, reason))
        self.failed = True

    def raw(self, column: str) -> str | None:
        value = self.values[column].strip()
        return None if value.lower() in _UNKNOWN else value

    def take_count(self, column: str) -> int | None:
        value = self.raw(column)
        if value is None:
            return None
        if not _INTEGER.fullmatch(value):
            self.fail(column, _("%(value)r is not a whole number of 0 or more") % {"value": value})
            return None
        number = int(value)
        if number > MAX_COUNT:
            self.fail(column, _("%(value)s is too large") % {"value": value})
            return None
        return number

    def take_decimal(self, column: str, places: int) -> Decimal | None:
        value = self.raw(column)
        if value is None:
            return None
        if not _DECIMAL.fullmatch(value):
            self.fail(column, _("%(value)r is not a number (use a dot for decimals)") % {"value": value})
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            self.fail(column, _("%(value)r is not a number (use a dot for decimals)") % {"value": value})
            return None
        # More decimals than stored are rounded: 7-digit coordinates are common and 0.1 m is plenty.
        return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

    def take_range(self, column: str, number: Decimal | None, bounds: tuple[Decimal, Decimal]) -> None:
        low, high = bounds
        if number is not None and not low <= number <= high:
            self.fail(
                column,
                _("%(value)s lies outside Indonesia (%(low)s to %(high)s)")
                % {"value": number.normalize(), "low": low, "high": high},
            )


def check_header(header: Sequence[str], columns: Sequence[str]) -> list[RowError]:
    """Return the problems of a header row: empty, or ``columns`` missing or repeated (case ignored)."""
    if not header:
        return [RowError(0, "", _("the file is empty"))]
    names = [h.strip().lower() for h in header]
    missing = [c for c in columns if c not in names]
    repeated = sorted({n for n in names if n and names.count(n) > 1})
    errors: list[RowError] = []
    if missing:
        errors.append(RowError(0, "", _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)}))
    if repeated:
        errors.append(
            RowError(0, "", _("repeated column(s): %(columns)s") % {"columns": ", ".join(repeated)})
        )
    return errors


def _check(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    columns: Sequence[str],
    registry: Mapping[str, str],
    check_names: bool,
    read: Callable[[_RowChecker, str], T | None],
) -> Checked[T]:
    result: Checked[T] = Checked()
    result.errors.extend(check_header(header, columns))
    if result.errors:
        return result

    names = [h.strip().lower() for h in header]
    index = {name: names.index(name) for name in columns}
    first_row_of: dict[str, int] = {}
    seen_rows = 0
    for row_number, fields in enumerate(rows, 1):
        if not fields or all(not f.strip() for f in fields):
            continue  # a blank line
        seen_rows += 1
        if len(fields) != len(names):
            result.errors.append(
                RowError(
                    row_number,
                    "",
                    _("expected %(expected)d fields, found %(found)d")
                    % {"expected": len(names), "found": len(fields)},
                )
            )
            continue
        checker = _RowChecker(result.errors, row_number, {c: fields[i] for c, i in index.items()})
        code = checker.values["code"].strip()
        name = checker.values["name"].strip()
        if not code:
            checker.fail("code", _("the code is missing"))
        elif code in first_row_of:
            checker.fail(
                "code",
                _("code %(code)s already appears on row %(first)d")
                % {"code": code, "first": first_row_of[code]},
            )
        elif code not in registry:
            first_row_of[code] = row_number
            checker.fail("code", _("unknown region code %(code)s") % {"code": code})
        else:
            first_row_of[code] = row_number
            if check_names and not names_match(name, registry[code]):
                checker.fail(
                    "name",
                    _("%(name)r does not match %(code)s %(registry)r in the region registry")
                    % {"name": name, "code": code, "registry": registry[code]},
                )
        record = read(checker, code)
        if not checker.failed and record is not None:
            result.records.append(record)
    if seen_rows == 0:
        result.errors.append(RowError(0, "", _("the file has no data rows")))
    return result


def _read_stats(checker: _RowChecker, code: str) -> StatsRecord | None:
    male = checker.take_count("population_male")
    female = checker.take_count("population_female")
    total = checker.take_count("population_total")
    area = checker.take_decimal("area_km2", 3)
    if area is not None and not Decimal(0) <= area <= MAX_AREA:
        checker.fail("area_km2", _("%(value)s is not an area in km²") % {"value": area})
    if male is not None and female is not None and total is not None and male + female != total:
        checker.fail(
            "population_total",
            _("%(total)d is not male + female (%(male)d + %(female)d = %(sum)d)")
            % {"total": total, "male": male, "female": female, "sum": male + female},
        )
    return StatsRecord(code, male, female, total, area)


def _read_centroid(checker: _RowChecker, code: str) -> CentroidRecord:
    problems = len(checker.errors)
    latitude = checker.take_decimal("latitude", 6)
    longitude = checker.take_decimal("longitude", 6)
    parsed = len(checker.errors) == problems
    if parsed and (latitude is None) != (longitude is None):
        checker.fail("", _("give both latitude and longitude, or neither"))
    checker.take_range("latitude", latitude, LATITUDE_RANGE)
    checker.take_range("longitude", longitude, LONGITUDE_RANGE)
    return CentroidRecord(code, latitude, longitude)


def read_centroid(row: int, code: str, values: Mapping[str, str]) -> tuple[CentroidRecord, list[RowError]]:
    """Read the point of one row (``values``: column → text) by the rules of ``check_centroids``.

    Return the record for ``code`` and the problems of its values; the record is
    usable only when there are none.
    """
    errors: list[RowError] = []
    return _read_centroid(_RowChecker(errors, row, values), code), errors


def check_stats(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    registry: Mapping[str, str],
    check_names: bool = True,
) -> Checked[StatsRecord]:
    """Check a population/area table against ``registry`` (code → name); return records and problems.

    Rules: the columns of ``STATS_COLUMNS`` are present; each code is known and
    appears once; the name matches the registry's (unless ``check_names`` is off);
    counts are whole numbers of 0 or more; male + female = total when all three
    are given; the area is a number of 0 or more.
    """
    return _check(
        header, rows, columns=STATS_COLUMNS, registry=registry, check_names=check_names, read=_read_stats
    )


def check_centroids(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    registry: Mapping[str, str],
    check_names: bool = True,
) -> Checked[CentroidRecord]:
    """Check a centroid table against ``registry`` (code → name); return records and problems.

    Rules: the columns of ``CENTROID_COLUMNS`` are present; each code is known and
    appears once; the name matches the registry's (unless ``check_names`` is off);
    latitude and longitude are numbers, both given or both unknown, inside Indonesia.
    """
    return _check(
        header,
        rows,
        columns=CENTROID_COLUMNS,
        registry=registry,
        check_names=check_names,
        read=_read_centroid,
    )
