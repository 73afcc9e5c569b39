"""API shapes of the organisation: what goes out for units, agencies, officers and appointments, and in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from pimpasa.core.roles import Role
from pimpasa.core.scoping import REGION_CODE_RE

from .filters import AgencyFilters, OfficerFilters, UnitFilters
from .models import AgencyKind, UnitKind

REGION_CODE_PATTERN = REGION_CODE_RE.pattern


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


class RegionRef(Schema):
    code: str
    name: str
    kind: str


class UnitFields(Schema):
    code: str
    name: str
    kind: str
    kanim_class: str
    has_tpi: bool
    parent: str | None
    province: RegionRef | None
    work_area: list[RegionRef]
    active: bool


class UnitOut(UnitFields):
    @staticmethod
    def resolve_parent(unit: Any) -> str | None:
        return unit.parent.code if unit.parent_id else None

    @staticmethod
    def resolve_work_area(unit: Any) -> list[Any]:
        return list(unit.work_area.all())


class AgencyOut(Schema):
    id: int
    kind: str
    name: str
    area: RegionRef
    address: str
    contact_name: str
    contact_phone: str
    contact_email: str
    active: bool


class AppointmentSummaryOut(Schema):
    id: int
    officer: str
    unit: str
    decree_number: str
    decree_date: dt.date
    status: str
    village_count: int

    @staticmethod
    def resolve_officer(appointment: Any) -> str:
        return str(appointment.officer.username)

    @staticmethod
    def resolve_unit(appointment: Any) -> str:
        return str(appointment.unit.code)


class VillageOut(Schema):
    code: str
    name: str
    kind: str
    district: RegionRef | None
    regency: RegionRef | None


class AppointmentOut(Schema):
    id: int
    officer: str
    officer_name: str
    unit: str
    decree_number: str
    decree_date: dt.date
    status: str
    villages: list[VillageOut]


class StaffFields(Schema):
    username: str
    full_name: str
    unit: str | None
    agency: int | None
    roles: list[str]
    position: str


class StaffOut(StaffFields):
    @staticmethod
    def resolve_username(posting: Any) -> str:
        return str(posting.user.username)

    @staticmethod
    def resolve_full_name(posting: Any) -> str:
        return str(posting.user.full_name)

    @staticmethod
    def resolve_unit(posting: Any) -> str | None:
        return posting.unit.code if posting.unit_id else None

    @staticmethod
    def resolve_agency(posting: Any) -> int | None:
        return posting.agency_id


class OfficerOut(StaffOut):
    appointments: list[AppointmentSummaryOut]

    @staticmethod
    def resolve_appointments(posting: Any) -> list[Any]:
        return list(getattr(posting.user, "visible_appointments", []))


class OfficerDetailOut(StaffFields):
    appointments: list[AppointmentOut]


class UnitDetailOut(UnitFields):
    staff: list[StaffOut]
    appointments: list[AppointmentSummaryOut]
    agencies: list[AgencyOut]
    children: list[str]


class VillagesIn(Schema):
    villages: list[str] = Field(..., description="Village codes such as 35.02.01.2001; replaces the set.")
    reason: str = Field(..., min_length=1, max_length=500, description="Recorded on the audit trail.")


class UnitQuery(Schema):
    kind: UnitKind | None = None
    region: str = Field("", pattern=f"^$|{REGION_CODE_PATTERN}", description="Work area touches this region")
    q: str = Field("", max_length=100, description="Text in the name or code")

    def filters(self) -> UnitFilters:
        return UnitFilters(kind=self.kind.value if self.kind else "", region=self.region, q=self.q)


class AgencyQuery(Schema):
    kind: AgencyKind | None = None
    area: str = Field("", pattern=f"^$|{REGION_CODE_PATTERN}", description="Area is this region or below")
    q: str = Field("", max_length=100, description="Text in the name")

    def filters(self) -> AgencyFilters:
        return AgencyFilters(kind=self.kind.value if self.kind else "", area=self.area, q=self.q)


class OfficerQuery(Schema):
    unit: str = Field("", max_length=60, description="Unit code")
    role: Role | None = None
    pimpasa: bool = Field(False, description="Only officers with a PIMPASA appointment")
    q: str = Field("", max_length=100, description="Text in the username or full name")

    def filters(self) -> OfficerFilters:
        return OfficerFilters(
            unit=self.unit, role=self.role.value if self.role else "", pimpasa=self.pimpasa, q=self.q
        )
