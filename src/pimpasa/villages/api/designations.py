"""API of DBI designations: list, detail, start, transitions and the certificate.

Rows outside the caller's scope, and every row for administrators and partner users,
answer 404 like missing ones; refused steps answer with the service's stable code
(422 ``invalid_transition`` and validation, 403 ``approval_required`` and ``permission_denied``).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate

from pimpasa.core.errors import NotFound, PermissionDenied
from pimpasa.organization.models import Unit

from .. import documents
from ..models import Designation
from ..schemas.designations import (
    DesignationDetailOut,
    DesignationOut,
    DesignationQuery,
    ErrorOut,
    StartIn,
    TransitionIn,
)
from ..selectors import designations as selectors
from ..services import designations as services

router = Router(tags=["villages"])

_READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _ref(region: Any) -> dict[str, str] | None:
    return {"code": region.code, "name": region.name} if region is not None else None


def _user(user: Any) -> str | None:
    return user.username if user is not None else None


def designation_out(designation: Designation) -> dict[str, Any]:
    """Return the list shape of a designation (village, hierarchy, status, timestamps, SK)."""
    district = designation.village.parent
    return {
        "id": designation.pk,
        "village": _ref(designation.village),
        "district": _ref(district),
        "regency": _ref(district.parent if district else None),
        "unit": designation.unit.code,
        "status": designation.status,
        "status_label": designation.get_status_display(),
        **{f"{s}_at": getattr(designation, f"{s}_at") for s in services.ORDER},
        "sk_number": designation.sk_number,
        "sk_date": designation.sk_date,
        "is_dbi": designation.is_dbi,
    }


def _detail_out(request: HttpRequest, designation_id: int) -> dict[str, Any]:
    detail = selectors.designation_detail(user=request.user, designation_id=designation_id)
    d = detail.designation
    return {
        **designation_out(d),
        "justification": d.justification,
        "mapping_notes": d.mapping_notes,
        "proposed_by": _user(d.proposed_by),
        "meeting_date": d.meeting_date,
        "meeting_place": d.meeting_place,
        "meeting_agencies": [{"id": a.pk, "name": a.name} for a in detail.agencies],
        "meeting_attendees": d.meeting_attendees,
        "meeting_minutes": d.meeting_minutes,
        "approved_by": _user(d.approved_by),
        "revoke_reason": d.revoke_reason,
        "contacts": detail.contacts,
        "evaluations": [
            {
                "id": e.pk,
                "evaluated_on": e.evaluated_on,
                "period": e.period,
                "score": e.score,
                "checklist": e.checklist,
                "notes": e.notes,
                "evaluated_by": _user(e.evaluated_by),
            }
            for e in detail.evaluations
        ],
        "attachments": detail.attachments,
        "timeline": [
            {
                "created_at": e.created_at,
                "event_type": e.event_type,
                "actor": e.actor_label,
                "data": e.data,
                "reason": e.reason,
            }
            for e in detail.timeline
        ],
        "next_states": detail.next_states,
        "allowed_actions": services.next_actions(request.user, d),
    }


@router.get("/designations", response=list[DesignationOut], summary="DBI designations the caller may read")
@paginate(LimitOffsetPagination)
def designation_list(request: HttpRequest, filters: Query[DesignationQuery]) -> Any:
    return selectors.designation_list(user=request.user, filters=filters.filters())


@router.get(
    "/designations/{designation_id}",
    response={200: DesignationDetailOut, **_READ_ERRORS},
    summary="A designation with its steps, contacts, evaluations, documents and timeline",
)
def designation_detail(request: HttpRequest, designation_id: int) -> Any:
    return _detail_out(request, designation_id)


@router.post(
    "/designations",
    response={201: DesignationDetailOut, **_WRITE_ERRORS},
    summary="Put a village up as a DBI candidate",
    description="Error codes: `designation_exists`, `village_outside_work_area`, `unknown_village`.",
)
def designation_start(request: HttpRequest, body: StartIn) -> Any:
    selectors.village_for_start(user=request.user, code=body.village)
    unit = None
    if body.unit:
        unit = Unit.objects.visible_to(request.user).filter(code=body.unit).first()
        if unit is None:
            raise NotFound(_("No such office."))
    designation = services.designation_start(actor=request.user, village_code=body.village, unit=unit)
    return 201, _detail_out(request, designation.pk)


@router.post(
    "/designations/{designation_id}/transitions",
    response={200: DesignationDetailOut, **_WRITE_ERRORS},
    summary="Move a designation to its next state with that step's fields",
    description=(
        "`to` is the next state: proposed (justification, mapping_notes), meeting_held (meeting_date, "
        "meeting_place, agency_ids, attendees, minutes), designated (sk_number, sk_date; office head "
        "only, else 403 `approval_required`), active (contacts; needs a PIMPASA, else 422 `no_pimpasa`), "
        "evaluated (evaluated_on, period, checklist, notes), revoked (reason; office head only). "
        "A skipped step answers 422 `invalid_transition`."
    ),
)
def designation_transition(request: HttpRequest, designation_id: int, body: TransitionIn) -> Any:
    designation = selectors.designation_get(user=request.user, designation_id=designation_id)
    if not services.can_act(request.user, designation):
        raise PermissionDenied(_("You may not change this designation."))
    services.designation_transition(
        actor=request.user, designation=designation, to=body.to.value, **body.step_data()
    )
    return 200, _detail_out(request, designation_id)


@router.get(
    "/designations/{designation_id}/certificate.pdf",
    response={200: None, **_READ_ERRORS},
    summary="The certificate (Piagam Desa Binaan Imigrasi) of a designated village, as PDF",
)
def designation_certificate(request: HttpRequest, designation_id: int) -> HttpResponse:
    designation = selectors.designation_get(user=request.user, designation_id=designation_id)
    if not designation.is_dbi:
        raise NotFound(_("Only a designated village has a certificate."), code="not_designated")
    pdf = documents.certificate_pdf(
        designation=designation, head=selectors.certificate_signer(designation=designation)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="piagam-dbi-{designation.village_id}.pdf"'
    return response
