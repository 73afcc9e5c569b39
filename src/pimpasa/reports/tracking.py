"""Tracking codes of reports (pure: no ORM).

A code is 11 random symbols of Crockford's base 32 (digits and capitals without I, L, O
and U, so nothing reads as something else) and one check symbol, shown and stored in
groups of four: ``K7Q4-9XM2-T8R5``. That is 55 random bits: unguessable with the rate
limits of the public status page.

The check symbol is Crockford's mod-37 check: the code's value as a base-32 number,
modulo 37. Since 37 is prime and no weight 32^k is a multiple of it, a single wrong
symbol or two neighbouring symbols swapped always change the remainder. Crockford
writes the remainders 32 to 36 with the extra symbols ``*~$=U``; codes that would need one
of them are drawn again, so every symbol of a code stays in the 32-symbol alphabet a
person can type on a phone keypad.

Input is read leniently: lower case, spaces and hyphens are accepted, and the letters
Crockford maps to digits (O → 0, I and L → 1) are read as those digits.
"""

from __future__ import annotations

import secrets

__all__ = [
    "ALPHABET",
    "CODE_LENGTH",
    "check_symbol",
    "format_tracking_code",
    "is_valid_tracking_code",
    "new_tracking_code",
    "normalize_tracking_code",
]

#: Crockford's base-32 alphabet.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = str.maketrans("", "", " -\t\n")

#: Random symbols in a code; one check symbol follows.
RANDOM_LENGTH = 11
#: Symbols of a code without hyphens.
CODE_LENGTH = RANDOM_LENGTH + 1
GROUP = 4


def _remainder(symbols: str) -> int:
    value = 0
    for symbol in symbols:
        value = (value * 32 + _VALUE[symbol]) % 37
    return value


def check_symbol(symbols: str) -> str | None:
    """Return the check symbol of canonical ``symbols`` (no hyphens); None if it would be one of ``*~$=U``."""
    remainder = _remainder(symbols)
    return ALPHABET[remainder] if remainder < len(ALPHABET) else None


def format_tracking_code(symbols: str) -> str:
    """Return the 12 symbols grouped by four: ``K7Q49XM2T8R5`` → ``K7Q4-9XM2-T8R5``."""
    return "-".join(symbols[i : i + GROUP] for i in range(0, len(symbols), GROUP))


def new_tracking_code() -> str:
    """Return a fresh random code with its check symbol, grouped: ``K7Q4-9XM2-T8R5``."""
    while True:
        body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
        check = check_symbol(body)
        if check is not None:
            return format_tracking_code(body + check)


def normalize_tracking_code(text: str) -> str | None:
    """Return the stored form of a code typed any way (``k7q4 9xm2-t8r5``); None for an invalid code."""
    symbols = str(text or "").upper().translate(_IGNORED).translate(_ALIASES)
    if len(symbols) != CODE_LENGTH or any(s not in _VALUE for s in symbols):
        return None
    if check_symbol(symbols[:-1]) != symbols[-1]:
        return None
    return format_tracking_code(symbols)


def is_valid_tracking_code(code: str) -> bool:
    """Return whether ``code`` is a well-formed tracking code whose check symbol fits."""
    return normalize_tracking_code(code) is not None
