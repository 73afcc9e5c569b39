"""Helpers for the account tests: current TOTP codes and sign-in without the second factor."""

from __future__ import annotations

from typing import Any

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def current_code(device: TOTPDevice) -> str:
    """Return the code an authenticator app shows now for ``device``."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def wrong_code(device: TOTPDevice) -> str:
    """Return a six-digit code that is not valid for ``device`` at this moment."""
    good = {
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + d):06d}"
        for d in range(-2, 3)
    }
    return next(c for c in ("000000", "111111", "222222", "333333", "444444", "555555") if c not in good)


def password_login(client: Any, user: Any) -> Any:
    """Sign ``user`` in with the password only: the session has not passed any second factor."""
    client.force_login(user)
    return client
