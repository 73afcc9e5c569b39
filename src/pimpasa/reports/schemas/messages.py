"""API shapes of the message gateway and the inbox."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import model_validator

from ..models import InboundMessage
from ..selectors.messages import InboxFilters, sender_shown

ChannelIn = Literal["whatsapp", "sms"]
StatusIn = Literal["", "new", "converted", "attached", "dismissed"]


class InboundMediaIn(Schema):
    """A file the gateway keeps: its URL or its id there, and its type. The file itself is not sent."""

    url: str | None = Field(None, max_length=2000)
    id: str | None = Field(None, max_length=200)
    content_type: str = Field("", max_length=100)

    @model_validator(mode="after")
    def _url_or_id(self) -> InboundMediaIn:
        if not (self.url or self.id):
            raise ValueError("a media item needs a url or an id")
        return self


class InboundMessageIn(Schema):
    """A message as the gateway received it; ``id`` is the gateway's own id (the idempotency key)."""

    channel: ChannelIn
    sender: str = Field(..., alias="from", min_length=1, max_length=100)
    text: str = Field("", max_length=20000)
    media: list[InboundMediaIn] = Field(default_factory=list, max_length=10)
    received_at: dt.datetime
    id: str = Field(..., min_length=1, max_length=200)

    model_config = {"populate_by_name": True}


class InboundReceiptOut(Schema):
    """What the gateway gets back: the stored message's id here, its own id, and the status."""

    id: int
    external_id: str
    channel: str
    status: str
    received_at: dt.datetime
    created_at: dt.datetime


class InboundMessageOut(Schema):
    id: int
    external_id: str
    channel: str
    sender: str
    text: str
    media: list[dict[str, Any]]
    received_at: dt.datetime
    status: str
    report: str | None
    handled_by: str | None
    handled_at: dt.datetime | None

    @staticmethod
    def resolve_sender(message: InboundMessage, context: dict[str, Any]) -> str:
        """The sender as the caller may read it (``selectors.messages.sender_shown``)."""
        return sender_shown(user=context["request"].user, message=message)

    @staticmethod
    def resolve_report(message: InboundMessage) -> str | None:
        return message.report.tracking_code if message.report_id and message.report else None

    @staticmethod
    def resolve_handled_by(message: InboundMessage) -> str | None:
        return message.handled_by.username if message.handled_by_id and message.handled_by else None


class InboxQuery(Schema):
    status: StatusIn = ""
    channel: Literal["", "whatsapp", "sms"] = ""

    def filters(self) -> InboxFilters:
        return InboxFilters(status=self.status, channel=self.channel)


class InboundConvertIn(Schema):
    category: str = Field(..., max_length=60, description="A category code, e.g. `illegal_recruitment`.")
    region: str = Field(..., max_length=13, description="A village code, e.g. `35.02.01.2001`.")
    description: str = Field(..., min_length=1, max_length=20000)
    occurred_on: dt.date | None = None
    urgency: Literal["low", "normal", "high", "critical"] = "normal"
    reporter_mode: Literal["identified", "confidential", "anonymous"] = "confidential"
    reporter_name: str = Field("", max_length=150)


class InboundConvertOut(Schema):
    tracking_code: str
    message: InboundMessageOut


class InboundAttachIn(Schema):
    tracking_code: str = Field(..., max_length=30)


class InboundDismissIn(Schema):
    reason: str = Field("", max_length=500)
