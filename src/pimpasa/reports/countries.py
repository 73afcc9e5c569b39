"""Destination countries: ISO 3166-1 alpha-2 codes named in the reader's language (Babel's CLDR data)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from django.utils.translation import get_language

__all__ = ["COMMON_DESTINATIONS", "country_choices", "country_name", "is_country_code"]

#: CLDR territories with two-letter codes that are not ISO 3166-1 countries (or are Indonesia itself).
_NOT_COUNTRIES = frozenset(
    {"AC", "CP", "DG", "EA", "EU", "EZ", "IC", "ID", "QO", "TA", "UN", "XA", "XB", "ZZ"}
)

#: Destinations seen in recruitment, smuggling and online-scam cases, offered first.
COMMON_DESTINATIONS = (
    "MY",
    "SA",
    "HK",
    "TW",
    "SG",
    "KH",
    "MM",
    "TH",
    "LA",
    "PH",
    "VN",
    "AE",
    "QA",
    "KW",
    "JP",
    "KR",
    "BN",
)


def _locale_code(language: str | None) -> str:
    return "en" if (language or "id").startswith("en") else "id"


@lru_cache(maxsize=4)
def _names(locale_code: str) -> dict[str, str]:
    territories = Locale.parse(locale_code).territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }


def is_country_code(code: str) -> bool:
    """Return whether ``code`` is an ISO 3166-1 alpha-2 code of a country other than Indonesia."""
    return code in _names("en")


def country_name(code: str, language: str | None = None) -> str:
    """Return the name of country ``code`` in ``language`` (the active one by default), or the code itself."""
    if not code:
        return ""
    return _names(_locale_code(language or get_language())).get(code, code)


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """Return ``(code, name)`` pairs: the common destinations first, then every other country by name."""
    names = _names(_locale_code(language or get_language()))
    common = [(code, names[code]) for code in COMMON_DESTINATIONS]
    rest = sorted(((c, n) for c, n in names.items() if c not in COMMON_DESTINATIONS), key=lambda cn: cn[1])
    return common + rest
