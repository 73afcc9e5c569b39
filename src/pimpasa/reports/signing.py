"""Signed, expiring links that let a partner agency without accounts answer one referral.

A token is ``django.core.signing``'s timestamped signature of ``{"r": referral id, "v":
link version}`` with a salt of its own, so no other signed value of the project can
pass for it. It expires ``PIMPASA_REFERRAL_LINK_DAYS`` days after it was issued, and
raising the referral's ``link_version`` (a new link, a revocation) kills every older
token at once. Nothing about the referral is stored server-side besides the version.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "pimpasa.reports.referral-link"
DEFAULT_LINK_DAYS = 14
DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:8000"


def link_days() -> int:
    """Return how many days a link stays valid (setting ``PIMPASA_REFERRAL_LINK_DAYS``, default 14)."""
    return int(getattr(settings, "PIMPASA_REFERRAL_LINK_DAYS", DEFAULT_LINK_DAYS))


def link_lifetime() -> dt.timedelta:
    """Return how long a link stays valid."""
    return dt.timedelta(days=link_days())


class _IssuedAt(signing.TimestampSigner):
    """A timestamp signer whose clock is fixed at the moment the link was issued."""

    def __init__(self, *, issued_at: dt.datetime, salt: str) -> None:
        super().__init__(salt=salt)
        self._issued_at = int(issued_at.timestamp())

    def timestamp(self) -> str:
        return signing.b62_encode(self._issued_at)


def link_token(*, referral_id: int, version: int, issued_at: dt.datetime | None = None) -> str:
    """Return the token for version ``version`` of referral ``referral_id``'s link, issued at ``issued_at``.

    The time defaults to now; giving it lets the mail job sign the same expiry the
    referral records, and lets tests issue a link in the past.
    """
    signer = _IssuedAt(issued_at=issued_at or timezone.now(), salt=SALT)
    return signer.sign_object({"r": referral_id, "v": version})


def link_url(token: str) -> str:
    """Return the absolute address of the link page (setting ``PIMPASA_PUBLIC_BASE_URL``)."""
    base = str(getattr(settings, "PIMPASA_PUBLIC_BASE_URL", DEFAULT_PUBLIC_BASE_URL)).rstrip("/")
    return base + reverse("reports:referral_link", args=[token])


@dataclass(frozen=True)
class LinkClaim:
    """What a valid token says: the referral and the link version it was issued for."""

    referral_id: int
    version: int


@dataclass(frozen=True)
class LinkActor:
    """Whoever answers through a verified link: the name they gave and the address they came from.

    Services take it as the actor of the agency's answer; the audit trail shows it as
    ``link: <name>``.
    """

    referral_id: int
    version: int
    name: str
    client_ip: str
    is_authenticated = False

    def __str__(self) -> str:
        return f"link: {self.name}"


class LinkRefused(Exception):
    """A token that does not open its referral; ``referral_id`` is set when the token names one.

    ``reason`` is for the audit trail only: the page shows the same answer whatever it is.
    """

    def __init__(self, reason: str, *, referral_id: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.referral_id = referral_id


def _claimed_referral_id(token: str) -> int | None:
    """Return the referral id a token's payload names, read without trusting the signature.

    Only used to place a refused use on the trail of the referral someone tried to open.
    """
    payload = token.split(":", 1)[0]
    if not payload or payload.startswith("."):
        return None
    try:
        data = json.loads(signing.b64_decode(payload.encode()))
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    value = data.get("r") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63 else None


def link_read(token: str) -> LinkClaim:
    """Return the claim of a genuine, unexpired token; raise ``LinkRefused`` otherwise.

    The version is not checked here: the caller compares it with the referral's
    current one under a row lock.
    """
    try:
        data = signing.loads(token, salt=SALT, max_age=link_lifetime())
    except signing.SignatureExpired as exc:
        raise LinkRefused("expired", referral_id=_claimed_referral_id(token)) from exc
    except signing.BadSignature as exc:
        raise LinkRefused("bad_signature", referral_id=_claimed_referral_id(token)) from exc
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise LinkRefused("malformed") from exc
    if not isinstance(data, dict) or not isinstance(data.get("r"), int) or not isinstance(data.get("v"), int):
        raise LinkRefused("malformed")
    return LinkClaim(referral_id=data["r"], version=data["v"])
