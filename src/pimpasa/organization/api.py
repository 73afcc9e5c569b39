"""Organisation API: units, partner agencies, officers, PIMPASA appointments.

Rows outside the caller's scope answer 404 like missing ones; refused writes
answer with the error shape and the service's stable code.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate

from . import selectors, services
from .models import PimpasaAppointment
from .schemas import (
    AgencyOut,
    AgencyQuery,
    AppointmentOut,
    ErrorOut,
    OfficerDetailOut,
    OfficerOut,
    OfficerQuery,
    UnitDetailOut,
    UnitOut,
    UnitQuery,
    VillagesIn,
)

router = Router(tags=["organization"])

_READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _region_ref(region: Any) -> dict[str, str] | None:
    if region is None:
        return None
    return {"code": region.code, "name": region.name, "kind": region.kind}


def _appointment_out(appointment: PimpasaAppointment) -> dict[str, Any]:
    rows = selectors.appointment_villages(appointment=appointment)
    return {
        "id": appointment.pk,
        "officer": appointment.officer.username,
        "officer_name": str(appointment.officer),
        "unit": appointment.unit.code,
        "decree_number": appointment.decree_number,
        "decree_date": appointment.decree_date,
        "status": appointment.status,
        "villages": [
            {
                "code": row.village.code,
                "name": row.village.name,
                "kind": row.village.kind,
                "district": _region_ref(row.district),
                "regency": _region_ref(row.regency),
            }
            for row in rows
        ],
    }


@router.get("/units", response=list[UnitOut], summary="Units the caller may read")
@paginate(LimitOffsetPagination)
def unit_list(request: HttpRequest, filters: Query[UnitQuery]) -> Any:
    return selectors.unit_list(user=request.user, filters=filters.filters())


@router.get(
    "/units/{code}",
    response={200: UnitDetailOut, **_READ_ERRORS},
    summary="A unit with its work area, staff, PIMPASA and partner agencies",
)
def unit_detail(request: HttpRequest, code: str) -> Any:
    detail = selectors.unit_detail(user=request.user, code=code)
    out = UnitOut.from_orm(detail.unit).model_dump()
    out.update(
        staff=detail.staff,
        appointments=detail.appointments,
        agencies=detail.agencies,
        children=[child.code for child in detail.children],
    )
    return out


@router.get("/agencies", response=list[AgencyOut], summary="Partner agencies the caller may read")
@paginate(LimitOffsetPagination)
def agency_list(request: HttpRequest, filters: Query[AgencyQuery]) -> Any:
    return selectors.agency_list(user=request.user, filters=filters.filters())


@router.get("/agencies/{agency_id}", response={200: AgencyOut, **_READ_ERRORS}, summary="A partner agency")
def agency_detail(request: HttpRequest, agency_id: int) -> Any:
    return selectors.agency_get(user=request.user, agency_id=agency_id)


@router.get("/officers", response=list[OfficerOut], summary="Staff postings with their PIMPASA appointments")
@paginate(LimitOffsetPagination)
def officer_list(request: HttpRequest, filters: Query[OfficerQuery]) -> Any:
    return selectors.officer_list(user=request.user, filters=filters.filters())


@router.get(
    "/officers/{username}",
    response={200: OfficerDetailOut, **_READ_ERRORS},
    summary="An officer's posting and PIMPASA appointments",
)
def officer_detail(request: HttpRequest, username: str) -> Any:
    detail = selectors.officer_get(user=request.user, username=username)
    posting = detail.posting
    return {
        "username": posting.user.username,
        "full_name": posting.user.full_name,
        "unit": posting.unit.code if posting.unit else None,
        "agency": posting.agency_id,
        "roles": posting.roles,
        "position": posting.position,
        "appointments": [_appointment_out(a) for a in detail.appointments],
    }


@router.get(
    "/appointments/{appointment_id}",
    response={200: AppointmentOut, **_READ_ERRORS},
    summary="A PIMPASA appointment with its villages",
)
def appointment_detail(request: HttpRequest, appointment_id: int) -> Any:
    return _appointment_out(selectors.appointment_get(user=request.user, appointment_id=appointment_id))


@router.put(
    "/appointments/{appointment_id}/villages",
    response={200: AppointmentOut, **_WRITE_ERRORS},
    summary="Replace the villages of a PIMPASA appointment",
    description="Villages must lie inside the office's work area (error code `village_outside_work_area`).",
)
def appointment_set_villages(request: HttpRequest, appointment_id: int, body: VillagesIn) -> Any:
    appointment = selectors.appointment_get(user=request.user, appointment_id=appointment_id)
    services.appointment_set_villages(
        actor=request.user, appointment=appointment, village_codes=body.villages, reason=body.reason
    )
    return _appointment_out(appointment)
