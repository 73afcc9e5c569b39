"""Inbox API: list, read, convert, attach and dismiss messages, with the same rules as the pages."""

from __future__ import annotations

import itertools
import json

import pytest

from tests.reports.test_messages_inbox import VILLAGE, build_inbox, queued

BASE = "/api/v1/inbound/messages"
_TOKEN_NUMBERS = itertools.count()


def token_for(user) -> dict[str, str]:
    from pimpasa.accounts import services as accounts

    _token, raw = accounts.token_create(actor=None, user=user, name=f"test-{next(_TOKEN_NUMBERS)}")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def api_post(client, url, body, user):
    return client.post(url, json.dumps(body), content_type="application/json", **token_for(user))


@pytest.fixture
def inbox(org):
    return build_inbox(org)


CONVERT = {"category": "illegal_recruitment", "region": VILLAGE, "description": "Calo menawarkan kerja."}


def test_the_list_shows_the_offices_messages_new_first(org, client, inbox):
    response = client.get(BASE, **token_for(org.users["intel_ponorogo"]))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [m["external_id"] for m in body["items"]] == ["m-2", "m-1", "m-3"]
    first = body["items"][0]
    assert first == {
        "id": inbox["newer"].pk,
        "external_id": "m-2",
        "channel": "sms",
        "sender": "+6281234567890",
        "text": inbox["newer"].text,
        "media": [],
        "received_at": "2026-03-02T01:10:00Z",
        "status": "new",
        "report": None,
        "handled_by": None,
        "handled_at": None,
    }


def test_the_list_filters_and_masks_for_field_officers(org, client, inbox):
    from pimpasa.reports.masking import mask_phone

    response = client.get(
        BASE, {"status": "new", "channel": "whatsapp"}, **token_for(org.users["field_ponorogo"])
    )

    assert [(m["external_id"], m["sender"]) for m in response.json()["items"]] == [
        ("m-1", mask_phone("+6281234567890"))
    ]


@pytest.mark.parametrize("username", ["passport_ponorogo", "partner_polres", "admin", "national"])
def test_other_roles_are_refused_the_list(org, client, inbox, username):
    response = client.get(BASE, **token_for(org.users[username]))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_anonymous_gets_401(org, client, inbox):
    assert client.get(BASE).status_code == 401
    assert (
        client.post(
            f"{BASE}/{inbox['older'].pk}/convert", CONVERT, content_type="application/json"
        ).status_code
        == 401
    )


@pytest.mark.parametrize(
    ("username", "status"), [("field_ponorogo", 200), ("field_cianjur", 404), ("national", 404)]
)
def test_one_message(org, client, inbox, username, status):
    response = client.get(f"{BASE}/{inbox['older'].pk}", **token_for(org.users[username]))

    assert response.status_code == status


def test_convert_creates_the_report_and_queues_the_reply(org, client, inbox):
    from pimpasa.reports.models import Report

    response = api_post(client, f"{BASE}/{inbox['older'].pk}/convert", CONVERT, org.users["intel_ponorogo"])

    assert response.status_code == 201
    report = Report.objects.get()
    body = response.json()
    assert body["tracking_code"] == report.tracking_code
    assert (body["message"]["status"], body["message"]["report"], body["message"]["handled_by"]) == (
        "converted",
        report.tracking_code,
        "intel_ponorogo",
    )
    ids, jobs = queued()
    assert len(ids) == 1
    assert jobs == [{"message_id": ids[0]}]


def test_a_conversion_outside_the_offices_area_is_refused_and_queues_nothing(org, client, inbox):
    from pimpasa.reports.models import InboundMessage, Report

    response = api_post(
        client,
        f"{BASE}/{inbox['older'].pk}/convert",
        {**CONVERT, "region": "32.03.01.2001"},
        org.users["intel_ponorogo"],
    )

    assert response.status_code == 403
    assert Report.objects.count() == 0
    assert InboundMessage.objects.get(pk=inbox["older"].pk).status == "new"
    assert queued() == ([], [])


def test_an_unknown_category_is_422(org, client, inbox):
    response = api_post(
        client,
        f"{BASE}/{inbox['older'].pk}/convert",
        {**CONVERT, "category": "nope"},
        org.users["head_ponorogo"],
    )

    assert response.status_code == 422
    assert list(response.json()["details"]) == ["category_code"]
    assert queued() == ([], [])


@pytest.mark.parametrize(("username", "status"), [("field_ponorogo", 403), ("field_cianjur", 404)])
def test_convert_is_for_handlers_of_the_office(org, client, inbox, username, status):
    from pimpasa.reports.models import Report

    response = api_post(client, f"{BASE}/{inbox['older'].pk}/convert", CONVERT, org.users[username])

    assert response.status_code == status
    assert Report.objects.count() == 0


def test_converting_twice_is_refused(org, client, inbox):
    api_post(client, f"{BASE}/{inbox['older'].pk}/convert", CONVERT, org.users["intel_ponorogo"])

    again = api_post(client, f"{BASE}/{inbox['older'].pk}/convert", CONVERT, org.users["intel_ponorogo"])

    assert again.status_code == 422
    assert again.json()["code"] == "message_already_handled"


def test_attach_and_dismiss(org, client, inbox):
    from pimpasa.reports.services.intake import report_submit

    report = report_submit(
        actor=None,
        channel="public_web",
        category_code="question",
        description="Bagaimana cara kerja resmi?",
        region_code=VILLAGE,
    )

    attached = api_post(
        client,
        f"{BASE}/{inbox['older'].pk}/attach",
        {"tracking_code": report.tracking_code},
        org.users["intel_ponorogo"],
    )
    unknown = api_post(
        client, f"{BASE}/{inbox['newer'].pk}/attach", {"tracking_code": "HALO"}, org.users["intel_ponorogo"]
    )
    dismissed = api_post(
        client, f"{BASE}/{inbox['newer'].pk}/dismiss", {"reason": "spam"}, org.users["head_ponorogo"]
    )

    assert (attached.status_code, attached.json()["status"], attached.json()["report"]) == (
        200,
        "attached",
        report.tracking_code,
    )
    assert (unknown.status_code, unknown.json()["code"]) == (422, "report_not_found")
    assert (dismissed.status_code, dismissed.json()["status"]) == (200, "dismissed")
