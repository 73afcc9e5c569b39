"""What must stay hidden stays hidden: restricted reports everywhere, a reporter's number in the inbox."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pimpasa.core.errors import PermissionDenied
from pimpasa.core.models import TimelineEvent
from pimpasa.reports.models import InboundStatus, Report, ReportStatus
from pimpasa.reports.services.messages import inbound_convert
from pimpasa.reports.services.workflow import (
    report_add_note,
    report_restrict,
    report_transition,
)
from tests.reports.report_factories import PONOROGO_VILLAGE, submit
from tests.reports.test_messages_gateway import make_gateway
from tests.reports.test_messages_inbox import receive

pytestmark = pytest.mark.django_db

TIP = "Kepala desa sendiri yang mengantar warga ke calo."


@pytest.fixture
def converted(org):
    """A WhatsApp tip turned into a report, which the office head then restricted to nobody else."""
    gateway, _raw = make_gateway(org)
    message = receive(gateway, "secret-1", text=TIP)
    report = inbound_convert(
        actor=org.users["intel_ponorogo"],
        message=message,
        category_code="illegal_recruitment",
        region_code=PONOROGO_VILLAGE,
        description=TIP,
    )
    report_restrict(actor=org.users["head_ponorogo"], report=report, usernames=[])
    plain = receive(gateway, "plain-1", text="Apa syarat membuat paspor untuk umrah?")
    message.refresh_from_db()
    return {"message": message, "report": report, "plain": plain}


@pytest.mark.parametrize("username", ["field_ponorogo", "intel_ponorogo"])
def test_the_inbox_hides_a_message_whose_report_is_restricted(org, login, converted, username):
    client = login(org.users[username])

    page = client.get(reverse("reports:inbox"))
    detail = client.get(reverse("reports:message_detail", args=[converted["message"].pk]))
    api_list = client.get("/api/v1/inbound/messages").json()
    api_detail = client.get(f"/api/v1/inbound/messages/{converted['message'].pk}")

    assert [m.pk for m in page.context["page"]] == [converted["plain"].pk]
    assert TIP not in page.content.decode()
    assert converted["report"].tracking_code not in page.content.decode()
    assert detail.status_code == 404
    assert [m["id"] for m in api_list["items"]] == [converted["plain"].pk]
    assert api_detail.status_code == 404


def test_the_office_head_still_sees_the_message_of_the_restricted_report(org, login, converted):
    client = login(org.users["head_ponorogo"])

    page = client.get(reverse("reports:inbox"))
    detail = client.get(reverse("reports:message_detail", args=[converted["message"].pk]))

    assert [m.pk for m in page.context["page"]] == [converted["plain"].pk, converted["message"].pk]
    assert detail.status_code == 200
    assert converted["message"].status == InboundStatus.CONVERTED
    assert converted["report"].tracking_code in detail.content.decode()


def test_a_named_reader_sees_the_message_again(org, login, converted):
    report_restrict(
        actor=org.users["head_ponorogo"], report=converted["report"], usernames=["intel_ponorogo"]
    )

    page = login(org.users["intel_ponorogo"]).get(reverse("reports:inbox"))

    assert converted["message"].pk in [m.pk for m in page.context["page"]]


def test_services_refuse_staff_a_restricted_report_is_hidden_from(org):
    """Defence in depth: the shell or a job calling a service gets no further than the pages."""
    report = submit(None, restricted=True)
    before = Report.objects.values().get(pk=report.pk)

    with pytest.raises(PermissionDenied):
        report_transition(actor=org.users["intel_ponorogo"], report=report, to=ReportStatus.VERIFIED)
    with pytest.raises(PermissionDenied):
        report_add_note(actor=org.users["intel_ponorogo"], report=report, text="Catatan")

    assert Report.objects.values().get(pk=report.pk) == before
    assert (
        not TimelineEvent.objects.filter(target_id=str(report.pk))
        .exclude(event_type="report.received")
        .exists()
    )
    report = report_transition(actor=org.users["head_ponorogo"], report=report, to=ReportStatus.VERIFIED)
    assert report.status == ReportStatus.VERIFIED


HTML_ACTIONS = [
    ("detail", "get", {}),
    ("transition", "post", {"to": "verified"}),
    ("assign", "post", {"officer": "field_ponorogo"}),
    ("grading", "post", {"reliability": "A", "credibility": "1", "urgency": "critical"}),
    ("public_reply", "post", {"public_reply": "Terima kasih"}),
    ("restrict", "post", {"usernames": ""}),
    ("link", "post", {"other": "AAAA-AAAA-AAAA", "kind": "related"}),
    ("note", "post", {"text": "Catatan"}),
    ("person_add", "post", {"role": "witness", "full_name": "Saksi"}),
    ("organization_add", "post", {"name": "PT Maju"}),
    ("reporter", "post", {}),
    ("referral_create", "get", {}),
]


@pytest.mark.parametrize("where", ["restricted", "cianjur"])
@pytest.mark.parametrize(("name", "method", "data"), HTML_ACTIONS)
def test_every_page_of_a_hidden_report_is_404_and_changes_nothing(org, login, where, name, method, data):
    from tests.reports.report_factories import CIANJUR_VILLAGE

    if where == "restricted":
        report = submit(None, restricted=True, reporter_mode="confidential", reporter_name="Bu Warni")
    else:
        report = submit(None, region_code=CIANJUR_VILLAGE, reporter_mode="confidential", reporter_name="X")
    before = (Report.objects.values().get(pk=report.pk), TimelineEvent.objects.count())
    client = login(org.users["intel_ponorogo"])

    response = getattr(client, method)(reverse(f"reports:{name}", args=[report.tracking_code]), data)

    assert response.status_code == 404
    assert (Report.objects.values().get(pk=report.pk), TimelineEvent.objects.count()) == before


API_CALLS = [
    ("get", "", None),
    ("get", "/related", None),
    ("get", "/reporter", None),
    ("get", "/people/1/nik", None),
    ("post", "/transitions", {"to": "verified"}),
    ("post", "/links", {"other": "AAAA-AAAA-AAAA", "kind": "related"}),
    ("delete", "/links/AAAA-AAAA-AAAA", None),
    ("post", "/referrals", {"agency": 1, "reason": "x"}),
]


@pytest.mark.parametrize(("method", "suffix", "body"), API_CALLS)
def test_every_api_endpoint_of_a_restricted_report_is_404_for_its_office(org, login, method, suffix, body):
    report = submit(None, restricted=True, reporter_mode="confidential", reporter_name="Bu Warni")
    before = (Report.objects.values().get(pk=report.pk), TimelineEvent.objects.count())
    client = login(org.users["intel_ponorogo"])
    url = f"/api/v1/reports/{report.tracking_code}{suffix}"

    if body is None:
        response = getattr(client, method)(url)
    else:
        response = getattr(client, method)(url, body, content_type="application/json")

    assert (response.status_code, response.json()["code"]) == (404, "not_found")
    assert (Report.objects.values().get(pk=report.pk), TimelineEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("mode", "name", "shown"),
    [
        ("identified", "Pak Karto", "+6281234567890"),
        ("confidential", "", "0812****7890"),
        ("anonymous", "", "0812****7890"),
    ],
)
def test_once_a_message_is_a_reporters_identity_the_inbox_masks_its_number(org, login, mode, name, shown):
    gateway, _raw = make_gateway(org)
    message = receive(gateway, "who-1", text="Ada calo.")
    report = inbound_convert(
        actor=org.users["intel_ponorogo"],
        message=message,
        category_code="illegal_recruitment",
        region_code=PONOROGO_VILLAGE,
        description="Ada calo.",
        reporter_mode=mode,
        reporter_name=name,
    )
    client = login(org.users["intel_ponorogo"])

    page = client.get(reverse("reports:message_detail", args=[message.pk]))
    api = client.get(f"/api/v1/inbound/messages/{message.pk}").json()

    assert (page.context["sender_shown"], api["sender"]) == (shown, shown)
    if shown != "+6281234567890":
        assert "+6281234567890" not in page.content.decode()
        assert "+6281234567890" not in client.get(reverse("reports:inbox")).content.decode()
    assert report.reporter_mode == mode
