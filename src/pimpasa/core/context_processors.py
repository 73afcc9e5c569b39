"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .roles import AUDIT_ROLES, CASE_ROLES, INTELLIGENCE_ROLES, VILLAGE_ROLES, Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {
            "nav_can_audit": False,
            "nav_villages": False,
            "nav_reports": False,
            "nav_inbox": False,
            "nav_referrals": False,
            "nav_watchlist": False,
        }
    has_role = getattr(user, "has_role", None)

    def holds(roles: frozenset[str]) -> bool:
        return bool(has_role and has_role(*roles))

    return {
        "nav_can_audit": bool(user.is_superuser or holds(AUDIT_ROLES)),
        "nav_villages": holds(VILLAGE_ROLES),
        "nav_reports": holds(CASE_ROLES),
        "nav_inbox": holds(frozenset({Role.FIELD_OFFICER, Role.INTELLIGENCE, Role.OFFICE_HEAD})),
        "nav_referrals": holds(CASE_ROLES | {Role.PARTNER}),
        "nav_watchlist": holds(INTELLIGENCE_ROLES),
    }
