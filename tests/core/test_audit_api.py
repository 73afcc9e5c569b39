"""GET /api/v1/audit: the same readers and filters as the audit page."""

from __future__ import annotations

import pytest

from pimpasa.core.models import TimelineEvent

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit"


def test_anonymous_callers_get_401(client, org):
    response = client.get(URL)

    assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")


@pytest.mark.parametrize("username", ["field_ponorogo", "intel_ponorogo", "head_ponorogo", "partner_polres"])
def test_users_without_an_audit_role_get_404(org, login, username):
    client = login(org.users[username])

    response = client.get(URL)

    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_national_reads_everything(org, login):
    client = login(org.users["national"])

    body = client.get(URL, {"limit": 500}).json()

    assert body["count"] == TimelineEvent.objects.count()
    assert {e["region_code"] for e in body["items"]} == {"", "32", "32.03", "35", "35.02"}


def test_regional_reads_its_province(org, login):
    client = login(org.users["regional_jabar"])

    body = client.get(URL, {"limit": 500}).json()

    assert {e["region_code"] for e in body["items"]} == {"32", "32.03"}


def test_events_carry_actor_target_and_data(org, login):
    client = login(org.users["national"])

    body = client.get(URL, {"event_type": "agency.created", "q": "Ponorogo"}).json()

    (event,) = body["items"]
    assert event["actor"] == "system"
    assert event["target_type"] == "organization.partneragency"
    assert event["target_id"] == str(org.agencies["polres_ponorogo"].pk)
    assert event["target_label"] == "Polres Ponorogo"
    assert event["region_code"] == "35.02"
    assert event["data"] == {"new": {"name": "Polres Ponorogo", "kind": "police", "area": "35.02"}}


def test_bad_filters_are_422(org, login):
    client = login(org.users["national"])

    assert client.get(URL, {"region": "Jawa"}).status_code == 422
    assert client.get(URL, {"date_from": "kemarin"}).status_code == 422
