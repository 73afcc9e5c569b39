"""API: referrals of reports to partner agencies.

Partner users see and answer their agency's referrals; staff see the referrals of the
reports they can read, and the referring office refers, sends links and revokes. Rows
outside the caller's scope answer 404 like missing ones.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from pimpasa.organization.schemas import ErrorOut

from ..schemas.referrals import (
    ReferralCreateIn,
    ReferralDetailOut,
    ReferralLinkIn,
    ReferralOut,
    ReferralQuery,
    ReferralTransitionIn,
)
from ..selectors import referrals as selectors
from ..services import referrals as services

router = Router(tags=["referrals"])

_READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("/referrals", response=list[ReferralOut], summary="Referrals the caller may read")
@paginate(LimitOffsetPagination)
def referral_list(request: HttpRequest, filters: Query[ReferralQuery]) -> Any:
    return selectors.referral_list(user=request.user, filters=filters.filters())


@router.get(
    "/referrals/{referral_id}",
    response={200: ReferralDetailOut, **_READ_ERRORS},
    summary="A referral with what the agency may see",
)
def referral_detail(request: HttpRequest, referral_id: int) -> Any:
    referral = selectors.referral_get(user=request.user, referral_id=referral_id)
    services.referral_record_view(user=request.user, referral=referral)
    return referral


@router.post(
    "/reports/{code}/referrals",
    response={201: ReferralDetailOut, **_WRITE_ERRORS},
    summary="Refer a report to a partner agency",
    description=(
        "Intelligence staff and the head of the report's office. Sharing `victims` needs "
        "`consent_recorded` with a `consent_note`, or an `override_reason` from the office head "
        "(error code `consent_required`)."
    ),
)
def referral_create(request: HttpRequest, code: str, body: ReferralCreateIn) -> Any:
    report = selectors.referable_report(user=request.user, code=code)
    referral = services.referral_create(
        actor=request.user,
        report=report,
        agency_id=body.agency,
        reason=body.reason,
        shared_fields=[str(f.value) for f in body.shared_fields],
        consent_recorded=body.consent_recorded,
        consent_note=body.consent_note,
        override_reason=body.override_reason,
        link_to=body.link_to,
        link_channel=body.link_channel,
    )
    return Status(201, selectors.referral_get(user=request.user, referral_id=referral.pk))


@router.post(
    "/referrals/{referral_id}/transitions",
    response={200: ReferralDetailOut, **_WRITE_ERRORS},
    summary="Accept, reject, complete (the agency) or revoke (the referring office) a referral",
    description="A move the workflow does not allow answers 422 with code `invalid_transition`.",
)
def referral_transition(request: HttpRequest, referral_id: int, body: ReferralTransitionIn) -> Any:
    referral = selectors.referral_get(user=request.user, referral_id=referral_id)
    user = request.user
    match body.to:
        case "accepted":
            services.referral_accept(actor=user, referral=referral)
        case "rejected":
            services.referral_reject(actor=user, referral=referral, reason=body.reason)
        case "done":
            services.referral_complete(
                actor=user, referral=referral, feedback=body.feedback, outcome=body.outcome
            )
        case _:
            services.referral_revoke(actor=user, referral=referral, reason=body.reason)
    return selectors.referral_get(user=request.user, referral_id=referral_id)


@router.post(
    "/referrals/{referral_id}/link",
    response={200: ReferralDetailOut, **_WRITE_ERRORS},
    summary="Send the agency a signed link to the referral by e-mail, WhatsApp or SMS",
    description="The link itself is never returned nor stored; earlier links stop working.",
)
def referral_send_link(request: HttpRequest, referral_id: int, body: ReferralLinkIn) -> Any:
    referral = selectors.referral_get(user=request.user, referral_id=referral_id)
    services.referral_link_send(actor=request.user, referral=referral, to=body.to, channel=body.channel)
    return selectors.referral_get(user=request.user, referral_id=referral_id)
