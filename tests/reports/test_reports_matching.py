"""Matching at intake: watchlist hits for name variants, people of other reports, related reports."""

from __future__ import annotations

import datetime as dt

import pytest

from pimpasa.reports.models import PersonMatch, ReportStatus
from pimpasa.reports.selectors.reports import related_reports, report_detail
from pimpasa.reports.services.intake import report_add_person
from pimpasa.reports.services.workflow import report_link
from pimpasa.reports.sla import JAKARTA
from pimpasa.watchlist.services import entry_create
from tests.reports.report_factories import (
    CIANJUR_VILLAGE,
    NIK_MAN,
    PONOROGO_VILLAGE,
    PONOROGO_VILLAGE_2,
    submit,
    walk,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(org):
    """A recruiter on the watchlist, written in the old spelling."""
    return entry_create(
        actor=None,
        ref="WL-0001",
        full_name="H. Moch. Djoko Soesilo",
        aliases=["Pak Joko Calo"],
        birth_date=dt.date(1975, 3, 4),
        phones=["081233334444"],
        reason="Perekrut nonprosedural",
    )


def test_a_watchlist_name_variant_is_a_hit_at_intake(org, listed):
    report = submit(
        org.users["field_ponorogo"],
        people=[
            {"role": "suspected_recruiter", "full_name": "Muhammad Joko Susilo"},
            {"role": "potential_victim", "full_name": "Siti Rahayu"},
        ],
    )

    hits = list(PersonMatch.objects.filter(report=report, entry__isnull=False))
    assert [(h.person.full_name, h.entry.ref) for h in hits] == [("Muhammad Joko Susilo", "WL-0001")]
    assert hits[0].score >= 0.75
    assert any(reason.startswith("name:") for reason in hits[0].reasons)


def test_a_shared_phone_number_is_a_hit_even_with_another_name(org, listed):
    report = submit(
        None, people=[{"role": "suspected_recruiter", "full_name": "Mas Anton", "phone": "+62 812-3333-4444"}]
    )

    hit = PersonMatch.objects.get(report=report, entry__isnull=False)
    assert hit.entry == listed
    assert "phone:match" in hit.reasons


def test_watchlist_hits_are_shown_only_to_intelligence_roles(org, listed):
    report = submit(
        None,
        people=[
            {"role": "suspected_recruiter", "full_name": "Djoko Soesilo", "birth_date": dt.date(1975, 3, 4)}
        ],
    )

    intel = report_detail(user=org.users["intel_ponorogo"], code=report.tracking_code)
    field = report_detail(user=org.users["field_ponorogo"], code=report.tracking_code)

    assert [h.entry.ref for h in intel.people[0].watchlist_hits] == ["WL-0001"]
    assert intel.watchlist_hits_shown
    assert field.people[0].watchlist_hits == []
    assert not field.watchlist_hits_shown


def test_a_person_of_an_earlier_report_is_matched_and_shown_on_both(org):
    first = submit(
        None, people=[{"role": "suspected_recruiter", "full_name": "Nur Hayati binti Slamet", "nik": NIK_MAN}]
    )
    second = submit(None, people=[{"role": "suspected_recruiter", "full_name": "Nurhayati", "nik": NIK_MAN}])

    match = PersonMatch.objects.get(report=second, other_person__isnull=False)
    assert match.other_report == first
    assert "nik:match" in match.reasons
    intel = org.users["intel_ponorogo"]
    on_first = report_detail(user=intel, code=first.tracking_code).people[0].matches
    on_second = report_detail(user=intel, code=second.tracking_code).people[0].matches
    assert [(m.other_report, m.other_person.full_name) for m in on_first] == [(second, "Nurhayati")]
    assert [(m.other_report, m.other_person.full_name) for m in on_second] == [
        (first, "Nur Hayati binti Slamet")
    ]


def test_a_match_with_a_report_the_reader_cannot_see_stays_hidden(org):
    cianjur = submit(
        None,
        region_code=CIANJUR_VILLAGE,
        people=[{"role": "suspected_recruiter", "full_name": "Agus Salim", "nik": NIK_MAN}],
    )
    ponorogo = submit(
        None, people=[{"role": "suspected_recruiter", "full_name": "Agus Salim", "nik": NIK_MAN}]
    )

    assert PersonMatch.objects.filter(report=ponorogo, other_report=cianjur).exists()
    detail = report_detail(user=org.users["intel_ponorogo"], code=ponorogo.tracking_code)
    assert detail.people[0].matches == []
    assert detail.related == []
    national = report_detail(user=org.users["national"], code=ponorogo.tracking_code)
    assert [m.other_report for m in national.people[0].matches] == [cianjur]


def test_a_person_added_later_is_matched_too(org, listed):
    report = submit(None)

    person = report_add_person(
        actor=org.users["intel_ponorogo"],
        report=report,
        role="suspected_recruiter",
        full_name="Joko Susilo",
        birth_date=dt.date(1975, 3, 4),
    )

    assert list(PersonMatch.objects.filter(person=person).values_list("entry__ref", flat=True)) == ["WL-0001"]


def test_related_reports_share_a_person_a_phone_or_village_and_category(org):
    at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=JAKARTA)
    base = submit(
        None,
        received_at=at,
        people=[
            {"role": "suspected_recruiter", "full_name": "Bambang Priyono", "nik": NIK_MAN},
            {"role": "witness", "full_name": "Warsini", "phone": "085711112222"},
        ],
    )
    same_person = submit(
        None,
        region_code=PONOROGO_VILLAGE_2,
        category_code="planned_departure",
        people=[{"role": "suspected_recruiter", "full_name": "Bambang P.", "nik": NIK_MAN}],
    )
    same_phone = submit(
        None,
        region_code=PONOROGO_VILLAGE_2,
        category_code="planned_departure",
        people=[{"role": "potential_victim", "full_name": "Lain", "phone": "+6285711112222"}],
    )
    same_place = submit(None, received_at=at + dt.timedelta(days=29))
    too_late = submit(None, received_at=at + dt.timedelta(days=31))
    other_category = submit(None, received_at=at, category_code="question")
    other_village = submit(None, received_at=at, region_code=PONOROGO_VILLAGE_2)
    linked = submit(None, received_at=at)
    report_link(actor=org.users["intel_ponorogo"], report=base, other=linked, kind="duplicate")

    related = related_reports(user=org.users["intel_ponorogo"], report=base)

    found = {r.report: r.reasons for r in related}
    # A shared phone also makes the two people a match (phone evidence alone scores 0.80).
    assert found == {same_person: ("person",), same_phone: ("person", "phone"), same_place: ("place",)}
    for absent in (too_late, other_category, other_village, linked):
        assert absent not in found
    assert PONOROGO_VILLAGE != PONOROGO_VILLAGE_2


def test_a_restricted_related_report_is_not_suggested_to_outsiders(org):
    at = dt.datetime(2026, 11, 2, 9, 0, tzinfo=JAKARTA)
    base = submit(None, received_at=at)
    hidden = submit(None, received_at=at, restricted=True)

    assert [r.report for r in related_reports(user=org.users["head_ponorogo"], report=base)] == [hidden]
    assert related_reports(user=org.users["intel_ponorogo"], report=base) == []


def test_linking_as_duplicate_shows_on_both_reports(org):
    intel = org.users["intel_ponorogo"]
    a = submit(None)
    b = submit(None)

    report_link(actor=intel, report=b, other=a, kind="duplicate")
    report_link(actor=intel, report=a, other=b, kind="related")

    assert [(row.other, row.kind) for row in report_detail(user=intel, code=a.tracking_code).links] == [
        (b, "related")
    ]
    assert [(row.other, row.kind) for row in report_detail(user=intel, code=b.tracking_code).links] == [
        (a, "related")
    ]
    walk(a, intel, (ReportStatus.REJECTED, {"reason": "duplicate"}))
