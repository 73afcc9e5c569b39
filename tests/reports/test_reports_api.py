"""Reports API: scope (404 outside), masking, intake by token and session, workflow, links, logged reveals."""

from __future__ import annotations

import pytest

from pimpasa.core.models import TimelineEvent
from pimpasa.reports.models import Report
from pimpasa.watchlist.services import entry_create
from tests.reports.report_factories import CIANJUR_VILLAGE, NIK_MAN, NIK_WOMAN, submit

pytestmark = pytest.mark.django_db


def _token(user):
    from pimpasa.accounts.services import token_create

    _row, raw = token_create(actor=None, user=user, name="integration")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _events(report, event_type):
    return TimelineEvent.objects.filter(
        target_type="reports.report", target_id=str(report.pk), event_type=event_type
    ).count()


@pytest.fixture
def reports(org):
    ponorogo = submit(
        None,
        reporter_mode="confidential",
        reporter_name="Ibu Warni",
        people=[
            {
                "role": "potential_victim",
                "full_name": "Sri Wahyuni",
                "nik": NIK_WOMAN,
                "phone": "081211112222",
            }
        ],
    )
    cianjur = submit(None, region_code=CIANJUR_VILLAGE)
    restricted = submit(None, restricted=True)
    return {"ponorogo": ponorogo, "cianjur": cianjur, "restricted": restricted}


def test_anonymous_callers_get_401(client, reports):
    assert client.get("/api/v1/reports").status_code == 401
    assert client.get(f"/api/v1/reports/{reports['ponorogo'].tracking_code}").status_code == 401


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("field_ponorogo", ["ponorogo"]),
        ("intel_ponorogo", ["ponorogo"]),
        ("head_ponorogo", ["restricted", "ponorogo"]),
        ("regional_jabar", ["cianjur"]),
        ("national", ["cianjur", "ponorogo"]),
    ],
)
def test_the_list_holds_what_the_caller_may_read(org, reports, login, username, expected):
    body = login(org.users[username]).get("/api/v1/reports").json()

    assert sorted(item["tracking_code"] for item in body["items"]) == sorted(
        reports[k].tracking_code for k in expected
    )
    assert body["count"] == len(expected)


@pytest.mark.parametrize("username", ["admin", "partner_polres", "passport_ponorogo"])
def test_non_case_roles_get_404(org, reports, login, username):
    client = login(org.users[username])

    assert client.get("/api/v1/reports").status_code == 404
    assert client.get(f"/api/v1/reports/{reports['ponorogo'].tracking_code}").status_code == 404


def test_out_of_scope_and_restricted_reports_are_404(org, reports, login):
    client = login(org.users["field_ponorogo"])

    for key in ("cianjur", "restricted"):
        code = reports[key].tracking_code
        response = client.get(f"/api/v1/reports/{code}")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert client.get(f"/api/v1/reports/{code}/related").status_code == 404


def test_the_detail_masks_the_nik_and_carries_no_reporter_identity(org, reports, login):
    body = (
        login(org.users["field_ponorogo"]).get(f"/api/v1/reports/{reports['ponorogo'].tracking_code}").json()
    )

    assert body["people"][0]["nik_masked"] == "3502********0001"
    assert body["people"][0]["phone"] == "0812****2222"
    assert body["reporter_mode"] == "confidential"
    assert "Ibu Warni" not in str(body) and NIK_WOMAN not in str(body)
    assert body["watchlist_hits"] is None
    assert body["allowed_transitions"] == []


def test_the_full_nik_and_the_reporter_are_logged_reads_for_intelligence(org, reports, login):
    report = reports["ponorogo"]
    person = report.people.get()
    intel = login(org.users["intel_ponorogo"])

    nik = intel.get(f"/api/v1/reports/{report.tracking_code}/people/{person.pk}/nik")
    reporter = intel.get(f"/api/v1/reports/{report.tracking_code}/reporter")

    assert nik.json() == {"person_id": person.pk, "nik": NIK_WOMAN}
    assert reporter.json() == {"mode": "confidential", "name": "Ibu Warni", "phone": "", "contact": ""}
    assert (_events(report, "report.nik_viewed"), _events(report, "report.reporter_viewed")) == (1, 1)


def test_a_field_officer_gets_403_on_the_reveals_and_nothing_is_logged(org, reports, login):
    report = reports["ponorogo"]
    person = report.people.get()
    client = login(org.users["field_ponorogo"])

    assert client.get(f"/api/v1/reports/{report.tracking_code}/people/{person.pk}/nik").status_code == 403
    assert client.get(f"/api/v1/reports/{report.tracking_code}/reporter").status_code == 403
    assert (_events(report, "report.nik_viewed"), _events(report, "report.reporter_viewed")) == (0, 0)


def test_a_token_submits_through_the_api_channel_and_matching_runs(org):
    from django.test import Client

    entry_create(actor=None, ref="WL-7", full_name="Drs. H. Bambang Soepriyanto", nik=NIK_MAN)
    headers = _token(org.users["intel_ponorogo"])
    payload = {
        "category": "illegal_recruitment",
        "description": "Perekrutan ke Malaysia.",
        "region": "35.02.01.2001",
        "destination_country": "MY",
        "urgency": "high",
        "people": [{"role": "suspected_recruiter", "full_name": "Bambang Supriyanto", "nik": NIK_MAN}],
    }

    response = Client().post("/api/v1/reports", payload, content_type="application/json", **headers)

    assert response.status_code == 201, response.content
    body = response.json()
    report = Report.objects.get(tracking_code=body["tracking_code"])
    assert report.channel == "api"
    assert [(h["ref"], h["person_id"]) for h in body["watchlist_hits"]] == [("WL-7", report.people.get().pk)]
    assert body["people"][0]["nik_masked"] == "3502********0002"


def test_a_signed_in_officer_submits_as_field_officer(org, login):
    response = login(org.users["field_ponorogo"]).post(
        "/api/v1/reports",
        {"category": "question", "description": "Cara membuat paspor?", "region": "35.02.01.2001"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert Report.objects.get().channel == "field_officer"


def test_a_bad_nik_is_named_in_the_error_and_nothing_is_written(org, login):
    response = login(org.users["field_ponorogo"]).post(
        "/api/v1/reports",
        {
            "category": "question",
            "description": "x",
            "region": "35.02.01.2001",
            "people": [{"role": "witness", "full_name": "A", "nik": "1111"}],
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert list(response.json()["details"]) == ["people[0].nik"]
    assert Report.objects.count() == 0


def test_workflow_through_the_api_and_a_refused_move(org, reports, login):
    code = reports["ponorogo"].tracking_code
    client = login(org.users["intel_ponorogo"])
    url = f"/api/v1/reports/{code}/transitions"

    refused = client.post(url, {"to": "closed", "outcome": "duplicate"}, content_type="application/json")
    verified = client.post(url, {"to": "verified", "note": "Cek lapangan"}, content_type="application/json")
    follow = client.post(
        url, {"to": "in_follow_up", "assigned_to": "field_ponorogo"}, content_type="application/json"
    )

    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_transition"
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    assert follow.json()["status"] == "in_follow_up"
    assert follow.json()["assigned_to"] == "field_ponorogo"
    assert follow.json()["allowed_transitions"] == ["closed", "referred"]


def test_a_field_officer_may_not_move_a_report(org, reports, login):
    response = login(org.users["field_ponorogo"]).post(
        f"/api/v1/reports/{reports['ponorogo'].tracking_code}/transitions",
        {"to": "verified"},
        content_type="application/json",
    )

    assert response.status_code == 403
    reports["ponorogo"].refresh_from_db()
    assert reports["ponorogo"].status == "received"


def test_links_and_related_through_the_api(org, reports, login):
    client = login(org.users["head_ponorogo"])
    a, b = reports["ponorogo"], reports["restricted"]

    related = client.get(f"/api/v1/reports/{a.tracking_code}/related").json()
    linked = client.post(
        f"/api/v1/reports/{a.tracking_code}/links",
        {"other": b.tracking_code, "kind": "duplicate"},
        content_type="application/json",
    )
    unknown = client.post(
        f"/api/v1/reports/{a.tracking_code}/links",
        {"other": reports["cianjur"].tracking_code, "kind": "related"},
        content_type="application/json",
    )

    assert [(r["tracking_code"], r["reasons"]) for r in related] == [(b.tracking_code, ["place"])]
    assert linked.json()["links"] == [{"other": b.tracking_code, "kind": "duplicate"}]
    assert unknown.status_code == 404
    assert client.get(f"/api/v1/reports/{a.tracking_code}/related").json() == []
    assert client.delete(f"/api/v1/reports/{a.tracking_code}/links/{b.tracking_code}").status_code == 204


def test_categories_are_listed_in_order(org, login):
    body = login(org.users["field_ponorogo"]).get("/api/v1/report-categories").json()

    assert [c["code"] for c in body][:3] == ["illegal_recruitment", "planned_departure", "victim_returnee"]
    assert len(body) == 9


def test_list_filters_match_the_page(org, reports, login):
    client = login(org.users["national"])

    body = client.get("/api/v1/reports", {"region": "32"}).json()

    assert [i["tracking_code"] for i in body["items"]] == [reports["cianjur"].tracking_code]
