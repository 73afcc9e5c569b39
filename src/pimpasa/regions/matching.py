"""Resolve the rows of a centroid file to Kemendagri regions by name (pure: no ORM, no I/O).

Some published centroid files carry good names under another code list: BPS codes
(``11.01`` is Simeulue there, ``11.09`` at Kemendagri), Papua before the 2022 split
(``91`` is Papua Barat there), kecamatan codes reused within a kabupaten. For those,
``match_centroids`` trusts a row's code only as a pointer to its parent row (``11.01``
for ``11.01.02``, ``11`` for ``11.01``) and finds the region top-down by its name:

1. a provinsi among the provinces; a kabupaten/kota among the children of the region its
   parent row resolved to; a kecamatan likewise;
2. failing that (the parent row did not resolve, or the name is not among the parent's
   children), by the one region of that level bearing exactly that name: in the whole
   country for a kabupaten/kota (their names are unique, and the Papua provinces were
   split), within the provinsi of the nearest resolved ancestor row for a kecamatan
   (kecamatan names repeat across the country, so a same-named one elsewhere is no match).

Names are compared as the name check of ``validation`` compares them: ``name_key``
first, then ``names_match`` for small spelling differences. A name that fits several
regions is not guessed. Two rows that resolve to the same region are both left out: one
of them is wrong and nothing tells which.

A resolved row's values must pass the rules of ``check_centroids``, and its point must
lie near its neighbours' (see ``plausibility``): such files are often geocoded by name, and
"Sukasari" or "Karang Tengah" then lands on a namesake hundreds of kilometres away.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _

from .plausibility import Point, far_points, level_name
from .validation import (
    CENTROID_COLUMNS,
    CentroidRecord,
    RowError,
    check_header,
    name_key,
    names_match,
    read_centroid,
)

_CODE = re.compile(r"\d+(\.\d+){0,3}")
#: How many codes of an ambiguous name a message lists.
SHOWN_CODES = 5


class SkipReason(StrEnum):
    """Why a row was left out."""

    MALFORMED = "malformed"
    NOT_FOUND = "not_found"
    AMBIGUOUS = "ambiguous"
    SAME_REGION = "same_region"
    BAD_VALUE = "bad_value"
    FAR_AWAY = "far_away"

    @property
    def label(self) -> str:
        labels = {
            SkipReason.MALFORMED: _("malformed row"),
            SkipReason.NOT_FOUND: _("no region of that name"),
            SkipReason.AMBIGUOUS: _("the name fits several regions"),
            SkipReason.SAME_REGION: _("another row resolves to the same region"),
            SkipReason.BAD_VALUE: _("bad coordinates"),
            SkipReason.FAR_AWAY: _("the point is far from its neighbours"),
        }
        return labels[self]


def _squashed(key: str) -> str:
    # "Bagansinembah" and "Bagan Sinembah" are one name written two ways; spaces tell nothing apart.
    return key.replace(" ", "")


class NameIndex:
    """The registry's regions as matching needs them: names, children, and the bearers of each name."""

    def __init__(self, names: Mapping[str, str]):
        """Index ``names`` (Kemendagri code → name) of every region that rows may resolve to."""
        self.names = dict(names)
        self.keys = {code: name_key(name) for code, name in self.names.items()}
        self.children: dict[str, list[str]] = defaultdict(list)
        self.bearers: dict[tuple[int, str], list[str]] = defaultdict(list)
        for code in sorted(self.names):
            self.children[code.rpartition(".")[0]].append(code)
            self.bearers[(code.count(".") + 1, _squashed(self.keys[code]))].append(code)

    def label(self, code: str) -> str:
        return f"{code} {self.names[code]}"

    def among(self, name: str, candidates: Sequence[str]) -> list[str]:
        """Return the candidates named ``name``: the first non-empty of those with the same key, the
        same key but for spaces, or a name that ``names_match`` accepts."""
        key = name_key(name)
        same = [c for c in candidates if self.keys[c] == key]
        same = same or [c for c in candidates if _squashed(self.keys[c]) == _squashed(key)]
        return same or [c for c in candidates if names_match(name, self.names[c])]

    def bearing(self, level: int, name: str, within: str | None = None) -> list[str]:
        """Return the regions of ``level`` with the key of ``name`` (spaces aside), in ``within`` if given."""
        found = self.bearers.get((level, _squashed(name_key(name))), [])
        return [c for c in found if within is None or c.startswith(within + ".")]


@dataclass(frozen=True)
class Resolved:
    """A usable row: the file's code and name, the region it resolved to and its point."""

    row: int
    file_code: str
    name: str
    record: CentroidRecord
    level: int
    #: True when found by its unique name outside the region of its parent row (step 2).
    widened: bool = False

    @property
    def code(self) -> str:
        return self.record.code


@dataclass(frozen=True)
class Unresolved:
    """A row left out, with the reason and every problem found."""

    row: int
    file_code: str
    name: str
    reason: SkipReason
    errors: tuple[RowError, ...]

    @property
    def message(self) -> str:
        return "; ".join(f"{e.column}: {e.reason}" if e.column else e.reason for e in self.errors)


@dataclass
class Matched:
    """The outcome of matching a file: usable rows, rows left out, and problems of the file itself."""

    resolved: list[Resolved] = field(default_factory=list)
    skipped: list[Unresolved] = field(default_factory=list)
    header_errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return whether every row resolved and is usable (the strict default requires it)."""
        return not self.header_errors and not self.skipped

    @property
    def records(self) -> list[CentroidRecord]:
        return [r.record for r in self.resolved]

    @property
    def errors(self) -> list[RowError]:
        """Return every problem: the file's first, then the rows' in order."""
        return [*self.header_errors, *(e for s in self.skipped for e in s.errors)]

    def resolved_by_level(self) -> Counter[int]:
        return Counter(r.level for r in self.resolved)

    def skipped_by_reason(self) -> Counter[SkipReason]:
        return Counter(s.reason for s in self.skipped)


@dataclass
class _Row:
    row: int
    file_code: str
    name: str
    level: int
    record: CentroidRecord
    value_errors: list[RowError]
    code: str | None = None
    widened: bool = False
    problem: tuple[SkipReason, RowError] | None = None

    def fail(self, reason: SkipReason, text: str, column: str = "name") -> None:
        self.code, self.problem = None, (reason, RowError(self.row, column, text))


def _codes(codes: Sequence[str]) -> str:
    shown = ", ".join(codes[:SHOWN_CODES])
    return shown + (", …" if len(codes) > SHOWN_CODES else "")


def _resolve(row: _Row, parent: str | None, province: str | None, index: NameIndex) -> None:
    """Set ``row.code`` or ``row.problem``: by name under ``parent`` (step 1), else more widely (step 2).

    ``parent`` is the region of the parent row, ``province`` the provinsi of the nearest
    resolved ancestor row (each None when there is none).
    """
    level = level_name(row.level)
    where = ""
    found: list[str] = []
    if row.level == 1:
        where = _("among the provinces")
        found = index.among(row.name, index.children[""])
    elif parent is not None:
        where = _("in %(region)s") % {"region": index.label(parent)}
        found = index.among(row.name, index.children[parent])
    if len(found) == 1:
        row.code = found[0]
        return
    values = {"name": row.name, "level": level, "where": where, "count": len(found), "codes": _codes(found)}
    if found:
        row.fail(SkipReason.AMBIGUOUS, _("%(name)r fits %(count)d %(level)s %(where)s: %(codes)s") % values)
        return
    if row.level == 1:
        row.fail(SkipReason.NOT_FOUND, _("no %(level)s is named %(name)r") % values)
        return
    within = province if row.level > 2 else None
    found = index.bearing(row.level, row.name, within)
    if len(found) == 1:
        row.code, row.widened = found[0], True
        return
    if parent is None:
        values["context"] = _("the parent row %(code)s did not resolve") % {
            "code": row.file_code.rpartition(".")[0]
        }
    else:
        values["context"] = _("no %(level)s %(where)s is named so") % values
    values["scope"] = _("Indonesia") if within is None else index.label(within)
    values["count"], values["codes"] = len(found), _codes(found)
    if found:
        message = _("%(name)r: %(context)s, and %(count)d %(level)s in %(scope)s bear that name: %(codes)s")
        row.fail(SkipReason.AMBIGUOUS, message % values)
    else:
        message = _("%(name)r: %(context)s, and no %(level)s in %(scope)s bears that name")
        row.fail(SkipReason.NOT_FOUND, message % values)


def _far_from_neighbours(rows: Sequence[_Row], index: NameIndex) -> None:
    """Set a problem on each usable row whose point lies far from its neighbours' (see ``plausibility``)."""
    located: dict[str, _Row] = {}
    points: dict[str, Point] = {}
    for row in rows:
        lat, lon = row.record.latitude, row.record.longitude
        if row.code is not None and row.problem is None and not row.value_errors and lat is not None:
            assert lon is not None  # the value rules give both or neither
            located[row.code], points[row.code] = row, (float(lat), float(lon))
    for code, reason in far_points(points, index.names).items():
        located[code].fail(SkipReason.FAR_AWAY, reason, column="")


def _read_rows(header: Sequence[str], rows: Iterable[Sequence[str]], result: Matched) -> list[_Row]:
    """Return the well-formed rows; record the malformed ones in ``result``."""
    names = [h.strip().lower() for h in header]
    index = {name: names.index(name) for name in CENTROID_COLUMNS}
    read: list[_Row] = []
    for number, fields in enumerate(rows, 1):
        if not fields or all(not f.strip() for f in fields):
            continue  # a blank line
        code = fields[index["code"]].strip() if len(fields) > index["code"] else ""
        name = fields[index["name"]].strip() if len(fields) > index["name"] else ""
        if len(fields) != len(names):
            found = {"expected": len(names), "found": len(fields)}
            problem = RowError(number, "", _("expected %(expected)d fields, found %(found)d") % found)
        elif not code:
            problem = RowError(number, "code", _("the code is missing"))
        elif not _CODE.fullmatch(code):
            problem = RowError(number, "code", _("%(code)r is not a region code") % {"code": code})
        elif not name:
            problem = RowError(number, "name", _("the name is missing"))
        else:
            record, errors = read_centroid(number, code, {c: fields[i] for c, i in index.items()})
            read.append(_Row(number, code, name, code.count(".") + 1, record, errors))
            continue
        result.skipped.append(Unresolved(number, code, name, SkipReason.MALFORMED, (problem,)))
    if not read and not result.skipped:
        result.header_errors.append(RowError(0, "", _("the file has no data rows")))
    return read


def _ancestors(file_code: str) -> Iterable[str]:
    """Yield the file codes above ``file_code``, nearest first: 11.01.02 → 11.01, 11."""
    parts = file_code.split(".")
    for size in range(len(parts) - 1, 0, -1):
        yield ".".join(parts[:size])


def match_centroids(header: Sequence[str], rows: Iterable[Sequence[str]], *, index: NameIndex) -> Matched:
    """Resolve each row of a centroid table to a region of ``index`` by its name; return the outcome.

    Levels are resolved in order, so the rows above a row are settled before it. A
    file code points to a region only when it appears on one row of its level and
    that row resolved. Rows are numbered from 1 for the first data row; problems of
    the header (``header_errors``) leave every row unread.
    """
    result = Matched(header_errors=check_header(header, CENTROID_COLUMNS))
    if result.header_errors:
        return result
    read = _read_rows(header, rows, result)
    file_codes = Counter(row.file_code for row in read)
    pointers: dict[str, str] = {}  # file code → region, for the rows below it
    for level in sorted({row.level for row in read}):
        level_rows = [row for row in read if row.level == level]
        for row in level_rows:
            above = [pointers[c] for c in _ancestors(row.file_code) if c in pointers]
            parent = pointers.get(row.file_code.rpartition(".")[0])
            _resolve(row, parent, above[0].partition(".")[0] if above else None, index)
        claims: dict[str, list[_Row]] = defaultdict(list)
        for row in level_rows:
            if row.code is not None:
                claims[row.code].append(row)
        for code, claimants in claims.items():
            if len(claimants) > 1:
                values = {"rows": ", ".join(str(r.row) for r in claimants), "region": index.label(code)}
                for row in claimants:
                    row.fail(SkipReason.SAME_REGION, _("rows %(rows)s all resolve to %(region)s") % values)
        for row in level_rows:
            if row.code is not None and file_codes[row.file_code] == 1:
                pointers[row.file_code] = row.code
    _far_from_neighbours(read, index)
    for row in read:
        if row.problem is not None:
            reason, error = row.problem
            result.skipped.append(
                Unresolved(row.row, row.file_code, row.name, reason, (error, *row.value_errors))
            )
        elif row.value_errors:
            errors = tuple(row.value_errors)
            result.skipped.append(Unresolved(row.row, row.file_code, row.name, SkipReason.BAD_VALUE, errors))
        else:
            assert row.code is not None
            record = CentroidRecord(row.code, row.record.latitude, row.record.longitude)
            result.resolved.append(Resolved(row.row, row.file_code, row.name, record, row.level, row.widened))
    result.skipped.sort(key=lambda s: s.row)
    return result
