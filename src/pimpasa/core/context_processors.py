"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .roles import AUDIT_ROLES


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_can_audit": False}
    has_role = getattr(user, "has_role", None)
    return {"nav_can_audit": bool(user.is_superuser or (has_role and has_role(*AUDIT_ROLES)))}
