"""Reads of the organisation: units, partner agencies, officers and PIMPASA appointments.

Every function starts from ``visible_to(user)``; a row outside the user's scope
raises ``NotFound`` exactly like a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from pimpasa.core.errors import NotFound
from pimpasa.core.scoping import overlap_q
from pimpasa.regions.models import Level, Region

from .filters import AgencyFilters, OfficerFilters, UnitFilters
from .models import (
    AppointmentVillage,
    PartnerAgency,
    PimpasaAppointment,
    StaffPosting,
    Unit,
)


def _appointments_counted(user: Any) -> QuerySet[PimpasaAppointment]:
    return (
        PimpasaAppointment.objects.visible_to(user)
        .select_related("officer", "unit")
        .annotate(village_count=Count("village_links", distinct=True))
        .order_by("unit__name", "officer__username", "-decree_date", "id")
    )


def unit_list(*, user: Any, filters: UnitFilters | None = None) -> QuerySet[Unit]:
    """Return the units the user may read, with their work area and parent loaded."""
    units = (
        Unit.objects.visible_to(user)
        .select_related("parent", "province")
        .prefetch_related(Prefetch("work_area", queryset=Region.objects.order_by("code")))
        .order_by("name")
    )
    return (filters or UnitFilters()).apply(units)


def unit_get(*, user: Any, code: str) -> Unit:
    """Return the unit ``code`` if the user may read it."""
    unit = (
        Unit.objects.visible_to(user)
        .select_related("parent", "province")
        .prefetch_related(Prefetch("work_area", queryset=Region.objects.order_by("code")))
        .filter(code=code)
        .first()
    )
    if unit is None:
        raise NotFound(_("No such unit."))
    return unit


@dataclass
class UnitDetail:
    """A unit with what its page shows: staff, PIMPASA and partner agencies of its area."""

    unit: Unit
    work_area: list[Region]
    staff: list[StaffPosting]
    appointments: list[PimpasaAppointment]
    agencies: list[PartnerAgency]
    children: list[Unit] = field(default_factory=list)


def unit_detail(*, user: Any, code: str) -> UnitDetail:
    """Return the unit ``code`` with its staff, PIMPASA (and their villages) and partner agencies."""
    unit = unit_get(user=user, code=code)
    area_codes = unit.area_codes()
    staff = list(
        StaffPosting.objects.visible_to(user)
        .active()
        .filter(unit=unit)
        .select_related("user")
        .order_by("user__username")
    )
    appointments = list(
        _appointments_counted(user)
        .filter(unit=unit)
        .prefetch_related(
            Prefetch(
                "village_links",
                queryset=AppointmentVillage.objects.select_related("village").order_by("village_id"),
            )
        )
    )
    agencies: list[PartnerAgency] = []
    if area_codes:
        agencies = list(
            PartnerAgency.objects.visible_to(user)
            .filter(overlap_q("area__code", area_codes))
            .select_related("area")
            .order_by("name")
        )
    children = list(Unit.objects.visible_to(user).filter(parent=unit).order_by("name"))
    return UnitDetail(
        unit=unit,
        work_area=list(unit.work_area.all()),
        staff=staff,
        appointments=appointments,
        agencies=agencies,
        children=children,
    )


def agency_list(*, user: Any, filters: AgencyFilters | None = None) -> QuerySet[PartnerAgency]:
    """Return the partner agencies the user may read, with their area loaded."""
    agencies = PartnerAgency.objects.visible_to(user).select_related("area").order_by("name", "id")
    return (filters or AgencyFilters()).apply(agencies)


def agency_get(*, user: Any, agency_id: int) -> PartnerAgency:
    """Return partner agency ``agency_id`` if the user may read it."""
    agency = PartnerAgency.objects.visible_to(user).select_related("area").filter(pk=agency_id).first()
    if agency is None:
        raise NotFound(_("No such partner agency."))
    return agency


def agency_units(*, user: Any, agency: PartnerAgency) -> list[Unit]:
    """Return the offices the user may read whose work area shares ground with the agency's area."""
    code = agency.area_id
    return list(
        Unit.objects.visible_to(user)
        .offices()
        .filter(overlap_q("work_area__code", [code]))
        .distinct()
        .order_by("name")
    )


def officer_list(*, user: Any, filters: OfficerFilters | None = None) -> QuerySet[StaffPosting]:
    """Return the active staff postings the user may read, each with the officer's PIMPASA appointments.

    ``posting.user.visible_appointments`` holds the appointments (with ``village_count``)
    that the reading user may see.
    """
    postings = (
        StaffPosting.objects.visible_to(user)
        .active()
        .select_related("user", "unit", "agency")
        .prefetch_related(
            Prefetch(
                "user__pimpasa_appointments",
                queryset=_appointments_counted(user),
                to_attr="visible_appointments",
            )
        )
        .order_by("user__username", "id")
    )
    return (filters or OfficerFilters()).apply(postings)


@dataclass
class OfficerDetail:
    """An officer's active posting and the PIMPASA appointments the reader may see."""

    posting: StaffPosting
    appointments: list[PimpasaAppointment]


def officer_get(*, user: Any, username: str) -> OfficerDetail:
    """Return the officer ``username`` (active posting and appointments) if the user may read them."""
    posting = (
        StaffPosting.objects.visible_to(user)
        .active()
        .select_related("user", "unit", "agency")
        .filter(user__username=username)
        .first()
    )
    if posting is None:
        raise NotFound(_("No such officer."))
    appointments = list(
        _appointments_counted(user)
        .filter(officer=posting.user)
        .prefetch_related(
            Prefetch(
                "village_links",
                queryset=AppointmentVillage.objects.select_related("village").order_by("village_id"),
            )
        )
    )
    return OfficerDetail(posting=posting, appointments=appointments)


def appointment_get(*, user: Any, appointment_id: int) -> PimpasaAppointment:
    """Return PIMPASA appointment ``appointment_id`` if the user may read it."""
    appointment = (
        PimpasaAppointment.objects.visible_to(user)
        .select_related("officer", "unit__parent")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None:
        raise NotFound(_("No such PIMPASA appointment."))
    return appointment


@dataclass
class VillageRow:
    """An assigned village with its kecamatan and kabupaten/kota."""

    village: Region
    district: Region | None
    regency: Region | None


def appointment_villages(*, appointment: PimpasaAppointment) -> list[VillageRow]:
    """Return the appointment's villages with their kecamatan and kabupaten/kota, by code."""
    villages = list(
        Region.objects.filter(pk__in=appointment.village_links.values("village_id"))
        .select_related("parent__parent")
        .order_by("code")
    )
    rows = []
    for village in villages:
        district = village.parent
        rows.append(
            VillageRow(village=village, district=district, regency=district.parent if district else None)
        )
    return rows


def villages_by_code(*, codes: set[str] | list[str]) -> list[Region]:
    """Return the villages among ``codes`` (public reference data), by code."""
    return list(Region.objects.villages().filter(code__in=list(codes)).order_by("code")) if codes else []


def work_area_districts(*, unit: Unit) -> list[Region]:
    """Return the kecamatan of the unit's work area, ordered by kabupaten/kota and name."""
    area = unit.area_codes()
    if not area:
        return []
    return list(
        Region.objects.filter(level=Level.DISTRICT, parent_id__in=area)
        .select_related("parent")
        .order_by("parent__code", "name")
    )


def district_villages(*, unit: Unit, district_code: str) -> list[Region]:
    """Return the villages of kecamatan ``district_code`` if it lies in the unit's work area."""
    area = unit.area_codes()
    if not any(district_code.startswith(a + ".") for a in area):
        return []
    return list(Region.objects.filter(level=Level.VILLAGE, parent_id=district_code).order_by("name"))
