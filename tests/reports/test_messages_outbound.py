"""Replies through the outbound adapter: queued in the converting transaction, sent once by a real job."""

from __future__ import annotations

import datetime as dt
import importlib
import logging

import pytest
from django.db import transaction
from django.utils import timezone

from tests.reports.test_messages_gateway import make_gateway

VILLAGE = "35.02.01.2001"
LOGGING_ADAPTER = "pimpasa.reports.outbound.LoggingAdapter"


@pytest.fixture
def seeded(transactional_db):
    """Put back the categories and SLA policies a migration seeds (a committed test's flush empties them).

    Jobs see only committed rows, so the tests that run them commit.
    """
    from django.apps import apps

    importlib.import_module("pimpasa.reports.migrations.0002_seed_reference").seed(apps, None)


class BrokenAdapter:
    """A gateway that is down."""

    def send(self, message):
        raise ConnectionError("gateway down")


class NotAnAdapter:
    pass


def convert(org):
    """Receive a WhatsApp message at Kanim Ponorogo and turn it into a report; return it and the report."""
    from pimpasa.reports.services.messages import inbound_convert, inbound_receive

    gateway, _raw = make_gateway(org)
    message, _ = inbound_receive(
        gateway=gateway,
        external_id="wamid-1",
        channel="whatsapp",
        sender="081234567890",
        text="Ada calo di desa kami.",
        received_at=timezone.make_aware(dt.datetime(2026, 3, 2, 8, 0)),
    )
    report = inbound_convert(
        actor=org.users["intel_ponorogo"],
        message=message,
        category_code="illegal_recruitment",
        region_code=VILLAGE,
        description="Ada calo di desa kami.",
    )
    return message, report


def jobs():
    """The send jobs of this test's messages (committed tests leave their jobs behind)."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    from pimpasa.reports.models import OutboundMessage

    ids = list(OutboundMessage.objects.values_list("pk", flat=True))
    return list(
        ProcrastinateJob.objects.filter(task_name="reports.send_outbound", args__message_id__in=ids)
        .order_by("id")
        .values_list("status", "attempts", "args")
    )


def outbound_logs(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "pimpasa.reports.outbound"]


def test_a_conversion_queues_one_reply_whose_job_sends_it_through_the_logging_adapter(
    org, seeded, run_jobs, caplog
):
    from pimpasa.core.models import TimelineEvent
    from pimpasa.reports.models import OutboundMessage

    caplog.set_level(logging.INFO, logger="pimpasa.reports.outbound")
    _message, report = convert(org)
    reply = OutboundMessage.objects.get()
    assert jobs() == [("todo", 0, {"message_id": reply.pk})]

    run_jobs()

    reply.refresh_from_db()
    assert (reply.status, reply.attempts, reply.adapter, reply.error) == ("sent", 1, LOGGING_ADAPTER, "")
    assert reply.sent_at is not None
    assert jobs() == [("succeeded", 1, {"message_id": reply.pk})]
    assert outbound_logs(caplog) == [
        f"Outbound whatsapp message {reply.pk} to 0812****7890 ({len(reply.text)} characters) "
        "logged, not sent"
    ]
    event = TimelineEvent.objects.get(event_type="report.reply_sent")
    assert (event.target_id, event.actor_label) == (str(report.pk), "system")
    assert event.data == {
        "outbound": reply.pk,
        "channel": "whatsapp",
        "adapter": LOGGING_ADAPTER,
        "provider_id": f"log-{reply.pk}",
    }


def test_the_reply_gives_the_tracking_code_in_indonesian(org, settings):
    from pimpasa.reports.models import OutboundMessage

    settings.PIMPASA_PUBLIC_BASE_URL = "https://pimpasa.imigrasi.go.id/"

    _message, report = convert(org)

    text = OutboundMessage.objects.get().text
    assert report.tracking_code in text
    assert text.endswith("https://pimpasa.imigrasi.go.id/lapor/status/")


def test_a_sent_message_is_not_sent_again(org, seeded, run_jobs, caplog):
    from pimpasa.reports.models import OutboundMessage
    from pimpasa.reports.outbound import outbound_send
    from pimpasa.reports.tasks import send_outbound

    caplog.set_level(logging.INFO, logger="pimpasa.reports.outbound")
    convert(org)
    reply = OutboundMessage.objects.get()
    run_jobs()

    send_outbound.defer(message_id=reply.pk)  # a duplicate job
    run_jobs()
    outbound_send(message_id=reply.pk)

    reply.refresh_from_db()
    assert (reply.status, reply.attempts) == ("sent", 1)
    assert len(outbound_logs(caplog)) == 1
    assert [status for status, _attempts, _args in jobs()] == ["succeeded", "succeeded"]


def test_a_failed_delivery_is_counted_and_retried_later(org, seeded, run_jobs, settings):
    from pimpasa.reports.models import OutboundMessage
    from pimpasa.reports.outbound import outbound_send

    settings.PIMPASA_OUTBOUND_ADAPTER = "tests.reports.test_messages_outbound.BrokenAdapter"
    convert(org)
    reply = OutboundMessage.objects.get()

    run_jobs()

    reply.refresh_from_db()
    assert (reply.status, reply.attempts, reply.error) == ("failed", 1, "ConnectionError: gateway down")
    assert reply.sent_at is None
    # Procrastinate keeps the job for a retry after a wait, instead of dropping it.
    assert jobs() == [("todo", 1, {"message_id": reply.pk})]

    # when the gateway is back, the retry sends it
    settings.PIMPASA_OUTBOUND_ADAPTER = LOGGING_ADAPTER
    outbound_send(message_id=reply.pk)

    reply.refresh_from_db()
    assert (reply.status, reply.attempts, reply.error) == ("sent", 2, "")


def test_the_task_retries_only_delivery_failures():
    from procrastinate import RetryStrategy

    from pimpasa.reports.outbound import OutboundFailed
    from pimpasa.reports.tasks import send_outbound

    strategy = send_outbound.retry_strategy

    assert isinstance(strategy, RetryStrategy)
    assert strategy.max_attempts == 5
    assert list(strategy.retry_exceptions or []) == [OutboundFailed]


@pytest.mark.django_db
def test_a_rolled_back_transaction_queues_nothing(org):
    from pimpasa.reports.models import OutboundMessage
    from pimpasa.reports.outbound import outbound_queue

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        outbound_queue(channel="sms", recipient="+6281234567890", text="kode")
        raise Abort

    assert OutboundMessage.objects.count() == 0
    assert jobs() == []


@pytest.mark.django_db
def test_a_misconfigured_adapter_is_a_failed_attempt(org, settings):
    from pimpasa.reports.models import OutboundMessage
    from pimpasa.reports.outbound import OutboundFailed, outbound_queue, outbound_send

    settings.PIMPASA_OUTBOUND_ADAPTER = "tests.reports.test_messages_outbound.NotAnAdapter"
    reply = outbound_queue(channel="sms", recipient="+6281234567890", text="kode")

    with pytest.raises(OutboundFailed):
        outbound_send(message_id=reply.pk)

    reply.refresh_from_db()
    assert (reply.status, reply.attempts) == ("failed", 1)
    assert reply.error.startswith("TypeError: ")
    assert OutboundMessage.objects.count() == 1
