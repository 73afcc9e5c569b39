"""Who may change the organisation. Reads are governed by ``visible_to``; these guard writes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pimpasa.core.errors import PermissionDenied
from pimpasa.core.roles import Role

from .models import PartnerAgency, Unit

#: The actor used by commands and data loads that run with no signed-in user.
SYSTEM = None


def _is_system(actor: Any) -> bool:
    return actor is SYSTEM or getattr(actor, "is_superuser", False)


def _roles(actor: Any) -> frozenset[str]:
    return getattr(actor, "roles", frozenset())


def can_manage_units(actor: Any) -> bool:
    return _is_system(actor) or bool(_roles(actor) & {Role.ADMINISTRATOR, Role.NATIONAL})


def can_manage_appointments(actor: Any, unit: Unit) -> bool:
    """National staff and administrators anywhere; the office head and intelligence staff of the office."""
    if can_manage_units(actor):
        return True
    roles = _roles(actor)
    if not roles & {Role.OFFICE_HEAD, Role.INTELLIGENCE}:
        return False
    own = getattr(actor, "unit", None)
    return own is not None and own.area_unit().pk == unit.area_unit().pk


def can_manage_agency_in(actor: Any, area_code: str) -> bool:
    if can_manage_units(actor):
        return True
    roles = _roles(actor)
    if not roles & {Role.OFFICE_HEAD, Role.INTELLIGENCE, Role.REGIONAL}:
        return False
    return bool(actor.get_scope().overlaps_region(area_code))


def can_manage_staff(actor: Any, *, unit: Unit | None, agency: PartnerAgency | None) -> bool:
    if can_manage_units(actor):
        return True
    if unit is not None:
        return can_manage_appointments(actor, unit) and Role.OFFICE_HEAD in _roles(actor)
    return False


def ensure_can_manage_units(actor: Any) -> None:
    if not can_manage_units(actor):
        raise PermissionDenied(_("You may not change units."))


def ensure_can_manage_appointments(actor: Any, unit: Unit) -> None:
    if not can_manage_appointments(actor, unit):
        raise PermissionDenied(_("You may not change the PIMPASA of this office."))


def ensure_can_manage_agency_in(actor: Any, area_code: str) -> None:
    if not can_manage_agency_in(actor, area_code):
        raise PermissionDenied(_("You may not register partner agencies in this area."))


def ensure_can_manage_staff(actor: Any, *, unit: Unit | None, agency: PartnerAgency | None) -> None:
    if not can_manage_staff(actor, unit=unit, agency=agency):
        raise PermissionDenied(_("You may not post staff here."))
