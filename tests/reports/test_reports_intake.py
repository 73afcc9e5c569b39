"""Report intake: checks, responsible office, SLA deadlines, tracking code, people, timeline."""

from __future__ import annotations

import datetime as dt

import pytest

from pimpasa.core.errors import PermissionDenied, ValidationFailed
from pimpasa.core.models import TimelineEvent
from pimpasa.reports.models import Report, ReportPerson
from pimpasa.reports.sla import JAKARTA
from pimpasa.reports.tracking import is_valid_tracking_code
from tests.reports.report_factories import CIANJUR_VILLAGE, NIK_WOMAN, PONOROGO_VILLAGE, submit

pytestmark = pytest.mark.django_db

FRIDAY_10 = dt.datetime(2026, 11, 20, 10, 0, tzinfo=JAKARTA)


def test_a_field_officer_submits_a_report_for_their_office(org):
    officer = org.users["field_ponorogo"]

    report = submit(
        officer,
        received_at=FRIDAY_10,
        people=[
            {
                "role": "potential_victim",
                "full_name": "Siti  Aminah",
                "nik": "3502-0145-0190-0001",
                "phone": "0812 3456 7890",
            }
        ],
        organizations=[{"name": "PT Maju Jaya", "licensed_p3mi": False}],
    )

    report.refresh_from_db()
    assert is_valid_tracking_code(report.tracking_code)
    assert report.unit == org.units["ponorogo"]
    assert report.status == "received"
    assert report.received_at == FRIDAY_10
    assert report.verify_due_at == dt.datetime(2026, 11, 25, 10, 0, tzinfo=JAKARTA)
    assert report.action_due_at == dt.datetime(2026, 11, 27, 10, 0, tzinfo=JAKARTA)
    assert report.created_by == officer
    person = report.people.get()
    assert (person.full_name, person.nik, person.phone) == ("Siti Aminah", NIK_WOMAN, "+6281234567890")
    # The NIK's encoded birth date and sex fill the blanks.
    assert (person.birth_date, person.sex) == (dt.date(1990, 1, 5), "F")
    assert person.search_names == "aminah siti"
    assert list(report.organizations.values_list("name", "licensed_p3mi")) == [("PT Maju Jaya", False)]
    event = TimelineEvent.objects.get(target_type="reports.report", target_id=str(report.pk))
    assert event.event_type == "report.received"
    assert event.actor == officer
    assert event.region_code == PONOROGO_VILLAGE
    assert event.data["new"]["channel"] == "field_officer"
    assert event.data["new"]["unit"] == "kanim-ponorogo"
    assert NIK_WOMAN not in str(event.data)


def test_the_public_form_has_no_actor_and_the_timeline_names_the_channel(org):
    report = submit(None, channel="public_web", region_code=CIANJUR_VILLAGE)

    assert report.unit == org.units["cianjur"]
    assert report.created_by is None
    event = TimelineEvent.objects.get(target_id=str(report.pk), target_type="reports.report")
    assert (event.actor, event.actor_label) == (None, "public_web")


def test_critical_urgency_counts_clock_hours(org):
    report = submit(None, urgency="critical", received_at=dt.datetime(2026, 11, 21, 22, 0, tzinfo=JAKARTA))

    assert report.verify_due_at == dt.datetime(2026, 11, 22, 2, 0, tzinfo=JAKARTA)
    assert report.action_due_at == dt.datetime(2026, 11, 22, 22, 0, tzinfo=JAKARTA)


def test_high_urgency_over_christmas(org):
    report = submit(None, urgency="high", received_at=dt.datetime(2026, 12, 23, 15, 0, tzinfo=JAKARTA))

    assert report.verify_due_at == dt.datetime(2026, 12, 28, 15, 0, tzinfo=JAKARTA)
    assert report.action_due_at == dt.datetime(2026, 12, 30, 15, 0, tzinfo=JAKARTA)


def test_a_birth_date_given_is_kept_over_the_nik(org):
    report = submit(
        None,
        people=[
            {
                "role": "suspected_recruiter",
                "full_name": "Budi",
                "nik": NIK_WOMAN,
                "birth_date": dt.date(1991, 2, 3),
                "sex": "M",
            }
        ],
    )

    person = report.people.get()
    assert (person.birth_date, person.sex) == (dt.date(1991, 2, 3), "M")


def test_bad_fields_are_all_named_and_nothing_is_written(org):
    before = Report.objects.count()

    with pytest.raises(ValidationFailed) as caught:
        submit(
            None,
            category_code="nope",
            description="  ",
            destination_country="XX",
            reporter_mode="anonymous",
            reporter_name="Pak Lurah",
            people=[
                {"role": "witness", "full_name": "A", "nik": "1234"},
                {"role": "witness", "full_name": "B", "phone": "12ab"},
            ],
        )

    assert set(caught.value.details) == {
        "category_code",
        "description",
        "destination_country",
        "reporter_mode",
        "people[0].nik",
        "people[1].phone",
    }
    assert Report.objects.count() == before
    assert ReportPerson.objects.count() == 0


def test_a_foreign_number_is_kept_with_its_country_code(org):
    report = submit(
        None, people=[{"role": "suspected_recruiter", "full_name": "Ah Seng", "phone": "+60 12-345 6789"}]
    )

    assert report.people.get().phone == "+60123456789"


def test_a_field_officer_cannot_submit_outside_their_area(org):
    with pytest.raises(PermissionDenied):
        submit(org.users["field_ponorogo"], region_code=CIANJUR_VILLAGE)

    assert Report.objects.count() == 0


@pytest.mark.parametrize("username", ["regional_jatim", "passport_ponorogo", "admin", "partner_polres"])
def test_roles_that_do_not_submit_are_refused(org, username):
    with pytest.raises(PermissionDenied):
        submit(org.users[username])

    assert Report.objects.count() == 0


def test_a_restricted_report_keeps_its_submitter_in_sight(org):
    officer = org.users["field_ponorogo"]

    report = submit(officer, restricted=True)

    assert list(report.restricted_users.all()) == [officer]
    assert Report.objects.visible_to(officer).filter(pk=report.pk).exists()
    assert not Report.objects.visible_to(org.users["intel_ponorogo"]).filter(pk=report.pk).exists()


def test_only_the_office_head_names_readers_at_intake(org):
    with pytest.raises(PermissionDenied):
        submit(org.users["field_ponorogo"], restricted=True, restricted_usernames=["intel_ponorogo"])

    report = submit(org.users["head_ponorogo"], restricted=True, restricted_usernames=["intel_ponorogo"])

    assert sorted(report.restricted_users.values_list("username", flat=True)) == [
        "head_ponorogo",
        "intel_ponorogo",
    ]


def test_a_normal_report_before_nyepi_and_idulfitri_skips_the_holidays_and_the_weekend(org):
    # Tuesday 17 March 2026: 18 to 24 March are Nyepi, Idulfitri 1447 H, cuti bersama and a weekend.
    report = submit(None, received_at=dt.datetime(2026, 3, 17, 14, 30, tzinfo=JAKARTA))

    report.refresh_from_db()
    assert report.verify_due_at == dt.datetime(2026, 3, 27, 14, 30, tzinfo=JAKARTA)
    assert report.action_due_at == dt.datetime(2026, 3, 31, 14, 30, tzinfo=JAKARTA)
