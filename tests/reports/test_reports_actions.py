"""Actions on the report page: who may post them (404 outside scope, 403 without the role), their effect."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pimpasa.core.models import TimelineEvent
from pimpasa.reports.models import ReportLink
from tests.reports.report_factories import CIANJUR_VILLAGE, submit

pytestmark = pytest.mark.django_db


def _url(name, report):
    return reverse(f"reports:{name}", args=[report.tracking_code])


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_intelligence_verifies_from_the_page(org, login):
    report = submit(None)
    client = login(org.users["intel_ponorogo"])

    response = client.post(_url("transition", report), {"to": "verified", "note": "Cek"}, follow=True)

    report.refresh_from_db()
    assert report.status == "verified"
    assert response.redirect_chain[-1][0] == report.get_absolute_url()


def test_a_refused_move_is_explained_and_changes_nothing(org, login):
    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"
    report = submit(None)

    response = client.post(_url("transition", report), {"to": "closed", "outcome": "duplicate"}, follow=True)

    report.refresh_from_db()
    assert report.status == "received"
    assert "This report cannot move from “Received” to “Closed”." in _messages(response)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("transition", {"to": "verified"}),
        ("assign", {"officer": "field_ponorogo"}),
        ("grading", {"reliability": "A", "credibility": "1", "urgency": "critical"}),
        ("public_reply", {"public_reply": "Terima kasih"}),
        ("restrict", {"usernames": ""}),
        ("link", {"other": "AAAA-AAAA-AAAA", "kind": "related"}),
    ],
)
def test_a_field_officer_reading_the_report_gets_403_and_nothing_changes(org, login, name, data):
    report = submit(None)
    before = TimelineEvent.objects.count()

    response = login(org.users["field_ponorogo"]).post(_url(name, report), data)

    assert response.status_code == 403
    report.refresh_from_db()
    assert (report.status, report.urgency, report.public_reply, report.restricted) == (
        "received",
        "normal",
        "",
        False,
    )
    assert TimelineEvent.objects.count() == before


@pytest.mark.parametrize(
    "name", ["transition", "assign", "grading", "public_reply", "restrict", "link", "notes"]
)
def test_out_of_scope_actions_are_404(org, login, name):
    report = submit(None, region_code=CIANJUR_VILLAGE)
    url = reverse(f"reports:{'note' if name == 'notes' else name}", args=[report.tracking_code])

    assert login(org.users["head_ponorogo"]).post(url, {}).status_code == 404


def test_the_office_head_restricts_and_names_readers(org, login):
    report = submit(None)
    client = login(org.users["head_ponorogo"])

    client.post(_url("restrict", report), {"usernames": "intel_ponorogo", "action": "restrict"})

    report.refresh_from_db()
    assert report.restricted
    assert list(report.restricted_users.values_list("username", flat=True)) == ["intel_ponorogo"]
    field = login(org.users["field_ponorogo"])
    assert field.get(report.get_absolute_url()).status_code == 404
    client = login(org.users["head_ponorogo"])
    client.post(_url("restrict", report), {"usernames": "", "action": "lift"})
    report.refresh_from_db()
    assert not report.restricted


def test_naming_a_user_who_cannot_read_the_place_is_refused(org, login):
    report = submit(None)

    response = login(org.users["head_ponorogo"]).post(
        _url("restrict", report), {"usernames": "field_cianjur", "action": "restrict"}, follow=True
    )

    report.refresh_from_db()
    assert not report.restricted
    assert any("field_cianjur" in m for m in _messages(response))


def test_intelligence_staff_may_not_restrict(org, login):
    report = submit(None)

    assert (
        login(org.users["intel_ponorogo"]).post(_url("restrict", report), {"usernames": ""}).status_code
        == 403
    )


def test_linking_a_suggested_report_from_the_page(org, login):
    a = submit(None)
    b = submit(None)
    client = login(org.users["intel_ponorogo"])

    page = client.get(a.get_absolute_url()).content.decode()
    client.post(_url("link", a), {"other": b.tracking_code, "kind": "duplicate"})

    assert b.tracking_code in page
    assert ReportLink.objects.filter(kind="duplicate").count() == 1
    assert b.tracking_code in client.get(a.get_absolute_url()).content.decode()


def test_the_assigned_field_officer_adds_a_note_and_a_person(org, login):
    intel = org.users["intel_ponorogo"]
    report = submit(None)
    login(intel).post(_url("assign", report), {"officer": "field_ponorogo"})
    client = login(org.users["field_ponorogo"])

    client.post(_url("note", report), {"text": "Sudah ke rumah korban."})
    client.post(_url("person_add", report), {"role": "witness", "full_name": "Bu Tini"})
    client.post(_url("organization_add", report), {"name": "PT Cahaya", "licensed_p3mi": "unknown"})

    events = list(
        TimelineEvent.objects.filter(target_id=str(report.pk), target_type="reports.report")
        .order_by("id")
        .values_list("event_type", "reason")
    )
    assert events[-4:] == [
        ("report.assigned", ""),
        ("report.note_added", "Sudah ke rumah korban."),
        ("report.person_added", ""),
        ("report.organization_added", ""),
    ]
    assert list(report.people.values_list("full_name", flat=True)) == ["Bu Tini"]


def test_an_officer_not_assigned_may_not_add_notes(org, login):
    report = submit(None)

    response = login(org.users["field_ponorogo"]).post(_url("note", report), {"text": "x"})

    assert response.status_code == 403


def test_the_report_page_shows_the_actions_the_user_may_take(org, login):
    report = submit(None)

    intel = login(org.users["intel_ponorogo"]).get(report.get_absolute_url())
    head = login(org.users["head_ponorogo"]).get(report.get_absolute_url())
    field = login(org.users["field_ponorogo"]).get(report.get_absolute_url())

    assert [value for value, _label, _form in intel.context["transitions"]] == ["verified", "rejected"]
    assert "restrict_form" not in intel.context
    assert "restrict_form" in head.context
    assert "transitions" not in field.context
    assert 'id="referrals-panel"' in intel.content.decode()
