"""The message gateway: store incoming WhatsApp/SMS messages once, and let office staff handle them.

A *gateway client* is a user holding the permission ``reports.add_inboundmessage``
(directly or through a group) with an active posting at an office: its messages land
in that office's inbox. The gateway authenticates with an API token of that user.

Staff of the office read the inbox (field officers, intelligence staff, the office
head); intelligence staff and the office head act on a message: turn it into a report
(the sender gets the tracking code back), attach it to a report they can read, or
dismiss it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pimpasa.core.audit import event_record
from pimpasa.core.errors import NotFound, PermissionDenied, ValidationFailed
from pimpasa.core.roles import Role

from ..identifiers import normalize_phone
from ..models import Channel, InboundMessage, InboundStatus, Report, ReporterMode
from ..outbound import outbound_queue
from ..permissions import TRIAGE_ROLES, roles_of
from ..tracking import normalize_tracking_code
from .intake import report_submit

#: The permission that makes a user a gateway client.
GATEWAY_PERMISSION = "reports.add_inboundmessage"
#: Roles that read their office's inbox; ``TRIAGE_ROLES`` act on it.
INBOX_READ_ROLES = frozenset({Role.FIELD_OFFICER, Role.INTELLIGENCE, Role.OFFICE_HEAD})
SENDER_MAX_LENGTH = 30


def is_gateway_client(user: Any) -> bool:
    """Return whether ``user`` may post messages: the gateway permission and an office to deliver to."""
    if user is None or not getattr(user, "is_active", False):
        return False
    return bool(user.has_perm(GATEWAY_PERMISSION)) and getattr(user, "unit", None) is not None


def can_read_inbox(user: Any) -> bool:
    """Return whether ``user`` reads their office's inbox: field officers, intelligence staff, the head."""
    return bool(roles_of(user) & INBOX_READ_ROLES)


def can_handle_messages(user: Any) -> bool:
    """Return whether ``user`` converts, attaches and dismisses messages: intelligence staff and the head."""
    return bool(roles_of(user) & TRIAGE_ROLES)


def normalize_sender(raw: str) -> str:
    """Return a phone number as intake stores it (``+62…``, ``+60…``); anything else (an id) trimmed."""
    text = " ".join(str(raw or "").split())
    try:
        phone = normalize_phone(text)
    except ValueError:
        phone = ""
    return (phone or text)[:SENDER_MAX_LENGTH]


def inbound_receive(
    *,
    gateway: Any,
    external_id: str,
    channel: str,
    sender: str,
    text: str = "",
    media: list[dict[str, Any]] | None = None,
    received_at: dt.datetime,
) -> tuple[InboundMessage, bool]:
    """Store a message a gateway client received, once per (client, gateway id); return it and if it is new.

    A repeated post of the same id returns the stored message untouched, also when two
    posts race: the unique constraint decides and the loser reads the winner's row.
    """
    if not is_gateway_client(gateway):
        raise PermissionDenied(_("Only a gateway client posts messages."))
    external_id = str(external_id).strip()
    if not external_id:
        raise ValidationFailed(_("The message needs the gateway's id."), details={"id": external_id})
    unit = gateway.unit.area_unit()
    with transaction.atomic():
        message, created = InboundMessage.objects.get_or_create(
            gateway=gateway,
            external_id=external_id,
            defaults={
                "unit": unit,
                "channel": channel,
                "sender": normalize_sender(sender),
                "text": text,
                "media": media or [],
                "received_at": received_at,
            },
        )
        if created:
            message.refresh_from_db()  # the stored values, as a repeated post will read them
            event_record(
                actor=gateway,
                event_type="inbound_message.received",
                target=message,
                region_code=unit.region_code(),
                data={"channel": channel, "media": len(media or [])},
            )
    return message, created


def _locked_new(actor: Any, message: InboundMessage) -> InboundMessage:
    """Lock the message, check the actor may handle it and that nobody handled it yet."""
    if not can_handle_messages(actor):
        raise PermissionDenied(_("Only intelligence staff and the office head handle messages."))
    if not InboundMessage.objects.visible_to(actor).filter(pk=message.pk).exists():
        raise NotFound(_("No such message."))
    # Locked without the scope filter: PostgreSQL locks no rows of a DISTINCT query.
    locked = InboundMessage.objects.select_for_update().get(pk=message.pk)
    if locked.status != InboundStatus.NEW:
        raise ValidationFailed(
            _("This message was already handled (%(status)s).") % {"status": locked.get_status_display()},
            code="message_already_handled",
        )
    return locked


def _mark(message: InboundMessage, *, actor: Any, status: str, report: Report | None) -> None:
    message.status = status
    message.report = report
    message.handled_by = actor
    message.handled_at = timezone.now()
    message.save(update_fields=["status", "report", "handled_by", "handled_at"])


def tracking_reply_text(report: Report) -> str:
    """Return the reply that gives the sender the tracking code, in Indonesian."""
    base = str(getattr(settings, "PIMPASA_PUBLIC_BASE_URL", "") or "").rstrip("/")
    with translation.override("id"):
        text = _(
            "Thank you. Your report was received with tracking code %(code)s. Keep this code to "
            "follow your report; never share it with the people you reported."
        ) % {"code": report.tracking_code}
        if base:
            text += " " + _("Status: %(url)s") % {"url": f"{base}/lapor/status/"}
    return str(text)


def inbound_convert(
    *,
    actor: Any,
    message: InboundMessage,
    category_code: str,
    region_code: str,
    description: str,
    occurred_on: dt.date | None = None,
    urgency: str = "normal",
    reporter_mode: str = ReporterMode.CONFIDENTIAL,
    reporter_name: str = "",
) -> Report:
    """Turn a new message into a report and queue the reply with its tracking code, all in one transaction.

    The sender's number becomes the reporter's phone unless the report is anonymous; the
    reply goes to the sender either way. The report counts as received when the gateway
    received the message, so its deadlines run from then. A refused report leaves the
    message new and queues nothing.
    """
    with transaction.atomic():
        locked = _locked_new(actor, message)
        phone, contact = "", ""
        if reporter_mode != ReporterMode.ANONYMOUS:
            try:
                phone = normalize_phone(locked.sender)
            except ValueError:
                contact = f"{locked.get_channel_display()}: {locked.sender}"
        report = report_submit(
            actor=actor,
            channel=Channel.MESSAGE_GATEWAY,
            category_code=category_code,
            description=description,
            region_code=region_code,
            occurred_on=occurred_on,
            urgency=urgency,
            reporter_mode=reporter_mode,
            reporter_name=reporter_name,
            reporter_phone=phone,
            reporter_contact=contact,
            received_at=locked.received_at,
        )
        _mark(locked, actor=actor, status=InboundStatus.CONVERTED, report=report)
        event_record(
            actor=actor,
            event_type="inbound_message.converted",
            target=locked,
            region_code=report.region_id,
            data={"report": report.tracking_code},
        )
        outbound_queue(
            channel=locked.channel,
            recipient=locked.sender,
            text=tracking_reply_text(report),
            report=report,
            inbound=locked,
        )
    message.refresh_from_db()
    return report


def inbound_attach(*, actor: Any, message: InboundMessage, tracking_code: str) -> Report:
    """Attach a new message to a report the actor can read, by the report's tracking code."""
    code = normalize_tracking_code(tracking_code)
    with transaction.atomic():
        locked = _locked_new(actor, message)
        report = Report.objects.visible_to(actor).filter(tracking_code=code).first() if code else None
        if report is None:
            raise ValidationFailed(
                _("No report you can read has this tracking code."),
                code="report_not_found",
                details={"tracking_code": tracking_code},
            )
        _mark(locked, actor=actor, status=InboundStatus.ATTACHED, report=report)
        event_record(
            actor=actor,
            event_type="report.message_attached",
            target=report,
            region_code=report.region_id,
            data={"message": locked.pk, "channel": locked.channel},
        )
    message.refresh_from_db()
    return report


def inbound_dismiss(*, actor: Any, message: InboundMessage, reason: str = "") -> InboundMessage:
    """Dismiss a new message (spam, a greeting, nothing to act on), with an optional reason."""
    with transaction.atomic():
        locked = _locked_new(actor, message)
        _mark(locked, actor=actor, status=InboundStatus.DISMISSED, report=None)
        event_record(
            actor=actor,
            event_type="inbound_message.dismissed",
            target=locked,
            region_code=locked.unit.region_code() if locked.unit else "",
            reason=reason,
        )
    message.refresh_from_db()
    return message
