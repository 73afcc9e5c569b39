"""Audit trail API: ``GET /api/v1/audit`` with the same rules and filters as the audit page."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from . import selectors
from .filters import TimelineFilters
from .scoping import REGION_CODE_RE

router = Router(tags=["audit"])


class AuditQuery(Schema):
    event_type: str = Field("", max_length=80, description="Event type, or its family (`appointment`)")
    actor: str = Field("", max_length=150, description="Username of the actor")
    target_type: str = Field("", max_length=80, description="For example `organization.pimpasaappointment`")
    region: str = Field(
        "", pattern=f"^$|{REGION_CODE_RE.pattern}", description="Region code: events there and below"
    )
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = Field("", max_length=100, description="Text in the target's label")

    def filters(self) -> TimelineFilters:
        return TimelineFilters(**self.model_dump())


class EventOut(Schema):
    id: int
    created_at: dt.datetime
    actor: str = Field(..., alias="actor_label")
    event_type: str
    target_type: str
    target_id: str
    target_label: str
    region_code: str
    reason: str
    data: dict[str, Any]
    request_id: str


@router.get("", response=list[EventOut], summary="Audit events the caller may read, newest first")
@paginate(LimitOffsetPagination)
def audit_list(request: HttpRequest, filters: Query[AuditQuery]) -> Any:
    return selectors.timeline_list(user=request.user, filters=filters.filters())
