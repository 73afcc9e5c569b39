"""Reads of the message inbox: messages of the reader's office, for the roles that read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext as _

from pimpasa.core.errors import NotFound

from ..models import InboundMessage, InboundStatus
from ..services.messages import can_read_inbox


@dataclass(frozen=True)
class InboxFilters:
    """Narrow the inbox by status and channel (empty: any)."""

    status: str = ""
    channel: str = ""

    def apply(self, messages: QuerySet[InboundMessage]) -> QuerySet[InboundMessage]:
        if self.status:
            messages = messages.filter(status=self.status)
        if self.channel:
            messages = messages.filter(channel=self.channel)
        return messages


def _inbox(user: Any) -> QuerySet[InboundMessage]:
    if not can_read_inbox(user):
        return InboundMessage.objects.none()
    return InboundMessage.objects.visible_to(user)


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
