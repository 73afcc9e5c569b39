"""Referral pages: the list and a referral's page for staff and partner users, referring, links, revoking."""

from __future__ import annotations

import pytest

from tests.reports.test_referrals_helpers import add_agencies, event_types, make_report, refer, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(org):
    add_agencies(org)
    return make_report(org)


@pytest.fixture
def referrals(org, report):
    """A referral to Polres Ponorogo (recruiters shared) and one to the BP3MI (victims with consent)."""
    polres = refer(org, report)
    bp3mi = refer(
        org,
        report,
        agency="bp3mi",
        shared_fields=["victims"],
        consent_recorded=True,
        consent_note="Persetujuan tertulis korban.",
    )
    return {"polres": polres, "bp3mi": bp3mi}


def _ids(response):
    return [referral.pk for referral in response.context["page"]]


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("intel_ponorogo", ["bp3mi", "polres"]),
        ("field_ponorogo", ["bp3mi", "polres"]),
        ("regional_jatim", ["bp3mi", "polres"]),
        ("partner_polres", ["polres"]),
        ("partner_cianjur", []),
        ("field_cianjur", []),
        ("admin", []),
        ("passport_ponorogo", []),
    ],
)
def test_the_list_holds_the_referrals_each_user_may_read(org, referrals, login, username, expected):
    response = login(org.users[username]).get("/reports/referrals/")

    assert response.status_code == 200
    assert _ids(response) == [referrals[name].pk for name in expected]


def test_the_list_filters_by_status_agency_and_dates(org, referrals, login):
    from django.utils import timezone

    from pimpasa.reports.services.referrals import referral_accept

    referral_accept(actor=org.users["partner_polres"], referral=referrals["polres"])
    client = login(org.users["intel_ponorogo"])
    today = timezone.localdate(referrals["polres"].sent_at).isoformat()

    assert _ids(client.get("/reports/referrals/?status=accepted")) == [referrals["polres"].pk]
    assert _ids(client.get(f"/reports/referrals/?agency={org.agencies['bp3mi'].pk}")) == [
        referrals["bp3mi"].pk
    ]
    assert len(_ids(client.get(f"/reports/referrals/?date_from={today}&date_to={today}"))) == 2
    assert _ids(client.get("/reports/referrals/?date_from=2020-01-01&date_to=2020-01-31")) == []


def test_the_partner_list_does_not_name_reports(org, report, referrals, login):
    response = login(org.users["partner_polres"]).get("/reports/referrals/")

    assert report.tracking_code not in response.content.decode()
    assert "agency" not in response.context["form"].fields


def test_the_list_page_costs_the_same_queries_for_more_referrals(
    org, report, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(org.users["intel_ponorogo"])
    refer(org, report)
    with CaptureQueriesContext(connection) as one:
        client.get("/reports/referrals/")
    refer(org, report, agency="bp3mi")
    second = make_report(org)
    refer(org, second)

    with django_assert_max_num_queries(len(one)):
        client.get("/reports/referrals/")


def test_anonymous_users_are_sent_to_login(client, report, referrals):
    for url in (
        "/reports/referrals/",
        f"/reports/referrals/{referrals['polres'].pk}/",
        f"/reports/{report.tracking_code}/referrals/new/",
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("partner_polres", 200),
        ("partner_cianjur", 404),
        ("intel_ponorogo", 200),
        ("field_ponorogo", 200),
        ("field_cianjur", 404),
        ("admin", 404),
    ],
)
def test_a_referral_page_exists_only_for_its_readers(org, referrals, login, username, status):
    response = login(org.users[username]).get(f"/reports/referrals/{referrals['polres'].pk}/")

    assert response.status_code == status


def test_the_agency_sees_the_shared_parts_and_never_the_reporter(org, report, referrals, login):
    from tests.reports.test_referrals_helpers import events

    response = login(org.users["partner_polres"]).get(f"/reports/referrals/{referrals['polres'].pk}/")

    html = response.content.decode()
    assert "Bambang Calo" in html and "3502********0003" in html
    assert "Calo menawarkan kerja di Malaysia" in html
    for hidden in (
        "Siti Pelapor",
        "+6281200000001",
        "Dewi Lestari",
        "Saksi Tetangga",
        report.tracking_code,
        "PT Maju Jaya",
    ):
        assert hidden not in html
    assert response.context["can_answer"] is True
    assert response.context["can_manage"] is False
    (viewed,) = events("referral.viewed")
    assert viewed.actor == org.users["partner_polres"]


def test_the_partner_accepts_and_reports_back_in_the_ui(org, referrals, login):
    client = login(org.users["partner_polres"])
    url = f"/reports/referrals/{referrals['polres'].pk}/"

    accepted = client.post(url + "answer/", {"action": "accept"})
    done = client.post(
        url + "answer/", {"action": "done", "feedback": "Calo diperiksa.", "outcome": "Penyidikan"}
    )

    assert (accepted.status_code, accepted["Location"]) == (302, url)
    assert (done.status_code, done["Location"]) == (302, url)
    referral = referrals["polres"]
    referral.refresh_from_db()
    assert (referral.status, referral.feedback, referral.outcome, referral.answered_by_label) == (
        "done",
        "Calo diperiksa.",
        "Penyidikan",
        "Partner Polres",
    )


def test_rejecting_in_the_ui_needs_a_reason(org, referrals, login):
    client = login(org.users["partner_polres"])
    before = snapshot(referrals["polres"])

    response = client.post(
        f"/reports/referrals/{referrals['polres'].pk}/answer/", {"action": "reject", "reason": ""}
    )

    assert response.status_code == 422
    assert snapshot(referrals["polres"]) == before


def test_an_answer_the_workflow_refuses_is_shown_and_changes_nothing(org, referrals, login):
    client = login(org.users["partner_polres"])
    client.cookies["django_language"] = "en"
    before = snapshot(referrals["polres"])

    response = client.post(
        f"/reports/referrals/{referrals['polres'].pk}/answer/", {"action": "done", "feedback": "x"}
    )

    assert response.status_code == 422
    assert "A referral that is sent cannot become done." in response.content.decode()
    assert snapshot(referrals["polres"]) == before


@pytest.mark.parametrize(
    ("username", "status"), [("intel_ponorogo", 403), ("field_ponorogo", 403), ("partner_cianjur", 404)]
)
def test_only_the_agency_answers_in_the_ui(org, referrals, login, username, status):
    before = snapshot(referrals["polres"])

    response = login(org.users[username]).post(
        f"/reports/referrals/{referrals['polres'].pk}/answer/", {"action": "accept"}
    )

    assert response.status_code == status
    assert snapshot(referrals["polres"]) == before


def test_intelligence_refers_from_the_form(org, report, login):
    from pimpasa.reports.models import Referral

    client = login(org.users["intel_ponorogo"])
    assert client.get(f"/reports/{report.tracking_code}/referrals/new/").status_code == 200

    response = client.post(
        f"/reports/{report.tracking_code}/referrals/new/",
        {
            "agency": org.agencies["polres_ponorogo"].pk,
            "reason": "Mohon penyelidikan.",
            "shared_fields": ["description", "recruiters"],
        },
    )

    referral = Referral.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/reports/referrals/{referral.pk}/")
    assert referral.shared_fields == ["summary", "description", "recruiters"]


def test_the_form_refuses_victims_data_without_consent(org, report, login):
    from pimpasa.reports.models import Referral

    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"

    response = client.post(
        f"/reports/{report.tracking_code}/referrals/new/",
        {"agency": org.agencies["bp3mi"].pk, "reason": "Pendampingan korban.", "shared_fields": ["victims"]},
    )

    assert response.status_code == 422
    assert "needs the victim&#x27;s consent" in response.content.decode()
    assert Referral.objects.count() == 0


def test_the_form_offers_only_agencies_of_the_office_area(org, report, login):
    response = login(org.users["intel_ponorogo"]).get(f"/reports/{report.tracking_code}/referrals/new/")

    names = [agency.name for agency in response.context["form"].fields["agency"].queryset]
    assert names == ["BP3MI Jawa Timur", "Polres Ponorogo"]


@pytest.mark.parametrize(
    ("username", "status"), [("field_ponorogo", 403), ("regional_jatim", 403), ("field_cianjur", 404)]
)
def test_readers_who_do_not_triage_cannot_refer_in_the_ui(org, report, login, username, status):
    from pimpasa.reports.models import Referral

    client = login(org.users[username])

    get = client.get(f"/reports/{report.tracking_code}/referrals/new/")
    post = client.post(
        f"/reports/{report.tracking_code}/referrals/new/",
        {"agency": org.agencies["polres_ponorogo"].pk, "reason": "x", "shared_fields": ["description"]},
    )

    assert (get.status_code, post.status_code) == (status, status)
    assert Referral.objects.count() == 0


def test_the_office_sends_a_link_from_the_page_which_defers_the_mail(org, referrals, login):
    from procrastinate.contrib.django.models import ProcrastinateJob

    from pimpasa.reports.signing import link_lifetime

    referral = referrals["bp3mi"]
    client = login(org.users["intel_ponorogo"])

    response = client.post(f"/reports/referrals/{referral.pk}/link/", {"to": "pengaduan@bp3mi-jatim.example"})

    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.link_sent_to, referral.link_version) == ("pengaduan@bp3mi-jatim.example", 2)
    (job,) = ProcrastinateJob.objects.filter(
        task_name="reports.send_referral_link", args__referral_id=referral.pk
    )
    assert job.args == {
        "referral_id": referral.pk,
        "link_version": 2,
        "issued_at": int((referral.link_expires_at - link_lifetime()).timestamp()),
        "to": "pengaduan@bp3mi-jatim.example",
    }
    assert (job.status, job.queue_name) == ("todo", "mail")


@pytest.mark.parametrize(
    ("username", "status"), [("field_ponorogo", 403), ("partner_polres", 403), ("field_cianjur", 404)]
)
def test_others_cannot_send_links_or_revoke(org, referrals, login, username, status):
    referral = referrals["polres"]
    before = snapshot(referral)
    client = login(org.users[username])

    link = client.post(f"/reports/referrals/{referral.pk}/link/", {"to": "a@b.example"})
    revoke = client.post(f"/reports/referrals/{referral.pk}/revoke/", {"reason": "x"})

    assert (link.status_code, revoke.status_code) == (status, status)
    assert snapshot(referral) == before
    assert event_types() == ["referral.sent", "referral.sent"]


def test_the_office_revokes_from_the_page(org, referrals, login):
    referral = referrals["polres"]

    response = login(org.users["head_ponorogo"]).post(
        f"/reports/referrals/{referral.pk}/revoke/", {"reason": "Salah alamat."}
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.link_version) == ("revoked", 2)


def test_the_panel_of_the_report_page(org, report, referrals, rf):
    from django.template.loader import render_to_string

    from pimpasa.reports.selectors.referrals import report_referrals
    from pimpasa.reports.services.referrals import can_refer

    request = rf.get("/")
    request.user = org.users["intel_ponorogo"]
    rows = report_referrals(user=request.user, report=report)

    html = render_to_string(
        "reports/referrals/_panel.html",
        {"report": report, "referrals": rows, "can_refer": can_refer(request.user, report)},
        request=request,
    )

    assert [r.agency.name for r in rows] == ["Polres Ponorogo", "BP3MI Jawa Timur"]
    assert f"/reports/{report.tracking_code}/referrals/new/" in html
    assert f"/reports/referrals/{referrals['polres'].pk}/revoke/" in html
    assert f"/reports/referrals/{referrals['bp3mi'].pk}/link/" in html
    request.user = org.users["field_ponorogo"]
    read_only = render_to_string(
        "reports/referrals/_panel.html",
        {"report": report, "referrals": rows, "can_refer": can_refer(request.user, report)},
        request=request,
    )
    assert "/revoke/" not in read_only and "/referrals/new/" not in read_only


def test_the_report_page_carries_the_referral_panel(org, report, referrals, login):
    response = login(org.users["intel_ponorogo"]).get(report.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="referrals-panel"' in html
    assert f"/reports/referrals/{referrals['polres'].pk}/" in html
    assert f"/reports/{report.tracking_code}/referrals/new/" in html


@pytest.mark.parametrize(
    ("username", "phone_shown"),
    [
        ("partner_cianjur", None),  # not its agency: 404
        ("field_ponorogo", "0814****0003"),
        ("intel_ponorogo", "+6281400000003"),
    ],
)
def test_shared_victims_phones_are_masked_for_staff_who_see_them_masked_on_the_report(
    org, referrals, login, username, phone_shown
):
    client = login(org.users[username])

    page = client.get(f"/reports/referrals/{referrals['bp3mi'].pk}/")
    api = client.get(f"/api/v1/referrals/{referrals['bp3mi'].pk}")

    if phone_shown is None:
        assert (page.status_code, api.status_code) == (404, 404)
        return
    assert [v.phone for v in page.context["view"].victims] == [phone_shown]
    assert [v["phone"] for v in api.json()["shared"]["victims"]] == [phone_shown]
    if phone_shown != "+6281400000003":
        assert "+6281400000003" not in page.content.decode()


def test_the_agency_reads_the_victims_phone_it_was_given(org, referrals, login):
    from pimpasa.core.roles import Role
    from pimpasa.organization import services
    from tests.fixtures import make_user

    partner = make_user("partner_bp3mi")
    services.posting_set(actor=None, user=partner, agency=org.agencies["bp3mi"], roles=[Role.PARTNER])
    client = login(partner)

    page = client.get(f"/reports/referrals/{referrals['bp3mi'].pk}/")
    api = client.get(f"/api/v1/referrals/{referrals['bp3mi'].pk}")

    assert [v.phone for v in page.context["view"].victims] == ["+6281400000003"]
    assert [v["phone"] for v in api.json()["shared"]["victims"]] == ["+6281400000003"]
