"""Who may read and change the watchlist.

The watchlist is not scoped by region: recruiters cross regions, and matching
is the point. Every holder of an intelligence role (intelligence staff, office
heads, regional and national staff) reads all of it; nobody else sees that it
exists (404). Entries are changed by the owning office's intelligence staff and
office head, and by national staff; the threshold and file imports belong to
national staff.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pimpasa.core.errors import NotFound, PermissionDenied
from pimpasa.core.roles import CONFIG_ROLES, INTELLIGENCE_ROLES, Role

#: The actor (and reader) of commands and jobs that run with no signed-in user: it sees all.
SYSTEM = None

#: Roles of an office that change the office's own entries.
OFFICE_WRITER_ROLES = frozenset({Role.INTELLIGENCE, Role.OFFICE_HEAD})


def _is_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _roles(user: Any) -> frozenset[str]:
    return frozenset(getattr(user, "roles", frozenset()))


def can_read(user: Any) -> bool:
    """Return whether ``user`` reads the watchlist: the system, superusers, intelligence roles."""
    if user is SYSTEM:
        return True
    if not _is_user(user):
        return False
    return bool(user.is_superuser or _roles(user) & INTELLIGENCE_ROLES)


def is_national(user: Any) -> bool:
    if user is SYSTEM:
        return True
    return _is_user(user) and bool(user.is_superuser or _roles(user) & CONFIG_ROLES)


def _same_office(user: Any, unit: Any) -> bool:
    own = getattr(user, "unit", None)
    return own is not None and unit is not None and own.area_unit().pk == unit.area_unit().pk


def can_create(user: Any, unit: Any = None) -> bool:
    """National staff create entries for any office (or none); an office's writers for their own."""
    if is_national(user):
        return True
    if not (_is_user(user) and _roles(user) & OFFICE_WRITER_ROLES):
        return False
    return _same_office(user, unit)


def can_create_any(user: Any) -> bool:
    """Return whether ``user`` may create entries at all (for their own office or as national staff)."""
    if is_national(user):
        return True
    return bool(_is_user(user) and _roles(user) & OFFICE_WRITER_ROLES and getattr(user, "unit", None))


def can_change(user: Any, entry: Any) -> bool:
    """National staff change any entry; an office's writers the entries their office owns."""
    if is_national(user):
        return True
    if not (_is_user(user) and _roles(user) & OFFICE_WRITER_ROLES):
        return False
    return _same_office(user, entry.unit)


def can_import(user: Any) -> bool:
    return is_national(user)


def can_configure(user: Any) -> bool:
    return is_national(user)


def ensure_can_read(user: Any) -> None:
    """Raise ``NotFound``: for users without an intelligence role the watchlist does not exist."""
    if not can_read(user):
        raise NotFound(_("Not found."))


def ensure_can_create(user: Any, unit: Any = None) -> None:
    if not can_create(user, unit):
        raise PermissionDenied(_("You may not add watchlist entries for this office."))


def ensure_can_change(user: Any, entry: Any) -> None:
    if not can_change(user, entry):
        raise PermissionDenied(_("You may not change this watchlist entry."))


def ensure_can_import(user: Any) -> None:
    if not can_import(user):
        raise PermissionDenied(_("Only national staff import watchlist files."))


def ensure_can_configure(user: Any) -> None:
    if not can_configure(user):
        raise PermissionDenied(_("Only national staff change the watchlist settings."))
