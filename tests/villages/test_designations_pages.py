"""Designation pages: walk a village from candidate to active in the browser's forms, refusals, the matrix."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pimpasa.core.models import TimelineEvent
from pimpasa.villages.models import Designation
from pimpasa.villages.selectors.designations import village_panel_context
from tests.villages.test_designations_support import (
    VILLAGE,
    VILLAGE_WITHOUT_PIMPASA,
    pdf_bytes,
    snapshot,
    start,
    walk,
)

pytestmark = pytest.mark.django_db

#: Queries of the list page and the API list: the same whatever the number of rows.
LIST_QUERIES = 8
API_LIST_QUERIES = 7


def _detail(designation):
    return reverse("villages:designation_detail", args=[designation.pk])


def _transition_url(designation):
    return reverse("villages:designation_transition", args=[designation.pk])


def _forms(response):
    return [form.step for form in response.context["step_forms"]]


STEP_POSTS = {
    "proposed": {"proposed-justification": "Kantong PMI", "proposed-mapping_notes": "Peta"},
    "meeting_held": {
        "meeting_held-meeting_date": "2025-03-04",
        "meeting_held-meeting_place": "Aula Kanim",
        "meeting_held-attendees": "Camat",
        "meeting_held-minutes": "Setuju",
    },
    "designated": {"designated-sk_number": "SK-5", "designated-sk_date": "2025-03-10"},
    "active": {
        "active-name_1": "Sutrisno",
        "active-position_1": "Kepala Desa",
        "active-phone_1": "0812 3456 7890",
    },
}


def test_walk_from_candidate_to_active_in_the_pages(org, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"

    page = client.get(reverse("villages:designation_start") + f"?village={VILLAGE}")
    assert page.status_code == 200
    assert 'id="start-form"' in page.content.decode()
    started = client.post(reverse("villages:designation_start"), {"village": VILLAGE})
    designation = Designation.objects.get(village_id=VILLAGE)
    assert started.status_code == 302
    assert started["Location"] == _detail(designation)

    assert _forms(client.get(_detail(designation))) == ["proposed"]
    proposal = {
        **STEP_POSTS["proposed"],
        "to": "proposed",
        "proposed-attachments": SimpleUploadedFile("peta.pdf", pdf_bytes()),
    }
    assert client.post(_transition_url(designation), proposal).status_code == 302
    meeting = {
        **STEP_POSTS["meeting_held"],
        "to": "meeting_held",
        "meeting_held-agency_ids": [org.agencies["polres_ponorogo"].pk],
    }
    assert client.post(_transition_url(designation), meeting).status_code == 302

    page = client.get(_detail(designation))
    assert _forms(page) == []  # only the office head designates
    assert "The next step needs the office head." in page.content.decode()

    head = login(org.users["head_ponorogo"])
    assert _forms(head.get(_detail(designation))) == ["designated", "revoked"]
    assert (
        head.post(_transition_url(designation), {**STEP_POSTS["designated"], "to": "designated"}).status_code
        == 302
    )

    client = login(org.users["intel_ponorogo"])
    response = client.post(_transition_url(designation), {**STEP_POSTS["active"], "to": "active"})
    assert response.status_code == 302

    designation.refresh_from_db()
    assert designation.status == "active"
    assert list(designation.contacts.values_list("phone", flat=True)) == ["+6281234567890"]
    assert list(designation.attachments.values_list("original_name", "stage")) == [("peta.pdf", "proposed")]
    page = client.get(_detail(designation))
    html = page.content.decode()
    assert "SK-5" in html and "Polres Ponorogo" in html and "Sutrisno" in html
    assert 'id="certificate-link"' in html
    assert [e.event_type for e in page.context["detail"].timeline] == [
        "designation.started",
        "designation.proposed",
        "designation.meeting_held",
        "designation.designated",
        "designation.activated",
    ]


def test_htmx_step_answers_the_page_part_with_the_next_form(org, login):
    designation = start(org)
    client = login(org.users["intel_ponorogo"])

    response = client.post(
        _transition_url(designation),
        {**STEP_POSTS["proposed"], "to": "proposed"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="designation-main">')
    assert 'id="step-meeting_held"' in html
    assert "<html" not in html


def test_a_skipped_step_shows_the_message_and_changes_nothing(org, login):
    designation = start(org)
    before = snapshot(designation)
    client = login(org.users["head_ponorogo"])
    client.cookies["django_language"] = "en"

    response = client.post(_transition_url(designation), {**STEP_POSTS["designated"], "to": "designated"})

    assert response.status_code == 422
    assert "cannot move to “Designated (SK)”: propose it first." in response.content.decode()
    assert snapshot(designation) == before


def test_designation_by_intelligence_staff_is_refused_with_the_message(org, login):
    designation = walk(org, start(org), "meeting_held")
    before = snapshot(designation)
    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"

    response = client.post(_transition_url(designation), {**STEP_POSTS["designated"], "to": "designated"})

    assert response.status_code == 403
    assert "Only the head of the office approves a designation." in response.content.decode()
    assert snapshot(designation) == before


def test_activation_without_pimpasa_shows_the_reason(org, login):
    designation = walk(org, start(org, VILLAGE_WITHOUT_PIMPASA), "designated")
    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"

    response = client.post(_transition_url(designation), {**STEP_POSTS["active"], "to": "active"})

    assert response.status_code == 422
    assert "before activating the DBI" in response.content.decode()
    assert Designation.objects.get(pk=designation.pk).status == "designated"


def test_evaluation_and_revocation_through_the_forms(org, login):
    designation = walk(org, start(org), "active")
    client = login(org.users["head_ponorogo"])

    evaluated = client.post(
        _transition_url(designation),
        {
            "to": "evaluated",
            "evaluated-evaluated_on": "2025-12-15",
            "evaluated-period": "2025",
            "evaluated-item_pimpasa_visits": "on",
            "evaluated-item_outreach_held": "on",
            "evaluated-item_reports_received": "on",
        },
    )
    revoked = client.post(_transition_url(designation), {"to": "revoked", "revoked-reason": "Desa digabung"})

    assert (evaluated.status_code, revoked.status_code) == (302, 302)
    assert list(designation.evaluations.values_list("period", "score")) == [("2025", 50.0)]
    designation.refresh_from_db()
    assert (designation.status, designation.revoke_reason) == ("revoked", "Desa digabung")


@pytest.mark.parametrize(
    ("username", "status", "forms"),
    [
        ("field_ponorogo", 200, []),
        ("passport_ponorogo", 200, []),
        ("regional_jatim", 200, []),
        ("intel_ponorogo", 200, ["proposed"]),
        ("head_ponorogo", 200, ["proposed", "revoked"]),
        ("national", 200, []),
        ("field_cianjur", 404, None),
        ("regional_jabar", 404, None),
        ("admin", 404, None),
        ("partner_polres", 404, None),
    ],
)
def test_detail_page_matrix(org, login, username, status, forms):
    designation = start(org)
    client = login(org.users[username])

    response = client.get(_detail(designation))

    assert response.status_code == status
    if forms is not None:
        assert _forms(response) == forms


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("field_ponorogo", 403),
        ("passport_ponorogo", 403),
        ("regional_jatim", 403),
        ("field_cianjur", 404),
        ("admin", 404),
        ("partner_polres", 404),
    ],
)
def test_posting_a_step_without_the_right_is_refused(org, login, username, status):
    designation = start(org)
    before = snapshot(designation)
    client = login(org.users[username])

    response = client.post(_transition_url(designation), {**STEP_POSTS["proposed"], "to": "proposed"})
    attach = client.post(
        reverse("villages:designation_attach", args=[designation.pk]),
        {"file": SimpleUploadedFile("a.pdf", pdf_bytes())},
    )

    assert (response.status_code, attach.status_code) == (status, status)
    assert snapshot(designation) == before


def test_anonymous_visitors_are_sent_to_the_login(client, org):
    designation = start(org)

    for url in [
        reverse("villages:designation_list"),
        _detail(designation),
        reverse("villages:designation_start") + f"?village={VILLAGE}",
        reverse("villages:designation_report"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login" in response["Location"]


@pytest.mark.parametrize(
    ("username", "status", "can_start"),
    [
        ("intel_ponorogo", 200, True),
        ("head_ponorogo", 200, True),
        ("national", 200, True),
        ("field_ponorogo", 200, False),
        ("regional_jatim", 200, False),
        ("field_cianjur", 404, False),
        ("partner_polres", 404, False),
        ("admin", 404, False),
    ],
)
def test_start_page_matrix(org, login, username, status, can_start):
    client = login(org.users[username])

    response = client.get(reverse("villages:designation_start") + f"?village={VILLAGE}")

    assert response.status_code == status
    assert ('id="start-form"' in response.content.decode()) is can_start


def test_field_officers_cannot_post_a_start(org, login):
    client = login(org.users["field_ponorogo"])

    response = client.post(reverse("villages:designation_start"), {"village": VILLAGE})

    assert response.status_code == 403
    assert Designation.objects.count() == 0


def test_start_page_points_to_the_open_designation(org, login):
    designation = start(org)
    client = login(org.users["head_ponorogo"])

    page = client.get(reverse("villages:designation_start") + f"?village={VILLAGE}")
    again = client.post(reverse("villages:designation_start"), {"village": VILLAGE})

    assert 'id="existing"' in page.content.decode()
    assert _detail(designation) in page.content.decode()
    assert again.status_code == 422
    assert Designation.objects.count() == 1


def test_list_counts_statuses_and_filters(org, login):
    walk(org, start(org), "active")
    start(org, VILLAGE_WITHOUT_PIMPASA)
    client = login(org.users["regional_jatim"])

    response = client.get(reverse("villages:designation_list"))
    filtered = client.get(reverse("villages:designation_list") + "?status=active")

    counts = {value: count for value, _label, count in response.context["counts"]}
    assert counts == {
        "candidate": 1,
        "proposed": 0,
        "meeting_held": 0,
        "designated": 0,
        "active": 1,
        "evaluated": 0,
        "revoked": 0,
    }
    assert [d.village_id for d in filtered.context["page"]] == [VILLAGE]
    assert {value: count for value, _l, count in filtered.context["counts"]}["candidate"] == 1


def test_list_is_404_for_administrators_and_partners(org, login):
    for username in ["admin", "partner_polres"]:
        assert login(org.users[username]).get(reverse("villages:designation_list")).status_code == 404


def test_attachment_download_is_logged(org, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    designation = start(org)
    client = login(org.users["intel_ponorogo"])
    client.post(
        reverse("villages:designation_attach", args=[designation.pk]),
        {"file": SimpleUploadedFile("peta.pdf", pdf_bytes()), "stage": "candidate"},
    )
    attachment = designation.attachments.get()
    reader = login(org.users["field_ponorogo"])

    response = reader.get(reverse("villages:designation_attachment", args=[designation.pk, attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    event = TimelineEvent.objects.get(event_type="designation.attachment_downloaded")
    assert (event.actor, event.region_code, event.data["new"]["file"]) == (
        org.users["field_ponorogo"],
        VILLAGE,
        "peta.pdf",
    )
    outsider = login(org.users["field_cianjur"])
    assert (
        outsider.get(
            reverse("villages:designation_attachment", args=[designation.pk, attachment.pk])
        ).status_code
        == 404
    )


def test_a_disguised_upload_is_refused_on_the_page(org, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    designation = start(org)
    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"

    response = client.post(
        reverse("villages:designation_attach", args=[designation.pk]),
        {"file": SimpleUploadedFile("peta.pdf", b"MZ\x90\x00 executable")},
    )

    assert response.status_code == 422
    assert "is not a PDF, JPEG, PNG or DOCX file." in response.content.decode()
    assert designation.attachments.count() == 0


def test_village_panel_shows_status_next_step_and_timeline(org):
    from django.template.loader import render_to_string

    designation = walk(org, start(org), "proposed")
    intel = org.users["intel_ponorogo"]

    context = village_panel_context(user=intel, village=designation.village)
    html = render_to_string("villages/designations/_village_panel.html", context)

    assert context["designation"] == designation
    assert context["can_propose"] is True
    assert [e.event_type for e in context["timeline"]] == ["designation.started", "designation.proposed"]
    assert 'data-status="proposed"' in html
    assert designation.get_absolute_url() in html
    assert 'data-event="designation.proposed"' in html


def test_village_panel_offers_the_start_only_to_those_who_may(org):
    from django.template.loader import render_to_string

    from pimpasa.regions.models import Region

    village = Region.objects.get(code=VILLAGE)
    start_url = reverse("villages:designation_start") + f"?village={VILLAGE}"

    intel = village_panel_context(user=org.users["intel_ponorogo"], village=village)
    field = village_panel_context(user=org.users["field_ponorogo"], village=village)

    assert start_url in render_to_string("villages/designations/_village_panel.html", intel)
    assert start_url not in render_to_string("villages/designations/_village_panel.html", field)
    assert (intel["designation"], intel["timeline"]) == (None, [])


@pytest.mark.parametrize("extra", [0, 3])
def test_list_query_count_does_not_grow_with_rows(org, login, django_assert_num_queries, extra):
    from pimpasa.villages.services.designations import designation_start

    codes = [VILLAGE, VILLAGE_WITHOUT_PIMPASA, "35.02.01.2004", "35.02.01.2005", "35.02.01.2006"][: 2 + extra]
    for code in codes:
        designation_start(actor=org.users["intel_ponorogo"], village_code=code)
    client = login(org.users["intel_ponorogo"])
    client.get(reverse("villages:designation_list"))  # warm the session

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("villages:designation_list"))

    assert len(response.context["page"]) == len(codes)


def test_api_list_query_count_does_not_grow_with_rows(org, login, django_assert_num_queries):
    from pimpasa.villages.services.designations import designation_start

    for code in [VILLAGE, VILLAGE_WITHOUT_PIMPASA, "35.02.01.2004"]:
        designation_start(actor=org.users["intel_ponorogo"], village_code=code)
    client = login(org.users["intel_ponorogo"])
    client.get("/api/v1/designations")

    with django_assert_num_queries(API_LIST_QUERIES):
        response = client.get("/api/v1/designations")

    assert response.json()["count"] == 3


def test_htmx_refusal_answers_the_page_part_with_the_message(org, login):
    designation = walk(org, start(org), "meeting_held")
    before = snapshot(designation)
    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"

    response = client.post(
        _transition_url(designation),
        {**STEP_POSTS["designated"], "to": "designated"},
        headers={"HX-Request": "true"},
    )

    # htmx swaps only successful answers, so the refusal comes as the page part with its message.
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="designation-main">')
    assert "Only the head of the office approves a designation." in html
    assert snapshot(designation) == before
