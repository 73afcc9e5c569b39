"""Replies sent back through the message gateway (the tracking code, later status updates).

An adapter delivers one ``OutboundMessage``: ``send(message)`` returns the provider's id for
it or raises. The adapter in use is named by the setting ``PIMPASA_OUTBOUND_ADAPTER`` (a
dotted path to a class); the default, ``LoggingAdapter``, only writes a log line and suits
development and tests. A deployment sets the class that talks to its gateway.

``outbound_queue`` stores the message and defers the Procrastinate job
``reports.send_outbound`` in the caller's transaction, so a rolled-back change sends
nothing; ``outbound_send`` (the job's body) delivers it at most once.
"""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from pimpasa.core.audit import event_record

from .masking import mask_phone
from .models import InboundMessage, OutboundMessage, OutboundStatus, Report

logger = logging.getLogger(__name__)

DEFAULT_ADAPTER = "pimpasa.reports.outbound.LoggingAdapter"
#: Kept of an adapter's error message (the model field is unbounded; a log is not).
MAX_ERROR_LENGTH = 2000


@runtime_checkable
class OutboundAdapter(Protocol):
    """Delivers one message through a gateway; raises on any failure."""

    def send(self, message: OutboundMessage) -> str:
        """Deliver ``message`` and return the provider's id for it."""
        ...


class LoggingAdapter:
    """Write the message to the log at INFO instead of sending it (development default)."""

    def send(self, message: OutboundMessage) -> str:
        provider_id = f"log-{message.pk}"
        logger.info(
            "Outbound %s message %s to %s (%s characters) logged, not sent",
            message.channel,
            message.pk,
            mask_phone(message.recipient) or "?",
            len(message.text),
        )
        return provider_id


class OutboundFailed(Exception):
    """The adapter could not deliver a message; the job is retried."""


def adapter_path() -> str:
    """Return the dotted path of the configured adapter class (``PIMPASA_OUTBOUND_ADAPTER``)."""
    return str(getattr(settings, "PIMPASA_OUTBOUND_ADAPTER", DEFAULT_ADAPTER) or DEFAULT_ADAPTER)


def get_adapter() -> OutboundAdapter:
    """Return an instance of the configured adapter class."""
    adapter = import_string(adapter_path())()
    if not isinstance(adapter, OutboundAdapter):
        raise TypeError(f"{adapter_path()} has no send(message) method")
    return adapter


def outbound_queue(
    *,
    channel: str,
    recipient: str,
    text: str,
    report: Report | None = None,
    inbound: InboundMessage | None = None,
) -> OutboundMessage:
    """Store a message to send and defer its delivery job in the current transaction."""
    from .tasks import send_outbound

    with transaction.atomic():
        message = OutboundMessage.objects.create(
            channel=channel, recipient=recipient, text=text, report=report, inbound=inbound
        )
        send_outbound.defer(message_id=message.pk)
    return message


def outbound_send(*, message_id: int) -> OutboundMessage:
    """Deliver a queued message once; record the attempt, and raise ``OutboundFailed`` to be retried.

    A message already sent is left alone, so a job that runs twice sends once. The row
    stays locked while the adapter works, so two workers cannot send it together.
    """
    failure: Exception | None = None
    with transaction.atomic():
        message = (
            OutboundMessage.objects.select_for_update(of=("self",))
            .select_related("report")
            .get(pk=message_id)
        )
        if message.status == OutboundStatus.SENT:
            return message
        path = adapter_path()
        message.attempts += 1
        message.adapter = path[:100]
        try:
            provider_id = get_adapter().send(message)
        except Exception as exc:  # any adapter failure counts as an attempt
            failure = exc
            message.status = OutboundStatus.FAILED
            message.error = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH]
            message.save(update_fields=["attempts", "adapter", "status", "error"])
        else:
            message.status = OutboundStatus.SENT
            message.sent_at = timezone.now()
            message.error = ""
            message.save(update_fields=["attempts", "adapter", "status", "error", "sent_at"])
            if message.report is not None:
                event_record(
                    actor=None,
                    event_type="report.reply_sent",
                    target=message.report,
                    region_code=message.report.region_id,
                    data={
                        "outbound": message.pk,
                        "channel": message.channel,
                        "adapter": path,
                        "provider_id": str(provider_id)[:200],
                    },
                )
    if failure is not None:
        raise OutboundFailed(str(failure)) from failure
    return message
