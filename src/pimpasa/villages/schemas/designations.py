"""API shapes of DBI designations: list filters, what goes out, and the start and transition inputs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from pimpasa.core.scoping import REGION_CODE_RE

from ..filters.designations import DesignationFilters
from ..models import DesignationStatus


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


class DesignationQuery(Schema):
    status: DesignationStatus | None = None
    unit: str = Field("", max_length=60, description="Office (unit code)")
    region: str = Field("", pattern=f"^$|{REGION_CODE_RE.pattern}", description="Village lies in this region")
    year: int | None = Field(None, ge=2000, le=2100, description="Existed during this year")
    date_from: dt.date | None = Field(None, alias="from", description="Existed on or after this day")
    date_to: dt.date | None = Field(None, alias="to", description="Existed on or before this day")

    def filters(self) -> DesignationFilters:
        return DesignationFilters(
            status=self.status.value if self.status else "",
            unit=self.unit,
            region=self.region,
            year=self.year,
            date_from=self.date_from,
            date_to=self.date_to,
        )


class RegionRef(Schema):
    code: str
    name: str


class UserRef(Schema):
    username: str
    full_name: str


class ContactOut(Schema):
    name: str
    position: str
    phone: str


class AgencyRef(Schema):
    id: int
    name: str


class EvaluationOut(Schema):
    id: int
    evaluated_on: dt.date
    period: str
    score: float
    checklist: dict[str, bool]
    notes: str
    evaluated_by: str | None


class AttachmentOut(Schema):
    id: int
    stage: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class EventOut(Schema):
    created_at: dt.datetime
    event_type: str
    actor: str
    data: dict[str, Any]
    reason: str


class DesignationFields(Schema):
    id: int
    village: RegionRef
    district: RegionRef | None
    regency: RegionRef | None
    unit: str
    status: DesignationStatus
    status_label: str
    candidate_at: dt.datetime | None
    proposed_at: dt.datetime | None
    meeting_held_at: dt.datetime | None
    designated_at: dt.datetime | None
    active_at: dt.datetime | None
    evaluated_at: dt.datetime | None
    revoked_at: dt.datetime | None
    sk_number: str
    sk_date: dt.date | None
    is_dbi: bool


class DesignationOut(DesignationFields):
    """A designation in the list, resolved from the model."""

    @staticmethod
    def resolve_village(d: Any) -> dict[str, str]:
        return {"code": d.village.code, "name": d.village.name}

    @staticmethod
    def resolve_district(d: Any) -> dict[str, str] | None:
        district = d.village.parent
        return {"code": district.code, "name": district.name} if district else None

    @staticmethod
    def resolve_regency(d: Any) -> dict[str, str] | None:
        regency = d.village.parent.parent if d.village.parent else None
        return {"code": regency.code, "name": regency.name} if regency else None

    @staticmethod
    def resolve_unit(d: Any) -> str:
        return str(d.unit.code)

    @staticmethod
    def resolve_status_label(d: Any) -> str:
        return str(d.get_status_display())


class DesignationDetailOut(DesignationFields):
    justification: str
    mapping_notes: str
    proposed_by: str | None
    meeting_date: dt.date | None
    meeting_place: str
    meeting_agencies: list[AgencyRef]
    meeting_attendees: str
    meeting_minutes: str
    approved_by: str | None
    revoke_reason: str
    contacts: list[ContactOut]
    evaluations: list[EvaluationOut]
    attachments: list[AttachmentOut]
    timeline: list[EventOut]
    next_states: list[str]
    allowed_actions: list[str]


class StartIn(Schema):
    village: str = Field(
        ..., pattern=r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", description="Village code, e.g. 35.02.01.2001"
    )
    unit: str = Field(
        "", max_length=60, description="Office code (national users; default: the village's office)"
    )


class ContactIn(Schema):
    name: str = Field("", max_length=150)
    position: str = Field("", max_length=100)
    phone: str = Field("", max_length=30)


class TransitionIn(Schema):
    """The target state and the fields of that step; fields of other steps are ignored."""

    to: DesignationStatus
    justification: str = Field("", description="proposed")
    mapping_notes: str = Field("", description="proposed")
    meeting_date: dt.date | None = Field(None, description="meeting_held")
    meeting_place: str = Field("", max_length=200, description="meeting_held")
    agency_ids: list[int] = Field(default_factory=list, description="meeting_held: partner agency ids")
    attendees: str = Field("", description="meeting_held")
    minutes: str = Field("", description="meeting_held")
    sk_number: str = Field("", max_length=100, description="designated")
    sk_date: dt.date | None = Field(None, description="designated")
    contacts: list[ContactIn] = Field(default_factory=list, description="active: village focal contacts")
    evaluated_on: dt.date | None = Field(None, description="evaluated")
    period: str = Field("", max_length=20, description="evaluated, e.g. 2025-S1")
    checklist: dict[str, bool] = Field(default_factory=dict, description="evaluated: item code → met")
    notes: str = Field("", description="evaluated")
    reason: str = Field("", description="revoked")

    def step_data(self) -> dict[str, Any]:
        data = self.model_dump(exclude={"to"})
        data["contacts"] = [c.model_dump() for c in self.contacts]
        return data
