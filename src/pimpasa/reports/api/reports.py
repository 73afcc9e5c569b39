"""Reports API: the list, intake, a report (NIKs masked, no reporter identity), its workflow, links,
related reports, and the logged reads of a full NIK and a confidential reporter.

Rows outside the caller's scope — and reports for callers without a case role — answer 404
like missing ones; an action the caller's role may not take answers 403; refused input
422 with the service's stable code (e.g. ``invalid_transition``).
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from pimpasa.core.errors import NotFound
from pimpasa.organization.schemas import ErrorOut

from .. import permissions
from ..models import ALLOWED_TRANSITIONS, Channel, Report
from ..schemas.reports import (
    CategoryOut,
    LinkIn,
    NikOut,
    RelatedOut,
    ReportDetailOut,
    ReporterOut,
    ReportIn,
    ReportListOut,
    ReportQuery,
    TransitionIn,
)
from ..selectors import reports as selectors
from ..services import reports as services

router = Router(tags=["reports"])

_READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _ensure_reader(request: HttpRequest) -> None:
    if not permissions.can_read_reports(request.user):
        raise NotFound(_("No such report."))


def _report(request: HttpRequest, code: str) -> Report:
    _ensure_reader(request)
    return selectors.report_get(user=request.user, code=code)


def _ref(obj: Any) -> dict[str, str]:
    return {"code": obj.code, "name": obj.name, "kind": obj.kind}


def _detail_out(user: Any, detail: selectors.ReportDetail) -> dict[str, Any]:
    report = detail.report
    out = ReportListOut.from_orm(report).model_dump()
    hits = [
        {
            "person_id": row.person.pk,
            "ref": hit.entry.ref,
            "full_name": hit.entry.full_name,
            "score": float(hit.score),
            "reasons": hit.reasons,
        }
        for row in detail.people
        for hit in row.watchlist_hits
        if hit.entry is not None
    ]
    out.update(
        description=report.description,
        latitude=report.latitude,
        longitude=report.longitude,
        reliability=report.reliability,
        credibility=report.credibility,
        reporter_mode=report.reporter_mode,
        verified_at=report.verified_at,
        rejected_at=report.rejected_at,
        follow_up_at=report.follow_up_at,
        referred_at=report.referred_at,
        closed_at=report.closed_at,
        reopened_at=report.reopened_at,
        reject_reason=report.reject_reason,
        outcome=report.outcome,
        status_note=report.status_note,
        public_reply=report.public_reply,
        allowed_transitions=sorted(ALLOWED_TRANSITIONS[report.status])
        if permissions.can_triage(user, report)
        else [],
        people=[
            {
                "id": row.person.pk,
                "role": row.person.role,
                "full_name": row.person.full_name,
                "aliases": row.person.aliases,
                "nik_masked": row.nik_shown,
                "phone": row.phone_shown,
                "birth_date": row.person.birth_date,
                "sex": row.person.sex,
                "home_region": row.person.home_region_id,
            }
            for row in detail.people
        ],
        organizations=[
            {"id": o.pk, "name": o.name, "licensed_p3mi": o.licensed_p3mi} for o in detail.organizations
        ],
        attachments=detail.attachments,
        links=[{"other": link.other.tracking_code, "kind": link.kind} for link in detail.links],
        watchlist_hits=hits if detail.watchlist_hits_shown else None,
        person_matches=[
            {
                "person_id": m.here.pk,
                "other_report": m.other_report.tracking_code,
                "other_person": m.other_person.full_name,
                "other_role": m.other_person.role,
                "score": float(m.score),
                "reasons": m.reasons,
            }
            for row in detail.people
            for m in row.matches
        ],
        timeline=[
            {"at": e.created_at, "type": e.event_type, "actor": e.actor_label, "reason": e.reason}
            for e in detail.events
        ],
    )
    return out


@router.get("/reports", response=list[ReportListOut], summary="Reports the caller may read, newest first")
@paginate(LimitOffsetPagination)
def report_list(request: HttpRequest, filters: Query[ReportQuery]) -> Any:
    _ensure_reader(request)
    return selectors.report_list(user=request.user, filters=filters.filters())


@router.post(
    "/reports",
    response={201: ReportDetailOut, **_WRITE_ERRORS},
    summary="Submit a report (channel `api` for a token, `field_officer` for a signed-in officer)",
    description="Error code `validation_failed` with `details` naming each bad field, e.g. `people[0].nik`.",
)
def report_create(request: HttpRequest, body: ReportIn) -> Any:
    _ensure_reader(request)
    by_token = request.headers.get("Authorization", "").lower().startswith("bearer ")
    report = services.report_submit(
        actor=request.user,
        channel=Channel.API if by_token else Channel.FIELD_OFFICER,
        category_code=body.category,
        description=body.description,
        region_code=body.region,
        occurred_on=body.occurred_on,
        latitude=body.latitude,
        longitude=body.longitude,
        destination_country=body.destination_country,
        urgency=body.urgency.value,
        reporter_mode=body.reporter_mode.value,
        reporter_name=body.reporter_name,
        reporter_phone=body.reporter_phone,
        reporter_contact=body.reporter_contact,
        people=[p.as_input() for p in body.people],
        organizations=[o.model_dump() for o in body.organizations],
        reliability=body.reliability.value,
        credibility=body.credibility.value,
        restricted=body.restricted,
        restricted_usernames=body.restricted_usernames,
    )
    detail = selectors.report_detail(user=request.user, code=report.tracking_code)
    return Status(201, _detail_out(request.user, detail))


@router.get(
    "/reports/{code}",
    response={200: ReportDetailOut, **_READ_ERRORS},
    summary="A report with its people (NIK masked), files, links, matches and timeline",
)
def report_detail(request: HttpRequest, code: str) -> Any:
    _ensure_reader(request)
    detail = selectors.report_detail(user=request.user, code=code)
    services.report_view_record(actor=request.user, report=detail.report)
    return _detail_out(request.user, detail)


@router.post(
    "/reports/{code}/transitions",
    response={200: ReportDetailOut, **_WRITE_ERRORS},
    summary="Move a report through its workflow",
    description="Error code `invalid_transition` when the move is not allowed from the current status.",
)
def report_transition(request: HttpRequest, code: str, body: TransitionIn) -> Any:
    report = _report(request, code)
    services.report_transition(actor=request.user, report=report, to=body.to.value, **body.data())
    return _detail_out(request.user, selectors.report_detail(user=request.user, code=report.tracking_code))


@router.post(
    "/reports/{code}/links",
    response={200: ReportDetailOut, **_WRITE_ERRORS},
    summary="Link the report to another one as duplicate or related",
)
def report_link(request: HttpRequest, code: str, body: LinkIn) -> Any:
    report = _report(request, code)
    other = selectors.report_get(user=request.user, code=body.other)
    services.report_link(actor=request.user, report=report, other=other, kind=body.kind.value)
    return _detail_out(request.user, selectors.report_detail(user=request.user, code=report.tracking_code))


@router.delete(
    "/reports/{code}/links/{other}",
    response={204: None, **_WRITE_ERRORS},
    summary="Remove the link between two reports",
)
def report_unlink(request: HttpRequest, code: str, other: str) -> Any:
    report = _report(request, code)
    services.report_unlink(
        actor=request.user, report=report, other=selectors.report_get(user=request.user, code=other)
    )
    return Status(204, None)


@router.get(
    "/reports/{code}/related",
    response={200: list[RelatedOut], **_READ_ERRORS},
    summary="Reports that may concern the same thing (same person, phone, or village and category)",
)
def report_related(request: HttpRequest, code: str) -> Any:
    report = _report(request, code)
    return [
        {
            "tracking_code": item.report.tracking_code,
            "status": item.report.status,
            "category": {"code": item.report.category.code, "name": item.report.category.name},
            "region": _ref(item.report.region),
            "received_at": item.report.received_at,
            "reasons": list(item.reasons),
        }
        for item in selectors.related_reports(user=request.user, report=report)
    ]


@router.get(
    "/reports/{code}/people/{person_id}/nik",
    response={200: NikOut, **_READ_ERRORS},
    summary="A person's full NIK (intelligence roles); the read is logged",
)
def report_person_nik(request: HttpRequest, code: str, person_id: int) -> Any:
    report = _report(request, code)
    person = services.report_reveal_nik(actor=request.user, report=report, person_id=person_id)
    return {"person_id": person.pk, "nik": person.nik}


@router.get(
    "/reports/{code}/reporter",
    response={200: ReporterOut, **_READ_ERRORS},
    summary="Who made the report (a confidential one: intelligence roles, logged)",
)
def report_reporter(request: HttpRequest, code: str) -> Any:
    report = _report(request, code)
    identity = services.report_reveal_reporter(actor=request.user, report=report)
    return {
        "mode": identity.mode,
        "name": identity.name,
        "phone": identity.phone,
        "contact": identity.contact,
    }


@router.get("/report-categories", response=list[CategoryOut], summary="The active report categories")
def category_list(request: HttpRequest) -> Any:
    return [
        {
            "code": c.code,
            "name": c.name,
            "name_id": c.name_id,
            "name_en": c.name_en,
            "description": c.description,
            "public": c.public,
        }
        for c in selectors.categories()
    ]
