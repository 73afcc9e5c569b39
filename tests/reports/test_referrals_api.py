"""Referral API: list and detail by scope, refer, answer or revoke through transitions, send links."""

from __future__ import annotations

import pytest

from tests.reports.test_referrals_helpers import add_agencies, make_report, refer, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(org):
    add_agencies(org)
    return make_report(org)


@pytest.fixture
def referral(org, report):
    return refer(org, report)


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_anonymous_callers_get_401(client, report, referral):
    for url in ("/api/v1/referrals", f"/api/v1/referrals/{referral.pk}"):
        assert client.get(url).status_code == 401
    for url, body in (
        (f"/api/v1/reports/{report.tracking_code}/referrals", {"agency": 1, "reason": "x"}),
        (f"/api/v1/referrals/{referral.pk}/transitions", {"to": "accepted"}),
        (f"/api/v1/referrals/{referral.pk}/link", {"to": "a@b.example"}),
    ):
        response = _post(client, url, body)
        assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")


@pytest.mark.parametrize(
    ("username", "count"),
    [
        ("partner_polres", 1),
        ("partner_cianjur", 0),
        ("intel_ponorogo", 1),
        ("field_cianjur", 0),
        ("admin", 0),
    ],
)
def test_the_list_holds_what_the_caller_may_read(org, referral, login, username, count):
    body = login(org.users[username]).get("/api/v1/referrals").json()

    assert body["count"] == count
    assert [item["id"] for item in body["items"]] == [referral.pk] * count


def test_agencies_do_not_get_the_report_code_nor_the_consent_and_link_details(org, referral, login):
    partner = login(org.users["partner_polres"]).get("/api/v1/referrals").json()["items"][0]

    assert partner == {
        "id": referral.pk,
        "report": None,
        "agency": {"id": org.agencies["polres_ponorogo"].pk, "name": "Polres Ponorogo"},
        "reason": "Mohon penyelidikan calo.",
        "shared_fields": ["summary", "description", "recruiters"],
        "status": "sent",
        "sent_at": partner["sent_at"],
        "accepted_at": None,
        "rejected_at": None,
        "done_at": None,
        "revoked_at": None,
        "reject_reason": "",
        "feedback": "",
        "outcome": "",
        "answered_by": "",
        "consent_recorded": None,
        "override_reason": None,
        "link_sent_to": None,
        "link_expires_at": None,
    }


def test_staff_get_the_report_code_and_consent_details(org, report, referral, login):
    client = login(org.users["intel_ponorogo"])

    item = client.get("/api/v1/referrals").json()["items"][0]

    assert (item["report"], item["consent_recorded"], item["override_reason"], item["link_sent_to"]) == (
        report.tracking_code,
        False,
        "",
        "",
    )


def test_the_list_filters(org, referral, login):
    client = login(org.users["intel_ponorogo"])

    assert client.get("/api/v1/referrals?status=sent").json()["count"] == 1
    assert client.get("/api/v1/referrals?status=done").json()["count"] == 0
    assert client.get(f"/api/v1/referrals?agency={org.agencies['bp3mi'].pk}").json()["count"] == 0
    assert client.get("/api/v1/referrals?date_to=2020-01-01").json()["count"] == 0
    assert client.get("/api/v1/referrals?status=lost").status_code == 422


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("partner_polres", 200),
        ("partner_cianjur", 404),
        ("field_ponorogo", 200),
        ("field_cianjur", 404),
        ("admin", 404),
    ],
)
def test_the_detail_exists_only_for_its_readers(org, referral, login, username, status):
    response = login(org.users[username]).get(f"/api/v1/referrals/{referral.pk}")

    assert response.status_code == status
    if status == 404:
        assert response.json()["code"] == "not_found"


def test_the_detail_holds_only_the_shared_parts(org, referral, login):
    shared = login(org.users["partner_polres"]).get(f"/api/v1/referrals/{referral.pk}").json()["shared"]

    assert shared == {
        "office": "Kantor Imigrasi Kelas II Non TPI Ponorogo",
        "category": "Perekrutan ilegal oleh calo/sponsor",
        "place": "Kabupaten Ponorogo, Jawa Timur",
        "occurred_on": "2026-02-10",
        "received_on": shared["received_on"],
        "description": "Calo menawarkan kerja di Malaysia tanpa dokumen.",
        "recruiters": [
            {
                "full_name": "Bambang Calo",
                "aliases": ["Pak Bam"],
                "nik_masked": "3502********0003",
                "phone": "",
                "birth_date": None,
                "sex": "",
                "home_region": "",
            }
        ],
        "victims": None,
        "organizations": None,
        "attachments": None,
        "withdrawn": False,
    }


def test_intelligence_refers_through_the_api(org, report, login):
    response = _post(
        login(org.users["intel_ponorogo"]),
        f"/api/v1/reports/{report.tracking_code}/referrals",
        {
            "agency": org.agencies["bp3mi"].pk,
            "reason": "Pendampingan korban.",
            "shared_fields": ["victims"],
            "consent_recorded": True,
            "consent_note": "Persetujuan tertulis.",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["shared_fields"], body["report"]) == (
        "sent",
        ["summary", "victims"],
        report.tracking_code,
    )
    assert [v["full_name"] for v in body["shared"]["victims"]] == ["Dewi Lestari"]
    report.refresh_from_db()
    assert report.status == "referred"


def test_victims_without_consent_are_refused_through_the_api(org, report, login):
    from pimpasa.reports.models import Referral

    response = _post(
        login(org.users["intel_ponorogo"]),
        f"/api/v1/reports/{report.tracking_code}/referrals",
        {"agency": org.agencies["bp3mi"].pk, "reason": "Pendampingan.", "shared_fields": ["victims"]},
    )

    assert (response.status_code, response.json()["code"]) == (422, "consent_required")
    assert Referral.objects.count() == 0


@pytest.mark.parametrize(
    ("username", "status"), [("field_ponorogo", 403), ("partner_polres", 404), ("field_cianjur", 404)]
)
def test_others_cannot_refer_through_the_api(org, report, login, username, status):
    from pimpasa.reports.models import Referral

    response = _post(
        login(org.users[username]),
        f"/api/v1/reports/{report.tracking_code}/referrals",
        {"agency": org.agencies["polres_ponorogo"].pk, "reason": "x"},
    )

    assert response.status_code == status
    assert Referral.objects.count() == 0


def test_the_partner_accepts_and_completes_through_the_api(org, referral, login):
    client = login(org.users["partner_polres"])
    url = f"/api/v1/referrals/{referral.pk}/transitions"

    accepted = _post(client, url, {"to": "accepted"})
    again = _post(client, url, {"to": "accepted"})
    done = _post(client, url, {"to": "done", "feedback": "Calo ditangkap.", "outcome": "Penyidikan"})

    assert (accepted.status_code, accepted.json()["status"], accepted.json()["answered_by"]) == (
        200,
        "accepted",
        "Partner Polres",
    )
    assert (again.status_code, again.json()["code"]) == (422, "invalid_transition")
    assert again.json()["details"] == {"from": "accepted", "to": "accepted"}
    assert (done.status_code, done.json()["status"], done.json()["feedback"]) == (
        200,
        "done",
        "Calo ditangkap.",
    )


@pytest.mark.parametrize(
    ("username", "to", "status"),
    [
        ("intel_ponorogo", "accepted", 403),
        ("field_ponorogo", "rejected", 403),
        ("partner_polres", "revoked", 403),
        ("partner_cianjur", "accepted", 404),
        ("field_ponorogo", "revoked", 403),
    ],
)
def test_transitions_by_the_wrong_side_are_refused(org, referral, login, username, to, status):
    before = snapshot(referral)

    response = _post(
        login(org.users[username]), f"/api/v1/referrals/{referral.pk}/transitions", {"to": to, "reason": "x"}
    )

    assert response.status_code == status
    assert snapshot(referral) == before


def test_the_office_revokes_through_the_api(org, referral, login):
    response = _post(
        login(org.users["intel_ponorogo"]),
        f"/api/v1/referrals/{referral.pk}/transitions",
        {"to": "revoked", "reason": "Salah alamat."},
    )

    assert (response.status_code, response.json()["status"]) == (200, "revoked")


def test_an_unknown_target_state_is_a_validation_error(org, referral, login):
    response = _post(
        login(org.users["partner_polres"]), f"/api/v1/referrals/{referral.pk}/transitions", {"to": "sent"}
    )

    assert (response.status_code, response.json()["code"]) == (422, "validation_failed")


def test_the_office_sends_a_link_through_the_api(org, referral, login):
    response = _post(
        login(org.users["intel_ponorogo"]),
        f"/api/v1/referrals/{referral.pk}/link",
        {"to": "081234567890", "channel": "sms"},
    )

    body = response.json()
    assert (response.status_code, body["link_sent_to"]) == (200, "+6281234567890")
    assert body["link_expires_at"] is not None
    assert "/reports/r/" not in response.content.decode()


def test_a_partner_cannot_send_links(org, referral, login):
    before = snapshot(referral)

    response = _post(
        login(org.users["partner_polres"]), f"/api/v1/referrals/{referral.pk}/link", {"to": "a@b.example"}
    )

    assert response.status_code == 403
    assert snapshot(referral) == before
