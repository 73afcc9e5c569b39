"""The DBI lifecycle services: each step, its rules, its timeline event; refused steps change nothing."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from pimpasa.core.errors import PermissionDenied, ValidationFailed
from pimpasa.core.models import TimelineEvent
from pimpasa.organization import services as org_services
from pimpasa.villages.models import Designation, DesignationStatus
from pimpasa.villages.services import designations as svc
from tests.villages.test_designations_support import (
    CIANJUR_VILLAGE,
    CONTACTS,
    PATH,
    STEP_DATA,
    VILLAGE,
    VILLAGE_WITHOUT_PIMPASA,
    docx_bytes,
    event_types,
    pdf_bytes,
    png_bytes,
    snapshot,
    start,
    walk,
)

pytestmark = pytest.mark.django_db

S = DesignationStatus
ALL_STATES = [s.value for s in S]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_walk_from_candidate_to_evaluated_sets_each_timestamp_and_event(org):
    intel, head = org.users["intel_ponorogo"], org.users["head_ponorogo"]

    designation = start(org)
    assert (designation.status, designation.unit, designation.village_id) == (
        S.CANDIDATE,
        org.units["ponorogo"],
        VILLAGE,
    )
    svc.designation_propose(
        actor=intel, designation=designation, justification="  Kantong PMI  ", mapping_notes="Peta"
    )
    svc.designation_record_meeting(
        actor=intel,
        designation=designation,
        meeting_date=dt.date(2025, 3, 4),
        meeting_place="Aula Kanim",
        agency_ids=[org.agencies["polres_ponorogo"].pk],
        attendees="Camat",
        minutes="Setuju",
    )
    svc.designation_designate(
        actor=head, designation=designation, sk_number="SK-1", sk_date=dt.date(2025, 3, 10)
    )
    svc.designation_activate(actor=intel, designation=designation, contacts=CONTACTS)
    evaluation = svc.designation_evaluate(
        actor=intel,
        designation=designation,
        evaluated_on=dt.date(2025, 9, 30),
        period="2025-S2",
        checklist=STEP_DATA["evaluated"]["checklist"],
        notes="",
    )

    designation.refresh_from_db()
    assert designation.status == S.EVALUATED
    stamps = [
        designation.candidate_at,
        designation.proposed_at,
        designation.meeting_held_at,
        designation.designated_at,
        designation.active_at,
        designation.evaluated_at,
    ]
    assert all(stamps) and stamps == sorted(stamps)
    assert designation.revoked_at is None
    assert designation.justification == "Kantong PMI"
    assert designation.proposed_by == intel
    assert designation.approved_by == head
    assert list(designation.meeting_agencies.values_list("name", flat=True)) == ["Polres Ponorogo"]
    assert list(designation.contacts.values_list("name", "position", "phone")) == [
        ("Sutrisno", "Kepala Desa", "+6281234567890")
    ]
    assert (evaluation.score, evaluation.period, evaluation.evaluated_by) == (83.3, "2025-S2", intel)
    assert event_types(designation) == [
        "designation.started",
        "designation.proposed",
        "designation.meeting_held",
        "designation.designated",
        "designation.activated",
        "designation.evaluated",
    ]
    designated = TimelineEvent.objects.get(event_type="designation.designated")
    assert designated.region_code == VILLAGE
    assert designated.actor == head
    assert designated.data == {
        "old": {"status": "meeting_held"},
        "new": {"status": "designated", "sk_number": "SK-1", "sk_date": "2025-03-10"},
    }
    activated = TimelineEvent.objects.get(event_type="designation.activated")
    assert activated.data["new"] == {
        "status": "active",
        "contacts": ["Sutrisno (Kepala Desa)"],
        "pimpasa": ["field_ponorogo"],
    }


def test_evaluated_designation_is_evaluated_again_next_period(org):
    designation = walk(org, start(org), "evaluated")

    svc.designation_evaluate(
        actor=org.users["intel_ponorogo"],
        designation=designation,
        evaluated_on=dt.date(2026, 3, 31),
        period="2026-S1",
        checklist={"pimpasa_visits": True, "outreach_held": True},
    )

    assert list(designation.evaluations.values_list("period", "score")) == [
        ("2026-S1", 33.3),
        ("2025-S2", 83.3),
    ]
    assert designation.status == S.EVALUATED


def _reach(org, state):
    """Return a designation in ``state`` (revoked: revoked from candidate)."""
    designation = start(org)
    if state == S.REVOKED:
        svc.designation_revoke(actor=org.users["head_ponorogo"], designation=designation, reason="Salah desa")
        return designation
    return walk(org, designation, state)


@pytest.mark.parametrize("current", ALL_STATES)
def test_every_step_not_allowed_from_a_state_is_refused_and_changes_nothing(org, current):
    designation = _reach(org, current)
    head = org.users["head_ponorogo"]
    refused = [s for s in ALL_STATES if s not in _allowed(current)]
    before = snapshot(designation)

    for to in refused:
        data = STEP_DATA.get(to, {"reason": "Alasan"} if to == S.REVOKED else {})
        with pytest.raises(ValidationFailed) as exc:
            svc.designation_transition(actor=head, designation=designation, to=to, **data)
        assert exc.value.code == "invalid_transition", to
        assert exc.value.details["from"] == current
        assert exc.value.details["to"] == to

    assert snapshot(designation) == before


def _allowed(state):
    from pimpasa.villages.models import ALLOWED_TRANSITIONS

    return {str(s) for s in ALLOWED_TRANSITIONS[state]}


def test_skipping_the_meeting_names_both_states_and_the_next_step(org):
    designation = walk(org, start(org), "proposed")

    with translation.override("en"), pytest.raises(ValidationFailed) as exc:
        svc.designation_designate(
            actor=org.users["head_ponorogo"],
            designation=designation,
            sk_number="SK-1",
            sk_date=dt.date(2025, 3, 1),
        )

    assert exc.value.code == "invalid_transition"
    assert exc.value.message == (
        "A designation in the state “Proposed” cannot move to “Designated (SK)”: "
        "record the coordination meeting first."
    )
    assert exc.value.details == {
        "from": "proposed",
        "to": "designated",
        "allowed": ["meeting_held", "revoked"],
    }


def test_going_back_and_moving_a_revoked_designation_say_why(org):
    active = walk(org, start(org), "active")
    with translation.override("en"), pytest.raises(ValidationFailed) as back:
        svc.designation_transition(actor=org.users["head_ponorogo"], designation=active, to="proposed")
    assert back.value.message.endswith("a designation does not go back to an earlier step.")

    other = start(org, VILLAGE_WITHOUT_PIMPASA)
    svc.designation_revoke(actor=org.users["head_ponorogo"], designation=other, reason="Batal")
    with translation.override("en"), pytest.raises(ValidationFailed) as closed:
        svc.designation_transition(
            actor=org.users["head_ponorogo"], designation=other, to="proposed", justification="x"
        )
    assert closed.value.message == (
        "A designation in the state “Revoked” cannot move to “Proposed”: "
        "a revoked designation is closed; start a new one for the village."
    )


def test_intelligence_staff_cannot_designate_and_the_office_head_can(org):
    designation = walk(org, start(org), "meeting_held")
    before = snapshot(designation)

    with pytest.raises(PermissionDenied) as exc:
        svc.designation_designate(
            actor=org.users["intel_ponorogo"],
            designation=designation,
            sk_number="SK-9",
            sk_date=dt.date(2025, 3, 10),
        )

    assert exc.value.code == "approval_required"
    assert exc.value.status == 403
    assert snapshot(designation) == before

    svc.designation_designate(
        actor=org.users["head_ponorogo"],
        designation=designation,
        sk_number="SK-9",
        sk_date=dt.date(2025, 3, 10),
    )
    designation.refresh_from_db()
    assert (designation.status, designation.sk_number, designation.approved_by) == (
        S.DESIGNATED,
        "SK-9",
        org.users["head_ponorogo"],
    )


@pytest.mark.parametrize(
    "username", ["field_ponorogo", "passport_ponorogo", "regional_jatim", "head_cianjur"]
)
def test_staff_outside_the_office_or_its_roles_cannot_take_steps(org, username):
    if username == "head_cianjur":
        from pimpasa.core.roles import Role
        from tests.fixtures import make_user

        user = make_user("head_cianjur")
        org_services.posting_set(actor=None, user=user, unit=org.units["cianjur"], roles=[Role.OFFICE_HEAD])
        org.users[username] = user
    designation = start(org)
    before = snapshot(designation)

    with pytest.raises(PermissionDenied):
        svc.designation_transition(
            actor=org.users[username], designation=designation, to="proposed", justification="x"
        )
    with pytest.raises(PermissionDenied):
        svc.designation_revoke(actor=org.users[username], designation=designation, reason="x")

    assert snapshot(designation) == before


def test_activation_needs_an_active_pimpasa_of_the_office(org):
    designation = walk(org, start(org, VILLAGE_WITHOUT_PIMPASA), "designated")
    before = snapshot(designation)

    with pytest.raises(ValidationFailed) as exc:
        svc.designation_activate(
            actor=org.users["intel_ponorogo"], designation=designation, contacts=CONTACTS
        )

    assert exc.value.code == "no_pimpasa"
    assert snapshot(designation) == before

    org_services.appointment_set_villages(
        actor=None,
        appointment=org.appointments["field_ponorogo"],
        village_codes=[VILLAGE, VILLAGE_WITHOUT_PIMPASA],
        reason="Tambah desa",
    )
    svc.designation_activate(actor=org.users["intel_ponorogo"], designation=designation, contacts=CONTACTS)
    assert designation.status == S.ACTIVE


def test_an_ended_appointment_does_not_count(org):
    org_services.appointment_end(actor=None, appointment=org.appointments["field_ponorogo"], reason="Mutasi")
    designation = walk(org, start(org), "designated")

    with pytest.raises(ValidationFailed) as exc:
        svc.designation_activate(
            actor=org.users["intel_ponorogo"], designation=designation, contacts=CONTACTS
        )

    assert exc.value.code == "no_pimpasa"


@pytest.mark.parametrize(
    ("contacts", "code"),
    [
        ([], "contact_required"),
        ([{"name": "", "position": "", "phone": ""}], "contact_required"),
        ([{"name": "Sutrisno", "position": "", "phone": ""}], "validation_failed"),
        ([{"name": "Sutrisno", "position": "Kepala Desa", "phone": "12345"}], "invalid_phone"),
    ],
)
def test_activation_needs_a_focal_contact_with_a_valid_phone(org, contacts, code):
    designation = walk(org, start(org), "designated")
    before = snapshot(designation)

    with pytest.raises(ValidationFailed) as exc:
        svc.designation_activate(
            actor=org.users["intel_ponorogo"], designation=designation, contacts=contacts
        )

    assert exc.value.code == code
    assert snapshot(designation) == before


def test_a_contact_without_phone_is_accepted(org):
    designation = walk(org, start(org), "designated")

    svc.designation_activate(
        actor=org.users["intel_ponorogo"],
        designation=designation,
        contacts=[{"name": "Sri", "position": "Sekretaris Desa"}, {"name": "", "position": ""}],
    )

    assert list(designation.contacts.values_list("name", "phone")) == [("Sri", "")]


def test_start_refuses_villages_outside_the_work_area_and_a_second_open_designation(org):
    intel = org.users["intel_ponorogo"]
    with pytest.raises(ValidationFailed) as outside:
        svc.designation_start(actor=intel, village_code=CIANJUR_VILLAGE)
    assert outside.value.code == "village_outside_work_area"
    with pytest.raises(ValidationFailed) as unknown:
        svc.designation_start(actor=intel, village_code="35.02.01.9999")
    assert unknown.value.code == "unknown_village"

    first = start(org)
    with pytest.raises(ValidationFailed) as exists:
        start(org, username="head_ponorogo")
    assert exists.value.code == "designation_exists"
    assert exists.value.details == {"designation": first.pk, "status": "candidate"}
    assert Designation.objects.count() == 1

    svc.designation_revoke(actor=org.users["head_ponorogo"], designation=first, reason="Ulang")
    second = start(org)
    assert second.pk != first.pk
    assert Designation.objects.filter(village_id=VILLAGE).count() == 2


@pytest.mark.parametrize(
    "username", ["field_ponorogo", "passport_ponorogo", "regional_jatim", "partner_polres", "admin"]
)
def test_only_office_staff_and_national_users_start(org, username):
    with pytest.raises(PermissionDenied):
        start(org, username=username)
    assert Designation.objects.count() == 0


def test_national_users_start_for_the_office_of_the_village(org):
    designation = svc.designation_start(actor=org.users["national"], village_code=CIANJUR_VILLAGE)

    assert designation.unit == org.units["cianjur"]
    assert TimelineEvent.objects.get(event_type="designation.started").actor == org.users["national"]


def test_proposal_needs_a_justification(org):
    designation = start(org)
    before = snapshot(designation)

    with pytest.raises(ValidationFailed) as exc:
        svc.designation_propose(
            actor=org.users["intel_ponorogo"], designation=designation, justification="   ", mapping_notes=""
        )

    assert exc.value.details == {"justification": "required"}
    assert snapshot(designation) == before


def test_meeting_date_in_the_future_and_agencies_out_of_sight_are_refused(org):
    designation = walk(org, start(org), "proposed")
    intel = org.users["intel_ponorogo"]
    before = snapshot(designation)

    with pytest.raises(ValidationFailed) as future:
        svc.designation_record_meeting(
            actor=intel,
            designation=designation,
            meeting_date=timezone.localdate() + dt.timedelta(days=1),
            meeting_place="Aula",
            agency_ids=[],
            attendees="",
            minutes="",
        )
    assert future.value.details.keys() == {"meeting_date"}
    with pytest.raises(ValidationFailed) as hidden:
        svc.designation_record_meeting(
            actor=intel,
            designation=designation,
            meeting_date=dt.date(2025, 3, 4),
            meeting_place="Aula",
            agency_ids=[org.agencies["polres_cianjur"].pk],
            attendees="",
            minutes="",
        )
    assert hidden.value.code == "unknown_agency"
    assert snapshot(designation) == before


def test_sk_number_is_unique_per_office_and_not_dated_before_the_meeting(org):
    head = org.users["head_ponorogo"]
    first = walk(org, start(org), "designated")
    second = walk(org, start(org, VILLAGE_WITHOUT_PIMPASA), "meeting_held")
    before = snapshot(second)

    with pytest.raises(ValidationFailed) as taken:
        svc.designation_designate(
            actor=head, designation=second, sk_number=first.sk_number, sk_date=dt.date(2025, 3, 10)
        )
    assert taken.value.code == "sk_number_taken"
    with pytest.raises(ValidationFailed) as early:
        svc.designation_designate(
            actor=head, designation=second, sk_number="SK-2", sk_date=dt.date(2025, 3, 3)
        )
    assert early.value.details == {"sk_date": "2025-03-03"}
    assert snapshot(second) == before


def test_revoking_needs_the_office_head_and_a_reason(org):
    designation = walk(org, start(org), "active")
    before = snapshot(designation)

    with pytest.raises(PermissionDenied) as intel:
        svc.designation_revoke(actor=org.users["intel_ponorogo"], designation=designation, reason="x")
    assert intel.value.code == "approval_required"
    with pytest.raises(ValidationFailed) as no_reason:
        svc.designation_revoke(actor=org.users["head_ponorogo"], designation=designation, reason=" ")
    assert no_reason.value.details == {"reason": "required"}
    assert snapshot(designation) == before

    svc.designation_revoke(
        actor=org.users["head_ponorogo"], designation=designation, reason="Desa dimekarkan"
    )

    designation.refresh_from_db()
    assert (designation.status, designation.revoke_reason) == (S.REVOKED, "Desa dimekarkan")
    assert designation.revoked_at is not None
    event = TimelineEvent.objects.get(event_type="designation.revoked")
    assert (event.reason, event.data) == (
        "Desa dimekarkan",
        {"old": {"status": "active"}, "new": {"status": "revoked"}},
    )


def test_evaluation_refuses_unknown_items_and_a_period_twice(org):
    designation = walk(org, start(org), "evaluated")
    intel = org.users["intel_ponorogo"]
    before = snapshot(designation)

    with pytest.raises(ValidationFailed) as unknown:
        svc.designation_evaluate(
            actor=intel,
            designation=designation,
            evaluated_on=dt.date(2026, 1, 5),
            period="2026",
            checklist={"x": True},
        )
    assert unknown.value.details == {"checklist": ["x"]}
    with pytest.raises(ValidationFailed) as twice:
        svc.designation_evaluate(
            actor=intel,
            designation=designation,
            evaluated_on=dt.date(2026, 1, 5),
            period="2025-S2",
            checklist={},
        )
    assert twice.value.code == "evaluation_exists"
    assert snapshot(designation) == before


def test_national_users_evaluate_but_do_not_designate(org):
    designation = walk(org, start(org), "active")
    national = org.users["national"]

    svc.designation_evaluate(
        actor=national, designation=designation, evaluated_on=dt.date(2026, 1, 5), period="2025", checklist={}
    )

    assert designation.evaluations.get().score == 0.0
    assert svc.next_actions(national, designation) == ["evaluated"]
    assert svc.next_actions(org.users["head_ponorogo"], designation) == ["evaluated", "revoked"]
    assert svc.next_actions(org.users["field_ponorogo"], designation) == []


def test_attachments_are_checked_by_content_and_hashed(org, media):
    designation = start(org)
    intel = org.users["intel_ponorogo"]
    content = pdf_bytes()

    attachment = svc.designation_attach(
        actor=intel, designation=designation, stage="", file=SimpleUploadedFile("peta.pdf", content)
    )
    word = svc.designation_attach(
        actor=intel,
        designation=designation,
        stage="candidate",
        file=SimpleUploadedFile("Notulen.DOCX", docx_bytes()),
    )

    assert (attachment.original_name, attachment.content_type, attachment.size, attachment.stage) == (
        "peta.pdf",
        "application/pdf",
        len(content),
        "candidate",
    )
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.file.read() == content
    assert word.content_type.endswith("wordprocessingml.document")
    assert event_types(designation) == ["designation.started", "designation.attached", "designation.attached"]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("peta.pdf", b"MZ\x90\x00 not a pdf", "file_type"),
        ("peta.pdf", png_bytes(), "file_type"),
        ("foto.png", png_bytes() + b"x", None),
        ("skrip.exe", pdf_bytes(), "file_type"),
        ("arsip.docx", b"PK\x03\x04 broken zip", "file_type"),
        ("besar.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "file_too_large"),
    ],
)
def test_attachments_of_the_wrong_type_or_size_are_refused(org, media, name, content, code):
    designation = start(org)

    if code is None:
        svc.designation_attach(
            actor=org.users["intel_ponorogo"], designation=designation, file=SimpleUploadedFile(name, content)
        )
        assert designation.attachments.count() == 1
        return
    with pytest.raises(ValidationFailed) as exc:
        svc.designation_attach(
            actor=org.users["intel_ponorogo"], designation=designation, file=SimpleUploadedFile(name, content)
        )
    assert exc.value.code == code
    assert designation.attachments.count() == 0


def test_proposal_with_attachments_stores_them_at_the_proposal_step(org, media):
    designation = start(org)

    svc.designation_propose(
        actor=org.users["intel_ponorogo"],
        designation=designation,
        justification="Kantong PMI",
        mapping_notes="",
        attachments=[SimpleUploadedFile("peta.png", png_bytes())],
    )

    assert list(designation.attachments.values_list("original_name", "stage")) == [("peta.png", "proposed")]
    assert TimelineEvent.objects.get(event_type="designation.proposed").data["new"]["attachments"] == [
        "peta.png"
    ]


def test_field_officers_cannot_attach(org, media):
    designation = start(org)

    with pytest.raises(PermissionDenied):
        svc.designation_attach(
            actor=org.users["field_ponorogo"],
            designation=designation,
            file=SimpleUploadedFile("a.pdf", pdf_bytes()),
        )
    assert designation.attachments.count() == 0


def test_every_step_is_walked_by_the_generic_transition(org):
    designation = start(org)

    for state in PATH:
        svc.designation_transition(
            actor=org.users["head_ponorogo"], designation=designation, to=state, **STEP_DATA[state]
        )
        assert designation.status == state
