"""Masked forms of personal identifiers for lists, pages, logs and the API (pure: no ORM).

The masks come from ``lokal-id``'s ``partial_mask``: enough is kept to tell two people
apart in a list (the NIK's region and serial, a phone's prefix and last digits), never the
birth date a NIK encodes.
"""

from __future__ import annotations

import lokal

__all__ = ["mask_nik", "mask_phone"]


def mask_nik(nik: str) -> str:
    """Return ``3502014501900001`` as ``3502********0001``; an empty NIK stays empty."""
    digits = "".join(ch for ch in str(nik or "") if ch.isdigit())
    if not digits:
        return ""
    if len(digits) < 8:
        return "*" * len(digits)
    return lokal.partial_mask("NIK", digits)


def mask_phone(phone: str) -> str:
    """Return ``+6281234567890`` as ``0812*****7890``; an empty number stays empty."""
    text = str(phone or "").strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        return ""
    if len(digits) < 9:
        return "*" * len(digits)
    return lokal.partial_mask("PHONE", text)
