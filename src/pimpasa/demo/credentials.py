"""The demo credentials file: generated passwords and TOTP secrets, readable by a person and by the loader.

Plain INI sections, one per user, written with mode 600. The file is per install
(under ``var/``, which git ignores) and is never committed.
"""

from __future__ import annotations

import configparser
import os
import secrets
import string
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_HEADER = """\
# PIMPASA demo logins, generated for this installation. Keep this file private; never commit it.
#
# Sign in at /accounts/login/ with a username and password below.
# Office heads, regional, national and administrator users also need a TOTP code:
# add totp_uri (or totp_secret) to an authenticator app, or print the current code with
#     pimpasa demo otp USERNAME
# regional_ntt has no authenticator yet: signing in as that user leads to the enrolment page.
# Running `pimpasa demo load` again keeps these passwords.

"""

#: Symbols that need no quoting in a shell, an INI file or a URL form.
_SYMBOLS = "-_.!@+="


@dataclass(frozen=True)
class Credential:
    """One demo login as written to the file."""

    username: str
    password: str
    role: str = ""
    unit: str = ""
    totp_secret: str = ""
    totp_uri: str = ""


def password_generate(length: int = 16) -> str:
    """Return a random password that meets the BSSN rule (upper, lower, digit, symbol, ≥ 12)."""
    alphabet = string.ascii_letters + string.digits + _SYMBOLS
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.isupper() for c in password)
            and any(c.islower() for c in password)
            and any(c.isdigit() for c in password)
            and any(c in _SYMBOLS for c in password)
        ):
            return password


def credentials_read(path: Path) -> dict[str, Credential]:
    """Return the credentials in ``path`` by username; an empty dict when the file is missing."""
    if not path.exists():
        return {}
    parser = configparser.RawConfigParser(interpolation=None)
    parser.read(path, encoding="utf-8")
    found: dict[str, Credential] = {}
    for username in parser.sections():
        section = parser[username]
        password = section.get("password", "")
        if not password:
            continue
        found[username] = Credential(
            username=username,
            password=password,
            role=section.get("role", ""),
            unit=section.get("unit", ""),
            totp_secret=section.get("totp_secret", ""),
            totp_uri=section.get("totp_uri", ""),
        )
    return found


def credentials_write(path: Path, credentials: Iterable[Credential]) -> None:
    """Write ``credentials`` to ``path`` (mode 600), replacing the file atomically."""
    parser = configparser.RawConfigParser(interpolation=None)
    for c in credentials:
        parser.add_section(c.username)
        values = {
            "password": c.password,
            "role": c.role,
            "unit": c.unit,
            "totp_secret": c.totp_secret,
            "totp_uri": c.totp_uri,
        }
        for key, value in values.items():
            if value:
                parser.set(c.username, key, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(_HEADER)
        parser.write(handle)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
