"""Reads of the message inbox: messages of the reader's office, for the roles that read it.

A message turned into (or attached to) a report the reader may not read — a restricted
one they are not named on — is left out: its text is the tip itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from pimpasa.core.errors import NotFound
from pimpasa.core.roles import INTELLIGENCE_ROLES

from ..masking import mask_phone
from ..models import InboundMessage, InboundStatus, Report, ReporterMode
from ..permissions import roles_of
from ..services.messages import can_read_inbox


@dataclass(frozen=True)
class InboxFilters:
    """Narrow the inbox by status and channel (empty: any)."""

    status: str = ""
    channel: str = ""

    def apply(self, messages: QuerySet[InboundMessage]) -> QuerySet[InboundMessage]:
        """Return ``messages`` narrowed by these filters."""
        if self.status:
            messages = messages.filter(status=self.status)
        if self.channel:
            messages = messages.filter(channel=self.channel)
        return messages


def _inbox(user: Any) -> QuerySet[InboundMessage]:
    if not can_read_inbox(user):
        return InboundMessage.objects.none()
    readable = Report.objects.visible_to(user).values("pk")
    return InboundMessage.objects.visible_to(user).filter(
        Q(report__isnull=True) | Q(report__restricted=False) | Q(report__in=readable)
    )


def inbox_list(*, user: Any, filters: InboxFilters | None = None) -> QuerySet[InboundMessage]:
    """Return the messages of the user's office inbox: new ones first, then the latest received."""
    messages = (filters or InboxFilters()).apply(_inbox(user))
    return messages.select_related("report", "handled_by").order_by(
        Case(When(status=InboundStatus.NEW, then=Value(0)), default=Value(1), output_field=IntegerField()),
        "-received_at",
        "-pk",
    )


def inbox_get(*, user: Any, message_id: int) -> InboundMessage:
    """Return one message of the user's inbox; a missing or out-of-scope message raises ``NotFound``."""
    message = (
        _inbox(user).select_related("report", "handled_by", "unit", "gateway").filter(pk=message_id).first()
    )
    if message is None:
        raise NotFound(_("No such message."))
    return message


def inbox_new_count(*, user: Any) -> int:
    """Return how many messages of the user's inbox wait to be handled."""
    return _inbox(user).filter(status=InboundStatus.NEW).count()


def sender_shown(*, user: Any, message: InboundMessage) -> str:
    """Return the sender's number as ``user`` may read it in the inbox.

    The intelligence roles read a new message's number whole (to call back before a report
    exists); field officers see it masked. Once the message belongs to a report whose
    reporter is confidential or anonymous, everyone sees it masked: the number is that
    reporter's identity, read through the report's logged reveal, or not at all.
    """
    report = message.report if message.report_id is not None else None
    hidden = report is not None and report.reporter_mode != ReporterMode.IDENTIFIED
    if not hidden and roles_of(user) & INTELLIGENCE_ROLES:
        return message.sender
    return mask_phone(message.sender) or "****"
