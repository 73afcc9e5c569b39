"""Who may read villages and change indicators, weights and DBI designations.

Reads are governed by ``visible_to``; these predicates guard pages and writes. Services
re-check them, so commands, jobs and the admin cannot bypass them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pimpasa.core.errors import NotFound, PermissionDenied
from pimpasa.core.roles import CONFIG_ROLES, VILLAGE_ROLES, Role

#: The actor used by commands, jobs and data loads that run with no signed-in user.
SYSTEM = None


def is_system(actor: Any) -> bool:
    return actor is SYSTEM or bool(getattr(actor, "is_superuser", False))


def _roles(actor: Any) -> frozenset[str]:
    return getattr(actor, "roles", frozenset())


def can_read_villages(user: Any) -> bool:
    """Staff who work with villages: everyone but administrators and partner users."""
    return is_system(user) or bool(_roles(user) & VILLAGE_ROLES)


def can_configure(actor: Any) -> bool:
    """National users own indicators, weights and imports of indicator values."""
    return is_system(actor) or bool(_roles(actor) & CONFIG_ROLES)


def _own_office(actor: Any, unit: Any) -> bool:
    own = getattr(actor, "unit", None)
    return own is not None and unit is not None and own.area_unit().pk == unit.area_unit().pk


def can_propose(actor: Any, unit: Any) -> bool:
    """Intelligence staff (and the office head) of the office propose and prepare designations."""
    if is_system(actor):
        return True
    return bool(_roles(actor) & {Role.INTELLIGENCE, Role.OFFICE_HEAD}) and _own_office(actor, unit)


def can_approve(actor: Any, unit: Any) -> bool:
    """Only the head of the office signs the SK that designates a DBI."""
    if is_system(actor):
        return True
    return Role.OFFICE_HEAD in _roles(actor) and _own_office(actor, unit)


def ensure_can_read_villages(user: Any) -> None:
    if not can_read_villages(user):
        raise NotFound(_("Not found."))


def ensure_can_configure(actor: Any) -> None:
    if not can_configure(actor):
        raise PermissionDenied(_("Only national users change indicators, weights and imports."))


def ensure_can_propose(actor: Any, unit: Any) -> None:
    if not can_propose(actor, unit):
        raise PermissionDenied(_("Only the office's intelligence staff or head prepare a designation."))


def ensure_can_approve(actor: Any, unit: Any) -> None:
    if not can_approve(actor, unit):
        raise PermissionDenied(
            _("Only the head of the office approves a designation."), code="approval_required"
        )
