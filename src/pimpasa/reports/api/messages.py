"""API: the message gateway's webhook and the office inbox.

``POST /inbound/messages`` takes messages from a gateway client (bearer token of a user
with the permission ``reports.add_inboundmessage`` posted at an office) and is
idempotent on the gateway's id: the first post answers 201, a repeat 200 with the same
message. The inbox endpoints serve office staff like the inbox pages.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from pimpasa.accounts.api import BearerTokenAuth
from pimpasa.core.errors import PermissionDenied
from pimpasa.organization.schemas import ErrorOut

from ..schemas.messages import (
    InboundAttachIn,
    InboundConvertIn,
    InboundConvertOut,
    InboundDismissIn,
    InboundMessageIn,
    InboundMessageOut,
    InboundReceiptOut,
    InboxQuery,
)
from ..selectors import messages as selectors
from ..services import messages as services

router = Router(tags=["messages"])

_READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class GatewayTokenAuth(BearerTokenAuth):
    """A bearer token whose user is a gateway client; any other token is as good as none (401)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = super().authenticate(request, token)
        if user is None or not services.is_gateway_client(user):
            return None
        return user


@router.post(
    "/inbound/messages",
    auth=GatewayTokenAuth(),
    response={200: InboundReceiptOut, 201: InboundReceiptOut, 401: ErrorOut, 422: ErrorOut},
    summary="Receive a WhatsApp or SMS message from the gateway (idempotent on its id)",
    description=(
        "201 when the message is new, 200 with the same stored message when the gateway's `id` "
        "was posted before (its content is not compared). Media are references the gateway keeps."
    ),
)
def inbound_receive(request: HttpRequest, body: InboundMessageIn) -> Any:
    message, created = services.inbound_receive(
        gateway=request.user,
        external_id=body.id,
        channel=body.channel,
        sender=body.sender,
        text=body.text,
        media=[item.model_dump(exclude_none=True) for item in body.media],
        received_at=body.received_at,
    )
    return Status(201 if created else 200, message)


def _ensure_reader(request: HttpRequest) -> None:
    if not services.can_read_inbox(request.user):
        raise PermissionDenied(_("Field officers, intelligence staff and the office head read the inbox."))


@router.get(
    "/inbound/messages",
    response={200: list[InboundMessageOut], **_READ_ERRORS},
    summary="The caller's office inbox, new messages first",
)
@paginate(LimitOffsetPagination)
def inbox_list(request: HttpRequest, filters: Query[InboxQuery]) -> Any:
    _ensure_reader(request)
    return selectors.inbox_list(user=request.user, filters=filters.filters())


@router.get(
    "/inbound/messages/{message_id}",
    response={200: InboundMessageOut, **_READ_ERRORS},
    summary="One message of the caller's inbox",
)
def inbox_detail(request: HttpRequest, message_id: int) -> Any:
    return selectors.inbox_get(user=request.user, message_id=message_id)


@router.post(
    "/inbound/messages/{message_id}/convert",
    response={201: InboundConvertOut, **_WRITE_ERRORS},
    summary="Turn a message into a report; the sender is sent the tracking code",
    description="Error codes: `message_already_handled`, `permission_denied`, and those of report intake.",
)
def inbox_convert(request: HttpRequest, message_id: int, body: InboundConvertIn) -> Any:
    message = selectors.inbox_get(user=request.user, message_id=message_id)
    report = services.inbound_convert(
        actor=request.user,
        message=message,
        category_code=body.category,
        region_code=body.region,
        description=body.description,
        occurred_on=body.occurred_on,
        urgency=body.urgency,
        reporter_mode=body.reporter_mode,
        reporter_name=body.reporter_name,
    )
    return Status(201, {"tracking_code": report.tracking_code, "message": message})


@router.post(
    "/inbound/messages/{message_id}/attach",
    response={200: InboundMessageOut, **_WRITE_ERRORS},
    summary="Attach a message to a report the caller can read, by tracking code",
    description="Error codes: `report_not_found`, `message_already_handled`, `permission_denied`.",
)
def inbox_attach(request: HttpRequest, message_id: int, body: InboundAttachIn) -> Any:
    message = selectors.inbox_get(user=request.user, message_id=message_id)
    services.inbound_attach(actor=request.user, message=message, tracking_code=body.tracking_code)
    return message


@router.post(
    "/inbound/messages/{message_id}/dismiss",
    response={200: InboundMessageOut, **_WRITE_ERRORS},
    summary="Dismiss a message",
)
def inbox_dismiss(request: HttpRequest, message_id: int, body: InboundDismissIn) -> Any:
    message = selectors.inbox_get(user=request.user, message_id=message_id)
    return services.inbound_dismiss(actor=request.user, message=message, reason=body.reason)
