"""Indonesian identifiers as the reports app stores them: NIKs and phone numbers (pure: no ORM).

One place for both, so intake, the forms, the message gateway and referral links read a
number or a NIK the same way (``lokal-id`` does the Indonesian part).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import lokal
from django.utils.translation import gettext as _

from .models import Sex

__all__ = ["NikFacts", "normalize_phone", "parse_nik"]

_KTP_SEX = {"L": Sex.MALE, "P": Sex.FEMALE}


@dataclass(frozen=True)
class NikFacts:
    """A valid NIK and the birth date and sex it encodes."""

    nik: str
    birth_date: dt.date | None
    sex: str


def parse_nik(text: str) -> NikFacts | None:
    """Return the facts of NIK ``text`` (separators allowed), None when blank; ``ValueError`` when invalid."""
    text = str(text or "").strip()
    if not text:
        return None
    info = lokal.parse_nik(text)
    if not info.valid or info.nik is None:
        raise ValueError(
            _("This is not a valid NIK: it must have 16 digits with a real region and birth date.")
        )
    born = dt.date.fromisoformat(info.birth_date) if info.birth_date else None
    return NikFacts(nik=info.nik, birth_date=born, sex=_KTP_SEX.get(info.gender or "", ""))


def normalize_phone(text: str) -> str:
    """Return a phone number as stored: Indonesian in E.164 (``+62…``), foreign as ``+`` and digits.

    Raises ``ValueError`` for text that is no phone number; a blank stays blank.
    """
    text = str(text or "").strip()
    if not text:
        return ""
    e164 = lokal.normalize_phone(text)
    if e164:
        return e164
    digits = "".join(ch for ch in text if ch.isdigit())
    cleaned = "".join(ch for ch in text if ch not in " ()-.")
    if cleaned.startswith(("+", "00")) and not cleaned.startswith(("+62", "0062")) and 8 <= len(digits) <= 15:
        return "+" + digits.removeprefix("00")
    raise ValueError(
        _("Enter an Indonesian number such as 0812-3456-7890, or a foreign one starting with +.")
    )
