"""Writes to the organisation: units and work areas, partner agencies, postings, PIMPASA appointments.

Every function runs in a transaction, checks the actor's permission, and records
a timeline event with old and new values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from pimpasa.core.audit import event_record
from pimpasa.core.errors import ValidationFailed
from pimpasa.core.roles import Role
from pimpasa.regions.models import Level, Region

from . import permissions
from .models import (
    AREA_KINDS,
    AppointmentStatus,
    AppointmentVillage,
    PartnerAgency,
    PimpasaAppointment,
    StaffPosting,
    Unit,
    UnitKind,
    WorkAreaRegion,
)


def _regions_at_level(codes: Iterable[str], level: int, field: str) -> list[Region]:
    codes = sorted(set(codes))
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationFailed(
            _("Unknown region codes: %(codes)s") % {"codes": ", ".join(missing)}, details={field: missing}
        )
    wrong = [c for c in codes if found[c].level != level]
    if wrong:
        raise ValidationFailed(
            _("These regions are not at the expected level: %(codes)s") % {"codes": ", ".join(wrong)},
            details={field: wrong},
        )
    return [found[c] for c in codes]


def unit_create(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    kanim_class: str = "",
    has_tpi: bool = False,
    province_code: str | None = None,
    work_area_codes: Iterable[str] = (),
) -> Unit:
    """Create a unit with its work area (Kanim, Rudenim) or province (Kanwil)."""
    permissions.ensure_can_manage_units(actor)
    if kind != UnitKind.KANIM and kanim_class:
        raise ValidationFailed(_("Only an immigration office has a class."), details={"kanim_class": kind})
    if kind == UnitKind.KANWIL and not province_code:
        raise ValidationFailed(_("A regional office needs its province."), details={"province": None})
    work_area = list(work_area_codes)
    if work_area and kind not in AREA_KINDS:
        raise ValidationFailed(
            _("Only offices and detention centres have a work area."), details={"work_area": work_area}
        )
    if province_code:
        _regions_at_level([province_code], Level.PROVINCE, "province")
    with transaction.atomic():
        unit = Unit.objects.create(
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            kanim_class=kanim_class,
            has_tpi=has_tpi,
            province_id=province_code,
        )
        regions = _regions_at_level(work_area, Level.REGENCY, "work_area") if work_area else []
        WorkAreaRegion.objects.bulk_create([WorkAreaRegion(unit=unit, region=r) for r in regions])
        event_record(
            actor=actor,
            event_type="unit.created",
            target=unit,
            region_code=unit.region_code(),
            data={
                "new": {
                    "name": name,
                    "kind": kind,
                    "work_area": [r.code for r in regions],
                    "province": province_code,
                }
            },
        )
    return unit


def unit_set_work_area(*, actor: Any, unit: Unit, region_codes: Iterable[str]) -> Unit:
    """Replace the kabupaten/kota of an office's work area."""
    permissions.ensure_can_manage_units(actor)
    if unit.kind not in AREA_KINDS:
        raise ValidationFailed(_("Only offices and detention centres have a work area."))
    regions = _regions_at_level(region_codes, Level.REGENCY, "work_area")
    with transaction.atomic():
        old = sorted(unit.work_area.values_list("code", flat=True))
        new = [r.code for r in regions]
        if old == new:
            return unit
        unit.work_area_links.exclude(region_id__in=new).delete()
        WorkAreaRegion.objects.bulk_create(
            [WorkAreaRegion(unit=unit, region=r) for r in regions if r.code not in old]
        )
        event_record(
            actor=actor,
            event_type="unit.work_area_changed",
            target=unit,
            region_code=unit.region_code(),
            data={"old": {"work_area": old}, "new": {"work_area": new}},
        )
    return unit


def agency_create(
    *,
    actor: Any,
    kind: str,
    name: str,
    area_code: str,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    address: str = "",
) -> PartnerAgency:
    """Register a partner agency for an area (province, kabupaten/kota, kecamatan or village)."""
    permissions.ensure_can_manage_agency_in(actor, area_code)
    if not Region.objects.filter(code=area_code).exists():
        raise ValidationFailed(
            _("Unknown region code: %(code)s") % {"code": area_code}, details={"area": area_code}
        )
    with transaction.atomic():
        agency = PartnerAgency.objects.create(
            kind=kind,
            name=name,
            area_id=area_code,
            contact_name=contact_name,
            contact_phone=contact_phone,
            contact_email=contact_email,
            address=address,
        )
        event_record(
            actor=actor,
            event_type="agency.created",
            target=agency,
            region_code=area_code,
            data={"new": {"name": name, "kind": kind, "area": area_code}},
        )
    return agency


def posting_set(
    *,
    actor: Any,
    user: Any,
    roles: Iterable[str],
    unit: Unit | None = None,
    agency: PartnerAgency | None = None,
    position: str = "",
    started_on: dt.date | None = None,
) -> StaffPosting:
    """Post ``user`` at a unit (or a partner agency) with ``roles``, ending any earlier active posting."""
    permissions.ensure_can_manage_staff(actor, unit=unit, agency=agency)
    roles = sorted(set(roles))
    unknown = [r for r in roles if r not in Role.values]
    if unknown or not roles:
        raise ValidationFailed(
            _("Unknown or missing roles: %(roles)s") % {"roles": ", ".join(unknown) or "—"},
            details={"roles": unknown},
        )
    if (unit is None) == (agency is None):
        raise ValidationFailed(_("A posting is at exactly one unit or one partner agency."))
    if agency is not None and roles != [Role.PARTNER]:
        raise ValidationFailed(
            _("Users of a partner agency hold the partner role only."), details={"roles": roles}
        )
    if unit is not None and Role.PARTNER in roles:
        raise ValidationFailed(
            _("The partner role belongs to users of a partner agency."), details={"roles": roles}
        )
    with transaction.atomic():
        previous = StaffPosting.objects.select_for_update().filter(user=user, active=True).first()
        old = None
        if previous is not None:
            old = {"unit": previous.unit_id, "agency": previous.agency_id, "roles": previous.roles}
            previous.active = False
            previous.save(update_fields=["active"])
        posting = StaffPosting.objects.create(
            user=user, unit=unit, agency=agency, roles=roles, position=position, started_on=started_on
        )
        event_record(
            actor=actor,
            event_type="posting.set",
            target=posting,
            region_code=posting.region_code(),
            data={
                "old": old,
                "new": {
                    "user": user.username,
                    "unit": unit.pk if unit else None,
                    "agency": agency.pk if agency else None,
                    "roles": roles,
                },
            },
        )
    user.__dict__.pop("posting", None)
    user.__dict__.pop("scope", None)
    return posting


def _check_villages_in_area(unit: Unit, codes: list[str]) -> list[Region]:
    villages = _regions_at_level(codes, Level.VILLAGE, "villages")
    area = unit.area_codes()
    outside = [v.code for v in villages if not any(v.code.startswith(a + ".") for a in area)]
    if outside:
        raise ValidationFailed(
            _("These villages lie outside the work area of %(unit)s: %(codes)s")
            % {"unit": unit.name, "codes": ", ".join(outside)},
            code="village_outside_work_area",
            details={"villages": outside, "work_area": list(area)},
        )
    return villages


def appointment_create(
    *,
    actor: Any,
    officer: Any,
    unit: Unit,
    decree_number: str,
    decree_date: dt.date,
    village_codes: Iterable[str] = (),
) -> PimpasaAppointment:
    """Appoint ``officer`` as PIMPASA of ``unit`` by decree, with villages inside the unit's work area."""
    permissions.ensure_can_manage_appointments(actor, unit)
    if unit.kind not in AREA_KINDS:
        raise ValidationFailed(_("PIMPASA are appointed by an immigration office or detention centre."))
    if not decree_number.strip():
        raise ValidationFailed(_("The decree number is required."), details={"decree_number": ""})
    codes = sorted(set(village_codes))
    villages = _check_villages_in_area(unit, codes) if codes else []
    with transaction.atomic():
        # Lock the officer so two simultaneous appointments cannot both pass the check below.
        get_user_model().objects.select_for_update().filter(pk=officer.pk).first()
        if PimpasaAppointment.objects.active().filter(officer=officer, unit=unit).exists():
            raise ValidationFailed(
                _("%(officer)s already holds an active PIMPASA appointment at this office.")
                % {"officer": officer},
                code="appointment_exists",
                details={"officer": officer.username},
            )
        appointment = PimpasaAppointment.objects.create(
            officer=officer, unit=unit, decree_number=decree_number.strip(), decree_date=decree_date
        )
        AppointmentVillage.objects.bulk_create(
            [AppointmentVillage(appointment=appointment, village=v) for v in villages]
        )
        event_record(
            actor=actor,
            event_type="appointment.created",
            target=appointment,
            region_code=unit.region_code(),
            data={
                "new": {
                    "officer": officer.username,
                    "decree_number": decree_number,
                    "decree_date": decree_date.isoformat(),
                    "villages": codes,
                }
            },
        )
    officer.__dict__.pop("scope", None)
    return appointment


def _lock_open_appointment(appointment: PimpasaAppointment) -> None:
    """Lock the appointment row for this transaction and refuse it when it has ended.

    Concurrent edits of one appointment then run one after the other, each seeing the
    other's villages and status, instead of colliding on the unique constraint.
    """
    current = PimpasaAppointment.objects.select_for_update().only("status").get(pk=appointment.pk)
    appointment.status = current.status
    if current.status == AppointmentStatus.ENDED:
        raise ValidationFailed(_("This appointment has ended."), code="appointment_ended")


def appointment_set_villages(
    *, actor: Any, appointment: PimpasaAppointment, village_codes: Iterable[str], reason: str = ""
) -> PimpasaAppointment:
    """Replace the villages of a PIMPASA appointment; they must lie inside the unit's work area."""
    permissions.ensure_can_manage_appointments(actor, appointment.unit)
    codes = sorted(set(village_codes))
    villages = _check_villages_in_area(appointment.unit, codes)
    with transaction.atomic():
        _lock_open_appointment(appointment)
        old = sorted(appointment.village_links.values_list("village_id", flat=True))
        if old == codes:
            return appointment
        appointment.village_links.exclude(village_id__in=codes).delete()
        AppointmentVillage.objects.bulk_create(
            [AppointmentVillage(appointment=appointment, village=v) for v in villages if v.code not in old]
        )
        names = dict(Region.objects.filter(code__in=set(old) | set(codes)).values_list("code", "name"))
        event_record(
            actor=actor,
            event_type="appointment.villages_changed",
            target=appointment,
            region_code=appointment.unit.region_code(),
            reason=reason,
            data={
                "old": {"villages": [f"{c} {names.get(c, '')}".strip() for c in old]},
                "new": {"villages": [f"{c} {names.get(c, '')}".strip() for c in codes]},
            },
        )
    return appointment


def appointment_end(*, actor: Any, appointment: PimpasaAppointment, reason: str) -> PimpasaAppointment:
    """End an appointment (the officer moved or the decree was replaced)."""
    permissions.ensure_can_manage_appointments(actor, appointment.unit)
    if not reason.strip():
        raise ValidationFailed(_("Give a reason."), details={"reason": ""})
    with transaction.atomic():
        _lock_open_appointment(appointment)
        old = appointment.status
        appointment.status = AppointmentStatus.ENDED
        appointment.save(update_fields=["status"])
        event_record(
            actor=actor,
            event_type="appointment.ended",
            target=appointment,
            region_code=appointment.unit.region_code(),
            reason=reason,
            data={"old": {"status": old}, "new": {"status": AppointmentStatus.ENDED}},
        )
    return appointment
