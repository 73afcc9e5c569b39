"""Designation API: walk a village from candidate to active, refusals with their codes, the scope matrix."""

from __future__ import annotations

import json

import pytest

from pimpasa.core.models import TimelineEvent
from pimpasa.villages.models import Designation
from tests.villages.test_designations_support import (
    CIANJUR_VILLAGE,
    CONTACTS,
    VILLAGE,
    VILLAGE_WITHOUT_PIMPASA,
    snapshot,
    start,
    walk,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/designations"


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _transition(client, designation, body):
    return _post(client, f"{BASE}/{designation.pk}/transitions", body)


def test_walk_from_candidate_to_active_through_the_api(org, login):
    intel = login(org.users["intel_ponorogo"])

    started = _post(intel, BASE, {"village": VILLAGE})
    assert started.status_code == 201, started.json()
    body = started.json()
    assert (body["status"], body["unit"], body["village"]) == (
        "candidate",
        "kanim-ponorogo",
        {"code": VILLAGE, "name": "Tugurejo"},
    )
    assert body["district"] == {"code": "35.02.01", "name": "Slahung"}
    assert body["allowed_actions"] == ["proposed"]
    designation = Designation.objects.get(pk=body["id"])

    steps = [
        {"to": "proposed", "justification": "Kantong PMI", "mapping_notes": "Peta"},
        {
            "to": "meeting_held",
            "meeting_date": "2025-03-04",
            "meeting_place": "Aula",
            "agency_ids": [org.agencies["polres_ponorogo"].pk],
            "attendees": "Camat",
            "minutes": "Setuju",
        },
    ]
    for step in steps:
        response = _transition(intel, designation, step)
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == step["to"]
    assert response.json()["meeting_agencies"] == [
        {"id": org.agencies["polres_ponorogo"].pk, "name": "Polres Ponorogo"}
    ]

    head = login(org.users["head_ponorogo"])
    designated = _transition(
        head, designation, {"to": "designated", "sk_number": "SK-7", "sk_date": "2025-03-10"}
    )
    assert designated.status_code == 200
    assert (designated.json()["sk_number"], designated.json()["approved_by"]) == ("SK-7", "head_ponorogo")

    intel = login(org.users["intel_ponorogo"])
    active = _transition(intel, designation, {"to": "active", "contacts": CONTACTS})
    assert active.status_code == 200, active.json()
    body = active.json()
    assert body["status"] == "active"
    assert body["is_dbi"] is True
    assert body["contacts"] == [{"name": "Sutrisno", "position": "Kepala Desa", "phone": "+6281234567890"}]
    assert [e["event_type"] for e in body["timeline"]] == [
        "designation.started",
        "designation.proposed",
        "designation.meeting_held",
        "designation.designated",
        "designation.activated",
    ]
    assert body["active_at"] is not None


def test_a_skipped_step_answers_422_invalid_transition_and_changes_nothing(org, login):
    designation = start(org)
    before = snapshot(designation)
    client = login(org.users["head_ponorogo"])
    client.cookies["django_language"] = "en"

    response = _transition(
        client, designation, {"to": "designated", "sk_number": "SK-1", "sk_date": "2025-03-10"}
    )

    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_transition",
        "message": (
            "A designation in the state “Candidate” cannot move to “Designated (SK)”: propose it first."
        ),
        "details": {"from": "candidate", "to": "designated", "allowed": ["proposed", "revoked"]},
    }
    assert snapshot(designation) == before


def test_designation_by_intelligence_staff_answers_403_approval_required(org, login):
    designation = walk(org, start(org), "meeting_held")
    before = snapshot(designation)
    client = login(org.users["intel_ponorogo"])

    response = _transition(
        client, designation, {"to": "designated", "sk_number": "SK-1", "sk_date": "2025-03-10"}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "approval_required"
    assert snapshot(designation) == before


def test_activation_without_pimpasa_answers_422_no_pimpasa(org, login):
    designation = walk(org, start(org, VILLAGE_WITHOUT_PIMPASA), "designated")
    client = login(org.users["intel_ponorogo"])

    response = _transition(client, designation, {"to": "active", "contacts": CONTACTS})

    assert response.status_code == 422
    assert response.json()["code"] == "no_pimpasa"


def test_missing_fields_and_unknown_states_answer_422(org, login):
    designation = start(org)
    client = login(org.users["intel_ponorogo"])

    assert _transition(client, designation, {"to": "proposed"}).json()["details"] == {
        "justification": "required"
    }
    assert _transition(client, designation, {"to": "launched"}).status_code == 422
    assert _post(client, BASE, {"village": "35.02"}).status_code == 422


def test_starting_twice_answers_designation_exists(org, login):
    client = login(org.users["intel_ponorogo"])
    _post(client, BASE, {"village": VILLAGE})

    response = _post(client, BASE, {"village": VILLAGE})

    assert response.status_code == 422
    assert response.json()["code"] == "designation_exists"
    assert Designation.objects.count() == 1


def test_revoke_through_the_api(org, login):
    designation = walk(org, start(org), "active")
    client = login(org.users["head_ponorogo"])

    response = _transition(client, designation, {"to": "revoked", "reason": "Desa digabung"})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["revoke_reason"]) == ("revoked", "Desa digabung")
    assert response.json()["allowed_actions"] == []


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("field_ponorogo", 200),
        ("passport_ponorogo", 200),
        ("intel_ponorogo", 200),
        ("head_ponorogo", 200),
        ("regional_jatim", 200),
        ("national", 200),
        ("field_cianjur", 404),
        ("regional_jabar", 404),
        ("admin", 404),
        ("partner_polres", 404),
    ],
)
def test_read_matrix(org, login, username, status):
    designation = walk(org, start(org), "designated")
    client = login(org.users[username])

    detail = client.get(f"{BASE}/{designation.pk}")
    listing = client.get(BASE)
    certificate = client.get(f"{BASE}/{designation.pk}/certificate.pdf")

    assert detail.status_code == status
    assert certificate.status_code == status
    if status == 200:
        assert [item["id"] for item in listing.json()["items"]] == [designation.pk]
        assert certificate.content.startswith(b"%PDF")
    elif username in {"admin", "partner_polres"}:
        assert listing.status_code == 404
    else:
        assert listing.json()["count"] == 0


@pytest.mark.parametrize("username", ["field_ponorogo", "passport_ponorogo", "regional_jatim"])
def test_readers_who_may_not_act_get_403_and_nothing_changes(org, login, username):
    designation = start(org)
    before = snapshot(designation)
    client = login(org.users[username])

    response = _transition(client, designation, {"to": "proposed", "justification": "x"})

    assert response.status_code == 403
    assert snapshot(designation) == before
    assert _post(client, BASE, {"village": VILLAGE_WITHOUT_PIMPASA}).status_code == 403
    assert Designation.objects.count() == 1


@pytest.mark.parametrize("username", ["field_cianjur", "regional_jabar", "admin", "partner_polres"])
def test_out_of_scope_writes_answer_404(org, login, username):
    designation = start(org)
    before = snapshot(designation)
    client = login(org.users[username])

    assert _transition(client, designation, {"to": "revoked", "reason": "x"}).status_code == 404
    assert _post(client, BASE, {"village": VILLAGE_WITHOUT_PIMPASA}).status_code == 404
    assert snapshot(designation) == before


def test_anonymous_callers_get_401(client, org):
    designation = start(org)

    assert client.get(BASE).status_code == 401
    assert client.get(f"{BASE}/{designation.pk}").status_code == 401
    assert _post(client, BASE, {"village": VILLAGE}).status_code == 401
    assert _transition(client, designation, {"to": "proposed", "justification": "x"}).status_code == 401


def test_list_filters_by_status_unit_region_and_period(org, login):
    from pimpasa.villages.services.designations import designation_start

    first = walk(org, start(org), "proposed")
    second = designation_start(actor=org.users["national"], village_code=CIANJUR_VILLAGE)
    client = login(org.users["national"])

    def ids(query):
        response = client.get(f"{BASE}?{query}")
        assert response.status_code == 200, response.json()
        return sorted(item["id"] for item in response.json()["items"])

    assert ids("") == sorted([first.pk, second.pk])
    assert ids("status=proposed") == [first.pk]
    assert ids("unit=kanim-cianjur") == [second.pk]
    assert ids("region=35.02") == [first.pk]
    assert ids("year=2020") == []
    assert ids("from=2020-01-01") == sorted([first.pk, second.pk])
    assert ids("to=2020-12-31") == []
    assert client.get(f"{BASE}?status=launched").status_code == 422


def test_certificate_of_a_village_not_yet_designated_is_404(org, login):
    designation = walk(org, start(org), "meeting_held")
    client = login(org.users["head_ponorogo"])

    response = client.get(f"{BASE}/{designation.pk}/certificate.pdf")

    assert response.status_code == 404
    assert response.json()["code"] == "not_designated"


def test_transition_events_carry_the_village_code(org, login):
    client = login(org.users["intel_ponorogo"])
    body = _post(client, BASE, {"village": VILLAGE}).json()

    _transition(client, Designation.objects.get(pk=body["id"]), {"to": "proposed", "justification": "x"})

    assert set(
        TimelineEvent.objects.filter(event_type__startswith="designation.").values_list(
            "region_code", flat=True
        )
    ) == {VILLAGE}
