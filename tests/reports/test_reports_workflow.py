"""The report workflow: every allowed move with its timestamp and timeline event, every other move refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pimpasa.core.errors import PermissionDenied, ValidationFailed
from pimpasa.core.models import TimelineEvent
from pimpasa.reports.models import ALLOWED_TRANSITIONS, Report, ReportStatus
from pimpasa.reports.services.workflow import (
    report_assign,
    report_transition,
    report_update_grading,
)
from pimpasa.reports.sla import JAKARTA
from tests.reports.report_factories import CIANJUR_VILLAGE, submit, walk

pytestmark = pytest.mark.django_db

R = ReportStatus
FRIDAY_10 = dt.datetime(2026, 11, 20, 10, 0, tzinfo=JAKARTA)

#: The steps (and what each needs) that bring a report into each status.
PATHS: dict[str, list[tuple[str, dict]]] = {
    R.RECEIVED: [],
    R.VERIFIED: [(R.VERIFIED, {})],
    R.REJECTED: [(R.REJECTED, {"reason": "unfounded"})],
    R.IN_FOLLOW_UP: [(R.VERIFIED, {}), (R.IN_FOLLOW_UP, {"assigned_to": "field_ponorogo"})],
    R.REFERRED: [(R.VERIFIED, {}), (R.IN_FOLLOW_UP, {"assigned_to": "field_ponorogo"}), (R.REFERRED, {})],
    R.CLOSED: [
        (R.VERIFIED, {}),
        (R.IN_FOLLOW_UP, {"assigned_to": "field_ponorogo"}),
        (R.CLOSED, {"outcome": "departure_prevented"}),
    ],
}


def _events(report: Report) -> list[str]:
    return list(
        TimelineEvent.objects.filter(target_type="reports.report", target_id=str(report.pk))
        .order_by("created_at", "id")
        .values_list("event_type", flat=True)
    )


def test_the_whole_walk_sets_each_timestamp_and_records_each_step(org):
    intel = org.users["intel_ponorogo"]
    report = submit(None, received_at=FRIDAY_10)

    report = report_transition(actor=intel, report=report, to=R.VERIFIED, note="Dicek ke kepala desa")
    assert report.verified_at is not None
    assert report.first_action_at is None
    report = report_transition(actor=intel, report=report, to=R.IN_FOLLOW_UP, assigned_to="field_ponorogo")
    assert report.assigned_to == org.users["field_ponorogo"]
    assert report.first_action_at == report.follow_up_at
    first_action = report.first_action_at
    report = report_transition(actor=intel, report=report, to=R.REFERRED, note="Ke Polres")
    report = report_transition(actor=intel, report=report, to=R.CLOSED, outcome="victim_assisted")
    report = report_transition(actor=intel, report=report, to=R.IN_FOLLOW_UP, note="Korban kedua muncul")

    report.refresh_from_db()
    assert report.status == R.IN_FOLLOW_UP
    assert report.first_action_at == first_action
    assert all(
        [report.verified_at, report.follow_up_at, report.referred_at, report.closed_at, report.reopened_at]
    )
    assert report.outcome == ""
    assert report.status_note == "Korban kedua muncul"
    assert _events(report) == [
        "report.received",
        "report.verified",
        "report.in_follow_up",
        "report.referred",
        "report.closed",
        "report.reopened",
    ]
    verified = TimelineEvent.objects.get(target_id=str(report.pk), event_type="report.verified")
    assert verified.reason == "Dicek ke kepala desa"
    assert verified.data == {"old": {"status": "received"}, "new": {"status": "verified"}}
    closed = TimelineEvent.objects.get(target_id=str(report.pk), event_type="report.closed")
    assert closed.data["new"] == {"status": "closed", "outcome": "victim_assisted"}


def test_reject_then_reopen_restarts_the_deadlines(org):
    head = org.users["head_ponorogo"]
    report = submit(None, received_at=FRIDAY_10)

    report = report_transition(actor=head, report=report, to=R.REJECTED, reason="duplicate", note="Sama")
    assert (report.status, report.reject_reason) == (R.REJECTED, "duplicate")
    before = timezone.now()
    report = report_transition(actor=head, report=report, to=R.RECEIVED, note="Ternyata bukan duplikat")

    assert report.status == R.RECEIVED
    assert report.reject_reason == ""
    assert report.reopened_at >= before
    assert report.verify_due_at > report.reopened_at


@pytest.mark.parametrize("current", list(R.values))
def test_every_move_the_table_does_not_allow_is_refused_and_changes_nothing(org, current):
    intel = org.users["intel_ponorogo"]
    report = walk(submit(None), intel, *PATHS[current])
    refused = [s for s in R.values if s not in ALLOWED_TRANSITIONS[current]]
    assert refused

    for to in refused:
        before = Report.objects.values().get(pk=report.pk)
        events = _events(report)
        with pytest.raises(ValidationFailed) as caught:
            report_transition(
                actor=intel,
                report=report,
                to=to,
                note="x",
                reason="unfounded",
                outcome="duplicate",
                assigned_to="field_ponorogo",
            )
        assert caught.value.code == "invalid_transition"
        assert caught.value.details["current"] == current
        assert caught.value.details["requested"] == to
        assert Report.objects.values().get(pk=report.pk) == before
        assert _events(report) == events


def test_the_refusal_names_both_states_in_the_readers_language(org, settings):
    from django.utils import translation

    report = submit(None)

    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        report_transition(actor=org.users["intel_ponorogo"], report=report, to=R.CLOSED, outcome="duplicate")

    assert caught.value.message == "This report cannot move from “Received” to “Closed”."


@pytest.mark.parametrize(
    ("to", "data", "field"),
    [
        (R.REJECTED, {}, "reason"),
        (R.REJECTED, {"reason": "bored"}, "reason"),
    ],
)
def test_missing_data_is_refused(org, to, data, field):
    report = submit(None)

    with pytest.raises(ValidationFailed) as caught:
        report_transition(actor=org.users["intel_ponorogo"], report=report, to=to, **data)

    assert field in caught.value.details
    report.refresh_from_db()
    assert report.status == R.RECEIVED


def test_follow_up_needs_an_officer_of_the_office(org):
    intel = org.users["intel_ponorogo"]
    report = walk(submit(None), intel, (R.VERIFIED, {}))

    with pytest.raises(ValidationFailed) as missing:
        report_transition(actor=intel, report=report, to=R.IN_FOLLOW_UP)
    with pytest.raises(ValidationFailed) as elsewhere:
        report_transition(actor=intel, report=report, to=R.IN_FOLLOW_UP, assigned_to="field_cianjur")

    assert "assigned_to" in missing.value.details
    assert elsewhere.value.code == "officer_not_in_office"
    report.refresh_from_db()
    assert (report.status, report.assigned_to) == (R.VERIFIED, None)


def test_closing_needs_an_outcome_and_reopening_a_reason(org):
    intel = org.users["intel_ponorogo"]
    report = walk(submit(None), intel, *PATHS[R.IN_FOLLOW_UP])

    with pytest.raises(ValidationFailed):
        report_transition(actor=intel, report=report, to=R.CLOSED)
    report = report_transition(actor=intel, report=report, to=R.CLOSED, outcome="information_only")
    with pytest.raises(ValidationFailed):
        report_transition(actor=intel, report=report, to=R.IN_FOLLOW_UP)

    report.refresh_from_db()
    assert (report.status, report.outcome) == (R.CLOSED, "information_only")


@pytest.mark.parametrize(
    "username",
    ["field_ponorogo", "regional_jatim", "national", "passport_ponorogo", "admin", "partner_polres"],
)
def test_only_intelligence_and_the_office_head_of_the_office_triage(org, username):
    report = submit(None)

    with pytest.raises(PermissionDenied):
        report_transition(actor=org.users[username], report=report, to=R.VERIFIED)

    report.refresh_from_db()
    assert report.status == R.RECEIVED
    assert _events(report) == ["report.received"]


def test_another_office_cannot_triage(org):
    report = submit(None, region_code=CIANJUR_VILLAGE)

    with pytest.raises(PermissionDenied):
        report_transition(actor=org.users["intel_ponorogo"], report=report, to=R.VERIFIED)


def test_assigning_records_old_and_new(org):
    intel = org.users["intel_ponorogo"]
    report = submit(None)

    report_assign(actor=intel, report=report, officer=org.users["field_ponorogo"])
    report_assign(actor=intel, report=report, officer=org.users["intel_ponorogo"])

    event = TimelineEvent.objects.filter(event_type="report.assigned").order_by("-id").first()
    assert event.data == {"old": {"assigned_to": "field_ponorogo"}, "new": {"assigned_to": "intel_ponorogo"}}


def test_a_higher_urgency_recomputes_deadlines_not_yet_met(org):
    intel = org.users["intel_ponorogo"]
    report = submit(None, received_at=FRIDAY_10)

    report = report_update_grading(
        actor=intel, report=report, urgency="high", reliability="B", credibility="2"
    )

    assert (report.urgency, report.reliability, report.credibility) == ("high", "B", "2")
    assert report.verify_due_at == dt.datetime(2026, 11, 23, 10, 0, tzinfo=JAKARTA)
    assert report.action_due_at == dt.datetime(2026, 11, 25, 10, 0, tzinfo=JAKARTA)

    report = walk(report, intel, (R.VERIFIED, {}))
    report = report_update_grading(actor=intel, report=report, urgency="low")
    # Verification was met: only the first-action deadline moves.
    assert report.verify_due_at == dt.datetime(2026, 11, 23, 10, 0, tzinfo=JAKARTA)
    assert report.action_due_at == dt.datetime(2026, 11, 27, 10, 0, tzinfo=JAKARTA)


def test_a_new_urgency_after_a_reopening_counts_from_the_reopening(org):
    from pimpasa.reports import sla

    head = org.users["head_ponorogo"]
    report = submit(None, received_at=FRIDAY_10)
    report = walk(
        report,
        head,
        (R.REJECTED, {"reason": "unfounded"}),
        (R.RECEIVED, {"note": "Ada bukti baru"}),
        (R.VERIFIED, {}),
    )

    report = report_update_grading(actor=head, report=report, urgency="high")

    # High urgency: first action within 3 working days, counted from the reopening, not the receipt.
    assert report.action_due_at == sla.add_working_days(report.reopened_at, 3)
    assert report.action_due_at != sla.add_working_days(FRIDAY_10, 3)
