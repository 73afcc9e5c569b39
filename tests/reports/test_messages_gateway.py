"""The gateway webhook: POST /api/v1/inbound/messages, token of a gateway client, idempotent on its id."""

from __future__ import annotations

import json
import threading

import pytest

from tests.fixtures import make_user

URL = "/api/v1/inbound/messages"


def make_gateway(org, username: str = "gateway_ponorogo", unit: str = "ponorogo"):
    """Return a gateway client posted at ``unit`` (no role) and its raw API token."""
    from django.contrib.auth.models import Permission

    from pimpasa.accounts import services as accounts
    from pimpasa.organization.models import StaffPosting

    user = make_user(username)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="reports", codename="add_inboundmessage")
    )
    StaffPosting.objects.create(user=user, unit=org.units[unit], roles=[])
    _token, raw = accounts.token_create(actor=None, user=user, name="gateway")
    return user, raw


def payload(**extra):
    body = {
        "channel": "whatsapp",
        "from": "0812-3456-7890",
        "text": "Ada calo di desa kami menawarkan kerja ke Kamboja.",
        "media": [{"url": "https://gateway.example/media/1", "content_type": "image/jpeg"}],
        "received_at": "2026-03-02T09:15:00+07:00",
        "id": "wamid.HBgMNjI4MTIzNDU2Nzg5MA==",
    }
    body.update(extra)
    return body


def post(client, raw: str | None, body) -> object:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}
    return client.post(URL, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def gateway(org):
    return make_gateway(org)


def test_a_message_is_stored_for_the_gateways_office(org, client, gateway):
    from pimpasa.core.models import TimelineEvent
    from pimpasa.reports.models import InboundMessage

    user, raw = gateway

    response = post(client, raw, payload())

    assert response.status_code == 201
    message = InboundMessage.objects.get()
    assert response.json() == {
        "id": message.pk,
        "external_id": "wamid.HBgMNjI4MTIzNDU2Nzg5MA==",
        "channel": "whatsapp",
        "status": "new",
        "received_at": "2026-03-02T02:15:00Z",
        "created_at": response.json()["created_at"],
    }
    assert message.gateway == user
    assert message.unit == org.units["ponorogo"]
    assert message.sender == "+6281234567890"
    assert message.text == "Ada calo di desa kami menawarkan kerja ke Kamboja."
    assert message.media == [{"url": "https://gateway.example/media/1", "content_type": "image/jpeg"}]
    assert message.status == "new"
    event = TimelineEvent.objects.get(event_type="inbound_message.received")
    assert (event.actor_label, event.target_id, event.data) == (
        "gateway_ponorogo",
        str(message.pk),
        {"channel": "whatsapp", "media": 1},
    )


def test_the_same_message_posted_twice_is_one_inbox_item(org, client, gateway):
    from pimpasa.reports.models import InboundMessage

    _user, raw = gateway

    first = post(client, raw, payload())
    second = post(client, raw, payload(text="changed on the gateway's side"))

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    assert InboundMessage.objects.count() == 1
    assert InboundMessage.objects.get().text == "Ada calo di desa kami menawarkan kerja ke Kamboja."


def test_ids_are_per_gateway_client(org, client, gateway):
    from pimpasa.reports.models import InboundMessage

    _user, raw = gateway
    _other, other_raw = make_gateway(org, "gateway_cianjur", "cianjur")

    mine = post(client, raw, payload())
    theirs = post(client, other_raw, payload())

    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert sorted(InboundMessage.objects.values_list("unit__code", flat=True)) == [
        "kanim-cianjur",
        "kanim-ponorogo",
    ]


@pytest.mark.parametrize(
    ("sender", "stored"),
    [
        ("6281234567890", "+6281234567890"),
        ("+62 857-1234-5678", "+6285712345678"),
        ("+60123456789", "+60123456789"),
        # Foreign numbers are stored as intake stores a reporter's phone, so the two compare equal.
        ("+60 12-345 6789", "+60123456789"),
        ("WA-USER-42", "WA-USER-42"),
    ],
)
def test_the_sender_is_normalised_where_it_is_indonesian(org, client, gateway, sender, stored):
    from pimpasa.reports.models import InboundMessage

    response = post(client, gateway[1], payload(**{"from": sender}))

    assert response.status_code == 201
    assert InboundMessage.objects.get().sender == stored


def test_without_a_gateway_token_the_answer_is_401_and_nothing_is_stored(org, client, login):
    from pimpasa.accounts import services as accounts
    from pimpasa.reports.models import InboundMessage

    _token, intel_raw = accounts.token_create(actor=None, user=org.users["intel_ponorogo"], name="script")

    answers = {
        "no token": post(client, None, payload()),
        "unknown token": post(client, "pmp_not-a-real-token", payload()),
        "staff token": post(client, intel_raw, payload()),
        "signed-in session": post(login(org.users["intel_ponorogo"]), None, payload()),
    }

    assert {k: r.status_code for k, r in answers.items()} == dict.fromkeys(answers, 401)
    assert answers["no token"].json()["code"] == "unauthenticated"
    assert InboundMessage.objects.count() == 0


def test_a_gateway_user_without_an_office_is_refused(org, client):
    from django.contrib.auth.models import Permission

    from pimpasa.accounts import services as accounts
    from pimpasa.reports.models import InboundMessage

    user = make_user("gateway_nowhere")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="reports", codename="add_inboundmessage")
    )
    _token, raw = accounts.token_create(actor=None, user=user, name="gateway")

    response = post(client, raw, payload())

    assert response.status_code == 401
    assert InboundMessage.objects.count() == 0


def test_a_revoked_gateway_permission_stops_the_token(org, client, gateway):
    user, raw = gateway
    user.user_permissions.clear()

    assert post(client, raw, payload()).status_code == 401


@pytest.mark.parametrize(
    "change",
    [
        {"channel": "telegram"},
        {"id": ""},
        {"from": ""},
        {"received_at": "yesterday"},
        {"media": [{"content_type": "image/jpeg"}]},
        {"media": [{"url": "https://gateway.example/m"}] * 11},
    ],
)
def test_a_bad_body_is_422_and_nothing_is_stored(org, client, gateway, change):
    from pimpasa.reports.models import InboundMessage

    response = post(client, gateway[1], payload(**change))

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert InboundMessage.objects.count() == 0


def test_a_missing_field_is_422(org, client, gateway):
    body = payload()
    del body["id"]

    assert post(client, gateway[1], body).status_code == 422


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_of_one_message_make_one_row(org):
    from django.db import connection

    from pimpasa.reports.models import InboundMessage
    from pimpasa.reports.services.messages import inbound_receive

    user, _raw = make_gateway(org)
    barrier = threading.Barrier(4)
    created: list[bool] = []
    errors: list[BaseException] = []

    def receive() -> None:
        from pimpasa.accounts.models import User

        try:
            gateway = User.objects.get(pk=user.pk)
            barrier.wait(timeout=30)
            _message, was_created = inbound_receive(
                gateway=gateway,
                external_id="sms-7",
                channel="sms",
                sender="081234567890",
                text="halo",
                received_at=InboundMessage._meta.get_field("received_at").to_python(
                    "2026-03-02T09:00:00+07:00"
                ),
            )
            created.append(was_created)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=receive) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(created) == [False, False, False, True]
    assert InboundMessage.objects.filter(external_id="sms-7").count() == 1
