"""Inbox pages: who reads the office's messages, who turns them into reports, attaches or dismisses them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.reports.test_messages_gateway import make_gateway

VILLAGE = "35.02.01.2001"
READERS = ["field_ponorogo", "intel_ponorogo", "head_ponorogo"]
HANDLERS = ["intel_ponorogo", "head_ponorogo"]
WRONG_ROLES = ["passport_ponorogo", "partner_polres", "admin", "regional_jatim", "national"]


def receive(
    gateway, external_id: str = "m-1", *, channel: str = "whatsapp", text: str = "", minutes: int = 0
):
    from pimpasa.reports.services.messages import inbound_receive

    message, _created = inbound_receive(
        gateway=gateway,
        external_id=external_id,
        channel=channel,
        sender="081234567890",
        text=text or "Tetangga saya diajak calo kerja ke Malaysia minggu depan.",
        received_at=timezone.make_aware(dt.datetime(2026, 3, 2, 8, 0)) + dt.timedelta(minutes=minutes),
    )
    return message


@pytest.fixture
def inbox(org):
    return build_inbox(org)


def build_inbox(org):
    """Two new messages and a dismissed one at Kanim Ponorogo, one at Kanim Cianjur."""
    from pimpasa.reports.models import InboundStatus

    ponorogo, _ = make_gateway(org)
    cianjur, _ = make_gateway(org, "gateway_cianjur", "cianjur")
    older = receive(ponorogo, "m-1", minutes=0)
    newer = receive(ponorogo, "m-2", channel="sms", minutes=10)
    done = receive(ponorogo, "m-3", minutes=20)
    done.status = InboundStatus.DISMISSED
    done.save()
    elsewhere = receive(cianjur, "c-1")
    return {"older": older, "newer": newer, "done": done, "elsewhere": elsewhere}


def convert_data(**extra):
    data = {
        "category": "illegal_recruitment",
        "region": VILLAGE,
        "description": "Calo menawarkan kerja ke Malaysia.",
        "occurred_on": "",
        "urgency": "normal",
        "reporter_mode": "confidential",
        "reporter_name": "",
    }
    data.update(extra)
    return data


def queued():
    """Return the outbound messages and their send jobs (committed tests may leave jobs of their own)."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    from pimpasa.reports.models import OutboundMessage

    ids = list(OutboundMessage.objects.values_list("pk", flat=True))
    jobs = list(
        ProcrastinateJob.objects.filter(
            task_name="reports.send_outbound", args__message_id__in=ids
        ).values_list("args", flat=True)
    )
    return ids, jobs


def job_count() -> int:
    from procrastinate.contrib.django.models import ProcrastinateJob

    return ProcrastinateJob.objects.count()


# --- List -------------------------------------------------------------------------------------------


def test_the_inbox_lists_the_offices_messages_new_first(org, login, inbox):
    response = login(org.users["intel_ponorogo"]).get(reverse("reports:inbox"))

    assert response.status_code == 200
    assert [m.external_id for m in response.context["page"]] == ["m-2", "m-1", "m-3"]
    assert response.context["new_count"] == 2
    assert "+6281234567890" in response.content.decode()


def test_field_officers_read_the_inbox_with_the_sender_masked(org, login, inbox):
    from pimpasa.reports.masking import mask_phone

    response = login(org.users["field_ponorogo"]).get(reverse("reports:inbox"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "+6281234567890" not in html and "081234567890" not in html
    assert mask_phone("+6281234567890") in html


@pytest.mark.parametrize(
    ("query", "expected"), [({"status": "new"}, ["m-2", "m-1"]), ({"channel": "sms"}, ["m-2"])]
)
def test_the_inbox_filters_by_status_and_channel(org, login, inbox, query, expected):
    response = login(org.users["head_ponorogo"]).get(reverse("reports:inbox"), query)

    assert [m.external_id for m in response.context["page"]] == expected


def test_another_office_sees_only_its_own_messages(org, login, inbox):
    response = login(org.users["field_cianjur"]).get(reverse("reports:inbox"))

    assert [m.external_id for m in response.context["page"]] == ["c-1"]


@pytest.mark.parametrize("username", WRONG_ROLES)
def test_other_roles_may_not_open_the_inbox(org, login, inbox, username):
    response = login(org.users[username]).get(reverse("reports:inbox"))

    assert response.status_code == 403


def test_anonymous_is_sent_to_login(org, client, inbox):
    for url in (
        reverse("reports:inbox"),
        reverse("reports:message_detail", args=[inbox["older"].pk]),
        reverse("reports:message_convert", args=[inbox["older"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


# --- Detail -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", READERS)
def test_readers_open_a_message_and_only_handlers_see_the_actions(org, login, inbox, username):
    response = login(org.users[username]).get(reverse("reports:message_detail", args=[inbox["older"].pk]))

    assert response.status_code == 200
    assert ('id="message-actions"' in response.content.decode()) == (username in HANDLERS)


@pytest.mark.parametrize("username", ["field_cianjur", *WRONG_ROLES])
def test_a_message_of_another_office_or_for_another_role_is_404(org, login, inbox, username):
    response = login(org.users[username]).get(reverse("reports:message_detail", args=[inbox["older"].pk]))

    assert response.status_code == 404


def test_a_handled_message_offers_no_actions(org, login, inbox):
    response = login(org.users["intel_ponorogo"]).get(
        reverse("reports:message_detail", args=[inbox["done"].pk])
    )

    assert 'id="message-actions"' not in response.content.decode()


# --- Convert ----------------------------------------------------------------------------------------


def test_the_conversion_form_is_prefilled_with_the_text(org, login, inbox):
    response = login(org.users["intel_ponorogo"]).get(
        reverse("reports:message_convert", args=[inbox["older"].pk])
    )

    assert response.status_code == 200
    assert response.context["form"]["description"].value() == inbox["older"].text


def test_converting_creates_a_report_and_queues_one_reply(org, login, inbox):
    from pimpasa.core.models import TimelineEvent
    from pimpasa.reports.models import InboundMessage, OutboundMessage, Report

    message = inbox["older"]
    client = login(org.users["intel_ponorogo"])

    response = client.post(reverse("reports:message_convert", args=[message.pk]), convert_data())

    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert report.channel == "message_gateway"
    assert report.description == "Calo menawarkan kerja ke Malaysia."
    assert report.region_id == VILLAGE
    assert report.unit == org.units["ponorogo"]
    assert (report.reporter_mode, report.reporter_phone) == ("confidential", "+6281234567890")
    assert report.received_at == message.received_at
    assert report.created_by == org.users["intel_ponorogo"]
    message = InboundMessage.objects.get(pk=message.pk)
    assert (message.status, message.report, message.handled_by) == (
        "converted",
        report,
        org.users["intel_ponorogo"],
    )
    reply = OutboundMessage.objects.get()
    assert (reply.channel, reply.recipient, reply.report, reply.inbound, reply.status) == (
        "whatsapp",
        "+6281234567890",
        report,
        message,
        "queued",
    )
    assert report.tracking_code in reply.text
    _messages, jobs = queued()
    assert jobs == [{"message_id": reply.pk}]
    assert TimelineEvent.objects.filter(event_type="inbound_message.converted").get().data == {
        "report": report.tracking_code
    }


def test_an_anonymous_conversion_keeps_no_number_but_still_replies(org, login, inbox):
    from pimpasa.reports.models import OutboundMessage, Report

    client = login(org.users["head_ponorogo"])

    client.post(
        reverse("reports:message_convert", args=[inbox["older"].pk]), convert_data(reporter_mode="anonymous")
    )

    report = Report.objects.get()
    assert (report.reporter_mode, report.reporter_phone, report.reporter_contact) == ("anonymous", "", "")
    assert OutboundMessage.objects.get().recipient == "+6281234567890"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"region": "32.03.01.2001"}, "region"),  # outside the office's work area
        ({"category": "no_such"}, "category"),
        ({"description": ""}, "description"),
        ({"reporter_mode": "identified"}, "reporter_name"),  # identified needs a name
    ],
)
def test_a_refused_conversion_changes_nothing_and_queues_nothing(org, login, inbox, change, field):
    from pimpasa.reports.models import InboundMessage, Report

    message = inbox["older"]
    client = login(org.users["intel_ponorogo"])
    jobs_before = job_count()

    response = client.post(reverse("reports:message_convert", args=[message.pk]), convert_data(**change))

    assert job_count() == jobs_before
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert Report.objects.count() == 0
    assert InboundMessage.objects.get(pk=message.pk).status == "new"
    assert queued() == ([], [])


def test_a_service_refusal_rolls_everything_back(org, inbox):
    from pimpasa.core.errors import ValidationFailed
    from pimpasa.reports.models import InboundMessage, Report
    from pimpasa.reports.services.messages import inbound_convert

    jobs_before = job_count()
    with pytest.raises(ValidationFailed):
        inbound_convert(
            actor=org.users["intel_ponorogo"],
            message=inbox["older"],
            category_code="illegal_recruitment",
            region_code=VILLAGE,
            description="x",
            occurred_on=timezone.localdate() + dt.timedelta(days=3),
        )

    assert Report.objects.count() == 0
    assert InboundMessage.objects.get(pk=inbox["older"].pk).status == "new"
    assert queued() == ([], [])
    assert job_count() == jobs_before


def test_a_message_is_converted_only_once(org, login, inbox):
    from pimpasa.core.errors import ValidationFailed
    from pimpasa.reports.models import Report
    from pimpasa.reports.services.messages import inbound_convert

    client = login(org.users["intel_ponorogo"])
    client.post(reverse("reports:message_convert", args=[inbox["older"].pk]), convert_data())

    with pytest.raises(ValidationFailed) as refused:
        inbound_convert(
            actor=org.users["head_ponorogo"],
            message=inbox["older"],
            category_code="illegal_recruitment",
            region_code=VILLAGE,
            description="again",
        )
    again = client.get(reverse("reports:message_convert", args=[inbox["older"].pk]))

    assert refused.value.code == "message_already_handled"
    assert Report.objects.count() == 1
    assert len(queued()[1]) == 1
    assert again.status_code == 302


def test_field_officers_may_not_convert(org, login, inbox):
    from pimpasa.reports.models import Report

    client = login(org.users["field_ponorogo"])
    url = reverse("reports:message_convert", args=[inbox["older"].pk])

    assert client.get(url).status_code == 403
    assert client.post(url, convert_data()).status_code == 403
    assert Report.objects.count() == 0


@pytest.mark.parametrize("username", ["field_cianjur", "passport_ponorogo", "national"])
def test_others_get_404_on_conversion(org, login, inbox, username):
    from pimpasa.reports.models import Report

    url = reverse("reports:message_convert", args=[inbox["older"].pk])

    response = login(org.users[username]).post(url, convert_data())

    assert response.status_code == 404
    assert Report.objects.count() == 0


# --- Attach and dismiss -----------------------------------------------------------------------------


def _report(region_code: str = VILLAGE):
    from pimpasa.reports.services.intake import report_submit

    return report_submit(
        actor=None,
        channel="public_web",
        category_code="planned_departure",
        description="Rencana berangkat lewat Batam.",
        region_code=region_code,
    )


def test_attaching_to_a_visible_report_by_its_code(org, login, inbox):
    from pimpasa.core.models import TimelineEvent
    from pimpasa.reports.models import InboundMessage

    report = _report()
    client = login(org.users["intel_ponorogo"])

    response = client.post(
        reverse("reports:message_attach", args=[inbox["older"].pk]),
        {"tracking_code": report.tracking_code.lower().replace("-", "")},
    )

    assert response.status_code == 302
    message = InboundMessage.objects.get(pk=inbox["older"].pk)
    assert (message.status, message.report) == ("attached", report)
    event = TimelineEvent.objects.get(event_type="report.message_attached")
    assert (event.target_id, event.data) == (str(report.pk), {"message": message.pk, "channel": "whatsapp"})
    assert queued() == ([], [])


@pytest.mark.parametrize("code", ["cianjur", "wrong", "ABCD-EFGH-JKMN"])
def test_attaching_to_an_invisible_or_unknown_report_is_refused(org, login, inbox, code):
    from pimpasa.reports.models import InboundMessage

    cianjur = _report("32.03.01.2001")
    tracking_code = cianjur.tracking_code if code == "cianjur" else code

    response = login(org.users["intel_ponorogo"]).post(
        reverse("reports:message_attach", args=[inbox["older"].pk]), {"tracking_code": tracking_code}
    )

    assert response.status_code == 422
    assert response.context["attach_form"].errors["tracking_code"]
    message = InboundMessage.objects.get(pk=inbox["older"].pk)
    assert (message.status, message.report) == ("new", None)


def test_dismissing_a_message(org, login, inbox):
    from pimpasa.core.models import TimelineEvent
    from pimpasa.reports.models import InboundMessage

    response = login(org.users["head_ponorogo"]).post(
        reverse("reports:message_dismiss", args=[inbox["older"].pk]), {"reason": "Salam saja"}
    )

    assert response.status_code == 302
    assert InboundMessage.objects.get(pk=inbox["older"].pk).status == "dismissed"
    assert TimelineEvent.objects.get(event_type="inbound_message.dismissed").reason == "Salam saja"


def test_a_handled_message_cannot_be_dismissed_again(org, login, inbox):
    from pimpasa.reports.models import InboundMessage

    response = login(org.users["head_ponorogo"]).post(
        reverse("reports:message_dismiss", args=[inbox["done"].pk]), {"reason": ""}, follow=True
    )

    assert response.redirect_chain == [(reverse("reports:message_detail", args=[inbox["done"].pk]), 302)]
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    done = InboundMessage.objects.get(pk=inbox["done"].pk)
    assert (done.status, done.handled_by) == ("dismissed", None)


@pytest.mark.parametrize(("username", "status"), [("field_ponorogo", 403), ("field_cianjur", 404)])
@pytest.mark.parametrize("action", ["reports:message_attach", "reports:message_dismiss"])
def test_attach_and_dismiss_are_for_handlers_of_the_office(org, login, inbox, username, status, action):
    from pimpasa.reports.models import InboundMessage

    report = _report()

    response = login(org.users[username]).post(
        reverse(action, args=[inbox["older"].pk]), {"tracking_code": report.tracking_code, "reason": ""}
    )

    assert response.status_code == status
    assert InboundMessage.objects.get(pk=inbox["older"].pk).status == "new"


def test_the_inbox_list_takes_the_same_queries_for_more_messages(org, login, inbox):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pimpasa.reports.models import InboundMessage

    client = login(org.users["intel_ponorogo"])
    gateway = InboundMessage.objects.get(external_id="m-1").gateway
    client.get(reverse("reports:inbox"))  # warm up the session and the user's posting

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reports:inbox"))
    for n in range(5):
        receive(gateway, f"more-{n}", minutes=30 + n)
    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse("reports:inbox"))

    assert len(response.context["page"]) == 8
    assert len(more) == len(few)
