"""Query counts of the lists: the API lists and the export cost the same for more rows (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.reports.report_factories import submit, walk
from tests.reports.test_messages_gateway import make_gateway
from tests.reports.test_messages_inbox import receive
from tests.reports.test_referrals_helpers import add_agencies, make_report, refer

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response


def _reports(org, n: int) -> None:
    intel = org.users["intel_ponorogo"]
    for i in range(n):
        report = submit(None, people=[{"role": "witness", "full_name": f"Saksi {i}"}])
        walk(report, intel, ("verified", {}), ("in_follow_up", {"assigned_to": "field_ponorogo"}))


@pytest.mark.parametrize("url", ["/api/v1/reports", "/api/v1/reports?overdue=true&status=received"])
def test_the_report_api_list_costs_the_same_for_more_reports(org, login, url):
    client = login(org.users["intel_ponorogo"])
    _reports(org, 2)
    client.get(url)  # warm the session and the user's posting

    few, _ = _count(client, url)
    _reports(org, 5)
    more, response = _count(client, url)

    assert more == few
    if "overdue" not in url:
        assert response.json()["count"] == 7


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_costs_the_same_for_more_reports(org, login, fmt):
    client = login(org.users["intel_ponorogo"])
    url = reverse("reports:export", args=[fmt])
    _reports(org, 2)
    client.get(url)

    few, _ = _count(client, url)
    _reports(org, 5)
    more, _ = _count(client, url)

    assert more == few


@pytest.mark.parametrize("username", ["intel_ponorogo", "partner_polres"])
def test_the_referral_api_list_costs_the_same_for_more_referrals(org, login, username):
    add_agencies(org)
    client = login(org.users[username])
    refer(org, make_report(org))
    client.get("/api/v1/referrals")

    few, _ = _count(client, "/api/v1/referrals")
    for _ in range(4):
        refer(org, make_report(org))
    more, response = _count(client, "/api/v1/referrals")

    assert more == few
    assert response.json()["count"] == 5


@pytest.mark.parametrize("username", ["field_ponorogo", "intel_ponorogo"])
def test_the_inbox_api_list_costs_the_same_for_more_messages(org, login, username):
    gateway, _raw = make_gateway(org)
    client = login(org.users[username])
    receive(gateway, "q-0")
    client.get("/api/v1/inbound/messages")

    few, _ = _count(client, "/api/v1/inbound/messages")
    for n in range(1, 6):
        receive(gateway, f"q-{n}", minutes=n)
    more, response = _count(client, "/api/v1/inbound/messages")

    assert more == few
    assert response.json()["count"] == 6
