"""Writes about accounts: API tokens, passwords and TOTP devices.

Every function that changes a credential runs in a transaction, checks the
actor's permission and records a timeline event. Secrets (raw tokens,
passwords, TOTP keys) never reach the timeline or the logs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from pimpasa.core.audit import event_record
from pimpasa.core.errors import ValidationFailed

from . import permissions
from .models import ApiToken, User

#: The name given to the authenticator device a user enrols on the enrolment page.
TOTP_DEVICE_NAME = "authenticator"


def _region_of(user: User) -> str:
    """Return the region code that places events about ``user`` on the audit trail."""
    posting = user.posting
    return posting.region_code() if posting is not None else ""


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def token_create(*, actor: Any, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a bearer token for ``user``; return it with the raw token, which is shown once only.

    Only the SHA-256 of the raw token is stored; the audit event names the
    token by its prefix.
    """
    permissions.ensure_can_manage_credentials_of(actor, user)
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the token a name."), details={"name": name})
    if days is not None and days < 1:
        raise ValidationFailed(_("A token must be valid for at least one day."), details={"days": days})
    if not user.is_active:
        raise ValidationFailed(_("This user is not active."), details={"user": user.username})
    duplicate = ValidationFailed(
        _("%(user)s already has a token named “%(name)s”.") % {"user": user.username, "name": name},
        code="token_name_taken",
        details={"name": name},
    )
    if ApiToken.objects.filter(user=user, name=name).exists():
        raise duplicate
    raw, prefix, key_hash = ApiToken.generate()
    expires_at = timezone.now() + dt.timedelta(days=days) if days else None
    try:
        with transaction.atomic():
            token = ApiToken.objects.create(
                user=user, name=name, key_prefix=prefix, key_hash=key_hash, expires_at=expires_at
            )
            event_record(
                actor=actor,
                event_type="api_token.created",
                target=token,
                region_code=_region_of(user),
                data={
                    "new": {
                        "user": user.username,
                        "name": name,
                        "prefix": prefix,
                        "expires_at": _iso(expires_at),
                    }
                },
            )
    except IntegrityError as exc:  # a concurrent request took the name
        raise duplicate from exc
    return token, raw


def token_revoke(*, actor: Any, token: ApiToken, reason: str = "") -> ApiToken:
    """Revoke ``token`` now; a revoked token never authenticates again."""
    permissions.ensure_can_manage_credentials_of(actor, token.user)
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if locked.revoked_at is not None:
            raise ValidationFailed(
                _("This token is already revoked."),
                code="token_already_revoked",
                details={"token": locked.key_prefix},
            )
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        event_record(
            actor=actor,
            event_type="api_token.revoked",
            target=locked,
            region_code=_region_of(locked.user),
            data={"old": {"revoked_at": None}, "new": {"revoked_at": _iso(locked.revoked_at)}},
            reason=reason,
        )
    return locked


#: How long an expired or revoked token stays listed before the purge deletes it.
PURGE_AFTER = dt.timedelta(days=30)


def token_purge_expired(*, now: dt.datetime) -> int:
    """Delete API tokens that expired or were revoked more than 30 days before ``now``; return how many.

    Idempotent: a second run finds nothing to delete. Each deletion is recorded on
    the timeline, so the token's history outlives the row.
    """
    cutoff = now - PURGE_AFTER
    with transaction.atomic():
        tokens = list(
            ApiToken.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff))
            .order_by("pk")
        )
        for token in tokens:
            event_record(
                actor=None,
                event_type="api_token.purged",
                target=token,
                region_code=_region_of(token.user),
                data={
                    "old": {
                        "user": token.user.username,
                        "name": token.name,
                        "prefix": token.key_prefix,
                        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
                        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
                    }
                },
            )
        ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).delete()
    return len(tokens)


def password_change(*, actor: Any, user: User, password: str) -> None:
    """Set a new password for ``user`` after the validators (BSSN rule included) accept it."""
    permissions.ensure_can_manage_credentials_of(actor, user)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), details={"password": exc.messages}) from exc
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        event_record(
            actor=actor, event_type="user.password_changed", target=user, region_code=_region_of(user)
        )


def totp_device_start(*, user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator device, creating one with a fresh key if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_throttled_until(device: TOTPDevice) -> dt.datetime | None:
    """Return until when ``device`` refuses codes after repeated failures, or None when it accepts them."""
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    return (data or {}).get("locked_until") or timezone.now()


def _verify(device: TOTPDevice, code: str) -> bool:
    # Lock the device row so two concurrent guesses cannot both pass or escape the throttle count.
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        ok = bool(locked.verify_token(code))
    device.refresh_from_db()
    return ok


def totp_device_confirm(*, actor: Any, device: TOTPDevice, code: str) -> bool:
    """Confirm the unconfirmed ``device`` with its first valid ``code``; return whether it matched.

    Wrong codes count towards django-otp's throttle on the device.
    """
    user = device.user
    permissions.ensure_can_manage_credentials_of(actor, user)
    if device.confirmed:
        raise ValidationFailed(_("This authenticator is already set up."), code="totp_already_confirmed")
    if not _verify(device, code):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
        event_record(
            actor=actor,
            event_type="totp_device.confirmed",
            target=user,
            region_code=_region_of(user),
            data={"new": {"device": device.name}},
        )
    return True


def totp_verify(*, user: User, code: str) -> TOTPDevice | None:
    """Return the confirmed device of ``user`` that accepts ``code``, or None (the failure is counted)."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"):
        if _verify(device, code):
            return device
    return None
