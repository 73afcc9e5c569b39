"""Who may read the audit trail, and how much of it.

Core knows users only through what they offer (``has_role``, ``get_scope``), so it
depends on no app above it.
"""

from __future__ import annotations

from typing import Any

from .roles import AUDIT_ROLES, Role
from .scoping import Scope, scope_of

#: Roles that read the whole trail; the other audit role (regional) reads its province.
AUDIT_EVERYTHING_ROLES = frozenset({Role.ADMINISTRATOR, Role.NATIONAL})


def _has_role(user: Any, roles: frozenset[str]) -> bool:
    has_role = getattr(user, "has_role", None)
    return bool(has_role and has_role(*roles))


def can_read_audit(user: Any) -> bool:
    """Return whether ``user`` may open the audit trail at all."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return bool(getattr(user, "is_superuser", False)) or _has_role(user, AUDIT_ROLES)


def audit_scope(user: Any) -> Scope:
    """Return the part of the trail ``user`` reads: everything, a province (regional), or nothing.

    A regional user reads events placed in its own area only; events with no
    region (system-wide changes) stay with national staff and administrators.
    """
    if not can_read_audit(user):
        return Scope.nothing()
    if getattr(user, "is_superuser", False) or _has_role(user, AUDIT_EVERYTHING_ROLES):
        return Scope(everything=True)
    return Scope(region_codes=scope_of(user).region_codes)
