"""Referral services: who refers, the consent rule for victims' data, the workflow and its timeline."""

from __future__ import annotations

import pytest

from pimpasa.core.errors import NotFound, PermissionDenied, ValidationFailed
from tests.reports.test_referrals_helpers import (
    add_agencies,
    event_types,
    events,
    make_report,
    refer,
    snapshot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(org):
    add_agencies(org)
    return make_report(org)


def _referral_count():
    from pimpasa.reports.models import Referral

    return Referral.objects.count()


def test_intelligence_refers_a_report_in_follow_up_which_becomes_referred(org, report):
    referral = refer(org, report, shared_fields=["recruiters", "description"])

    report.refresh_from_db()
    assert (referral.status, referral.agency, referral.created_by) == (
        "sent",
        org.agencies["polres_ponorogo"],
        org.users["intel_ponorogo"],
    )
    assert referral.shared_fields == ["summary", "description", "recruiters"]
    assert referral.sent_at is not None
    assert (referral.consent_recorded, referral.override_by, referral.link_version) == (False, None, 1)
    assert report.status == "referred"
    assert report.referred_at is not None
    (sent,) = events("referral.sent")
    assert (sent.actor, sent.region_code, sent.target_id, sent.reason) == (
        org.users["intel_ponorogo"],
        "35.02.01.2001",
        str(referral.pk),
        "Mohon penyelidikan calo.",
    )
    assert sent.data["agency"] == {"id": org.agencies["polres_ponorogo"].pk, "name": "Polres Ponorogo"}
    assert sent.data["shared_fields"] == ["summary", "description", "recruiters"]


def test_a_verified_report_is_referred_without_changing_its_status(org):
    add_agencies(org)
    report = make_report(org, status="verified")

    refer(org, report)

    report.refresh_from_db()
    assert report.status == "verified"


@pytest.mark.parametrize("status", ["closed", "rejected"])
def test_a_closed_or_rejected_report_cannot_be_referred(org, status):
    add_agencies(org)
    report = make_report(org, status=status)

    with pytest.raises(ValidationFailed) as exc:
        refer(org, report)

    assert exc.value.code == "report_not_open"
    assert _referral_count() == 0


def test_victims_data_without_consent_is_refused_and_nothing_is_written(org, report):
    with pytest.raises(ValidationFailed) as exc:
        refer(org, report, shared_fields=["victims"])

    assert exc.value.code == "consent_required"
    report.refresh_from_db()
    assert (_referral_count(), report.status, event_types()) == (0, "in_follow_up", [])


def test_consent_ticked_without_a_note_is_not_enough(org, report):
    with pytest.raises(ValidationFailed) as exc:
        refer(org, report, shared_fields=["victims"], consent_recorded=True, consent_note="  ")

    assert exc.value.code == "consent_required"
    assert _referral_count() == 0


def test_victims_data_with_recorded_consent_is_shared(org, report):
    referral = refer(
        org,
        report,
        agency="bp3mi",
        shared_fields=["victims"],
        consent_recorded=True,
        consent_note="Persetujuan lisan korban di kantor desa, 12 Feb 2026.",
    )

    assert referral.shared_fields == ["summary", "victims"]
    assert (referral.consent_recorded, referral.consent_note) == (
        True,
        "Persetujuan lisan korban di kantor desa, 12 Feb 2026.",
    )
    assert (referral.override_by, referral.override_reason) == (None, "")


def test_intelligence_staff_cannot_override_consent(org, report):
    with pytest.raises(ValidationFailed) as exc:
        refer(org, report, shared_fields=["victims"], override_reason="Korban dalam bahaya.")

    assert exc.value.code == "consent_required"
    assert _referral_count() == 0


def test_the_office_head_overrides_consent_with_a_reason(org, report):
    referral = refer(
        org, report, actor="head_ponorogo", shared_fields=["victims"], override_reason="Korban dalam bahaya."
    )

    assert (referral.override_by, referral.override_reason, referral.consent_recorded) == (
        org.users["head_ponorogo"],
        "Korban dalam bahaya.",
        False,
    )
    assert events("referral.sent")[0].data["override_reason"] == "Korban dalam bahaya."


def test_the_office_head_needs_a_reason_to_override(org, report):
    with pytest.raises(ValidationFailed) as exc:
        refer(org, report, actor="head_ponorogo", shared_fields=["victims"], override_reason=" ")

    assert exc.value.code == "consent_required"
    assert _referral_count() == 0


def test_consent_fields_are_dropped_when_no_victim_data_is_shared(org, report):
    referral = refer(org, report, consent_recorded=True, consent_note="x", override_reason="y")

    assert (referral.consent_recorded, referral.consent_note, referral.override_reason) == (False, "", "")


@pytest.mark.parametrize("username", ["field_ponorogo", "regional_jatim", "national"])
def test_readers_who_do_not_triage_cannot_refer(org, report, username):
    with pytest.raises(PermissionDenied):
        refer(org, report, actor=username)

    assert (_referral_count(), event_types()) == (0, [])


@pytest.mark.parametrize("username", ["field_cianjur", "passport_ponorogo", "partner_polres", "admin"])
def test_users_who_cannot_read_the_report_get_not_found(org, report, username):
    with pytest.raises(NotFound):
        refer(org, report, actor=username)

    assert _referral_count() == 0


def test_an_agency_outside_the_office_area_cannot_be_chosen(org, report):
    with pytest.raises(ValidationFailed) as exc:
        refer(org, report, agency="polres_cianjur")

    assert exc.value.code == "unknown_agency"
    assert _referral_count() == 0


def test_unknown_shared_fields_and_a_blank_reason_are_refused(org, report):
    with pytest.raises(ValidationFailed) as unknown:
        refer(org, report, shared_fields=["reporter"])
    with pytest.raises(ValidationFailed) as blank:
        refer(org, report, reason="   ")

    assert unknown.value.details == {"shared_fields": ["reporter"]}
    assert blank.value.details == {"reason": ""}
    assert _referral_count() == 0


def test_one_open_referral_per_agency(org, report):
    refer(org, report)

    with pytest.raises(ValidationFailed) as exc:
        refer(org, report)

    assert exc.value.code == "referral_exists"
    assert _referral_count() == 1


def test_partner_of_the_agency_accepts_then_reports_done(org, report):
    from pimpasa.reports.services.referrals import referral_accept, referral_complete

    referral = refer(org, report)
    partner = org.users["partner_polres"]

    referral_accept(actor=partner, referral=referral)
    referral_complete(
        actor=partner, referral=referral, feedback="Calo diperiksa.", outcome="Penyidikan dibuka"
    )

    referral.refresh_from_db()
    assert (referral.status, referral.feedback, referral.outcome, referral.answered_by_label) == (
        "done",
        "Calo diperiksa.",
        "Penyidikan dibuka",
        "Partner Polres",
    )
    assert referral.accepted_at <= referral.done_at
    assert event_types() == ["referral.sent", "referral.accepted", "referral.done"]
    done = events("referral.done")[0]
    assert (done.actor, done.region_code) == (partner, "35.02.01.2001")
    assert done.data["new"] == {
        "status": "done",
        "feedback": "Calo diperiksa.",
        "outcome": "Penyidikan dibuka",
    }


def test_partner_rejects_with_a_reason(org, report):
    from pimpasa.reports.services.referrals import referral_reject

    referral = refer(org, report)

    with pytest.raises(ValidationFailed):
        referral_reject(actor=org.users["partner_polres"], referral=referral, reason="")
    referral_reject(actor=org.users["partner_polres"], referral=referral, reason="Bukan wilayah kami.")

    referral.refresh_from_db()
    assert (referral.status, referral.reject_reason) == ("rejected", "Bukan wilayah kami.")
    assert referral.rejected_at is not None
    assert events("referral.rejected")[0].reason == "Bukan wilayah kami."


@pytest.mark.parametrize(
    ("username", "error"),
    [
        ("intel_ponorogo", PermissionDenied),
        ("field_ponorogo", PermissionDenied),
        ("partner_cianjur", NotFound),
    ],
)
def test_only_the_agency_answers(org, report, username, error):
    from pimpasa.reports.services.referrals import referral_accept

    referral = refer(org, report)
    before = snapshot(referral)

    with pytest.raises(error):
        referral_accept(actor=org.users[username], referral=referral)

    assert snapshot(referral) == before


@pytest.mark.parametrize(
    ("steps", "move"),
    [
        ([], "done"),
        (["accept"], "accept"),
        (["accept"], "reject"),
        (["reject"], "accept"),
        (["accept", "done"], "revoke"),
        (["revoke"], "accept"),
        (["reject"], "revoke"),
    ],
)
def test_disallowed_transitions_are_refused_naming_both_states(org, report, steps, move):
    from django.utils import translation

    from pimpasa.reports.services import referrals as services

    referral = refer(org, report)
    partner, intel = org.users["partner_polres"], org.users["intel_ponorogo"]
    calls = {
        "accept": lambda: services.referral_accept(actor=partner, referral=referral),
        "reject": lambda: services.referral_reject(actor=partner, referral=referral, reason="Tidak."),
        "done": lambda: services.referral_complete(actor=partner, referral=referral, feedback="Selesai."),
        "revoke": lambda: services.referral_revoke(actor=intel, referral=referral, reason="Salah alamat."),
    }
    for step in steps:
        calls[step]()
    before = snapshot(referral)

    with translation.override("en"), pytest.raises(ValidationFailed) as exc:
        calls[move]()

    assert exc.value.code == "invalid_transition"
    assert exc.value.details["from"] == before["status"]
    assert exc.value.message.startswith(f"A referral that is {before['status']} cannot become ")
    assert snapshot(referral) == before


def test_the_referring_office_revokes_and_raises_the_link_version(org, report):
    from pimpasa.reports.services.referrals import referral_revoke

    referral = refer(org, report)

    referral_revoke(actor=org.users["head_ponorogo"], referral=referral, reason="Salah alamat.")

    referral.refresh_from_db()
    assert (referral.status, referral.link_version) == ("revoked", 2)
    assert referral.revoked_at is not None
    revoked = events("referral.revoked")[0]
    assert (revoked.reason, revoked.actor) == ("Salah alamat.", org.users["head_ponorogo"])


@pytest.mark.parametrize(
    ("username", "error"),
    [("partner_polres", PermissionDenied), ("field_ponorogo", PermissionDenied), ("field_cianjur", NotFound)],
)
def test_others_cannot_revoke(org, report, username, error):
    from pimpasa.reports.services.referrals import referral_revoke

    referral = refer(org, report)
    before = snapshot(referral)

    with pytest.raises(error):
        referral_revoke(actor=org.users[username], referral=referral, reason="x")

    assert snapshot(referral) == before


def test_referring_a_verified_report_is_its_first_action(org):
    from django.utils import timezone

    from pimpasa.reports.filters.reports import overdue_q
    from pimpasa.reports.models import Report

    add_agencies(org)
    report = make_report(org, status="verified")
    Report.objects.filter(pk=report.pk).update(action_due_at=timezone.now() - timezone.timedelta(hours=1))
    assert Report.objects.filter(overdue_q(timezone.now()), pk=report.pk).exists()

    referral = refer(org, report)

    report.refresh_from_db()
    assert (report.status, report.first_action_at) == ("verified", referral.sent_at)
    assert not Report.objects.filter(overdue_q(timezone.now()), pk=report.pk).exists()


def test_referring_a_received_report_is_no_first_action(org):
    add_agencies(org)
    report = make_report(org, status="received")

    refer(org, report)

    report.refresh_from_db()
    assert (report.status, report.first_action_at) == ("received", None)
