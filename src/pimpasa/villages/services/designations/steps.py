"""The steps of the DBI lifecycle, one function each, and the generic transition that dispatches to them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from lokal.phone import normalize_phone

from pimpasa.core.audit import event_record
from pimpasa.core.errors import PermissionDenied, ValidationFailed
from pimpasa.organization.models import AREA_KINDS, AppointmentStatus, AppointmentVillage, PartnerAgency, Unit
from pimpasa.regions.models import Level, Region

from ... import permissions
from ...evaluation import UnknownChecklistItem, checklist_clean, checklist_score
from ...models import ALLOWED_TRANSITIONS, Designation, DesignationEvaluation, VillageContact
from .attachments import check_upload, store_attachment
from .rules import S, can_act, can_start, ensure_step, invalid_transition


def _is_user(actor: Any) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _lock(designation: Designation, to: str) -> Designation:
    """Lock the row for this transaction and refuse a move the lifecycle does not allow."""
    row = (
        Designation.objects.select_for_update(of=("self",))
        .select_related("unit", "village")
        .get(pk=designation.pk)
    )
    if to not in ALLOWED_TRANSITIONS[row.status]:
        raise invalid_transition(row.status, to)
    return row


def _finish(
    *,
    actor: Any,
    designation: Designation,
    row: Designation,
    old: str,
    step: str,
    data: dict[str, Any],
    reason: str = "",
    on_conflict: ValidationFailed | None = None,
) -> Designation:
    """Save the new state, record the timeline event, and refresh the caller's copy.

    ``on_conflict`` is raised instead of a unique-constraint error (a simultaneous write won).
    """
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        if on_conflict is None:
            raise
        raise on_conflict from exc
    event_record(
        actor=actor,
        event_type=f"designation.{step}",
        target=row,
        region_code=row.village_id,
        data={"old": {"status": old}, "new": {"status": row.status, **data}},
        reason=reason,
    )
    designation.refresh_from_db()
    return row


def _required(value: str | None, field: str, message: str, max_length: int | None = None) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(message, details={field: "required"})
    if max_length is not None and len(text) > max_length:
        raise ValidationFailed(
            _("%(field)s is longer than %(max)s characters.") % {"field": field, "max": max_length},
            details={field: "too_long"},
        )
    return text


def _not_future(day: dt.date | None, field: str, message: str) -> dt.date:
    if day is None:
        raise ValidationFailed(message, details={field: "required"})
    if day > timezone.localdate():
        raise ValidationFailed(_("The date may not lie in the future."), details={field: day.isoformat()})
    return day


def _village_office(village: Region) -> Unit:
    """Return the one office whose work area holds ``village`` (for system and national actors)."""
    offices = list(Unit.objects.offices().filter(work_area__code=village.code[:5]).distinct()[:2])
    if len(offices) != 1:
        raise ValidationFailed(
            _("Choose the office that designates this village."), code="unit_required", details={"unit": None}
        )
    return offices[0]


def designation_start(*, actor: Any, village_code: str, unit: Unit | None = None) -> Designation:
    """Put a village of the office's work area up as a DBI candidate.

    The office is the actor's own (``actor.unit.area_unit()``); national users and the system
    may name it, or it is the office whose work area holds the village.
    """
    village = Region.objects.filter(code=village_code, level=Level.VILLAGE).first()
    if village is None:
        raise ValidationFailed(
            _("Unknown village code: %(code)s") % {"code": village_code},
            code="unknown_village",
            details={"village": village_code},
        )
    if unit is None:
        own = getattr(actor, "unit", None)
        unit = own.area_unit() if own is not None and own.area_unit().kind in AREA_KINDS else None
        unit = unit or _village_office(village)
    if not can_start(actor, unit):
        raise PermissionDenied(_("Only the office's intelligence staff or head prepare a designation."))
    if unit.kind not in AREA_KINDS:
        raise ValidationFailed(_("Only an immigration office designates a DBI."), details={"unit": unit.code})
    if village.code[:5] not in unit.area_codes():
        raise ValidationFailed(
            _("%(village)s lies outside the work area of %(unit)s.")
            % {"village": village.name, "unit": unit.name},
            code="village_outside_work_area",
            details={"village": village.code, "work_area": list(unit.area_codes())},
        )
    with transaction.atomic():
        # Lock the village so two starts for it run one after the other.
        Region.objects.select_for_update().filter(pk=village.pk).first()
        existing = Designation.objects.open().filter(village=village).first()
        if existing is not None:
            raise ValidationFailed(
                _("%(village)s already has a designation (%(status)s).")
                % {"village": village.name, "status": existing.get_status_display()},
                code="designation_exists",
                details={"designation": existing.pk, "status": existing.status},
            )
        designation = Designation.objects.create(
            village=village, unit=unit, status=S.CANDIDATE, candidate_at=timezone.now()
        )
        event_record(
            actor=actor,
            event_type="designation.started",
            target=designation,
            region_code=village.code,
            data={
                "new": {"status": S.CANDIDATE, "village": f"{village.code} {village.name}", "unit": unit.code}
            },
        )
    return designation


def designation_propose(
    *,
    actor: Any,
    designation: Designation,
    justification: str,
    mapping_notes: str = "",
    attachments: Iterable[Any] = (),
) -> Designation:
    """Propose the candidate: why this village (justification) and what the mapping showed."""
    ensure_step(actor, designation, S.PROPOSED)
    files = [check_upload(f) for f in attachments]
    with transaction.atomic():
        row = _lock(designation, S.PROPOSED)
        old = row.status
        row.justification = _required(justification, "justification", _("Give the justification."))
        row.mapping_notes = (mapping_notes or "").strip()
        row.proposed_by = actor if _is_user(actor) else None
        row.status, row.proposed_at = S.PROPOSED, timezone.now()
        names = [
            store_attachment(actor=actor, designation=row, stage=S.PROPOSED, upload=f).original_name
            for f in files
        ]
        return _finish(
            actor=actor,
            designation=designation,
            row=row,
            old=old,
            step="proposed",
            data={
                "justification": row.justification,
                "mapping_notes": row.mapping_notes,
                "attachments": names,
            },
        )


def designation_record_meeting(
    *,
    actor: Any,
    designation: Designation,
    meeting_date: dt.date | None,
    meeting_place: str,
    agency_ids: Iterable[int] = (),
    attendees: str = "",
    minutes: str = "",
) -> Designation:
    """Record the coordination meeting (rakor) that discussed the proposal."""
    ensure_step(actor, designation, S.MEETING_HELD)
    with transaction.atomic():
        row = _lock(designation, S.MEETING_HELD)
        old = row.status
        day = _not_future(meeting_date, "meeting_date", _("Give the date of the meeting."))
        place = _required(meeting_place, "meeting_place", _("Give the place of the meeting."), 200)
        ids = sorted({int(i) for i in agency_ids})
        readable = (
            PartnerAgency.objects.all()
            if permissions.is_system(actor)
            else PartnerAgency.objects.visible_to(actor)
        )
        agencies = list(readable.filter(pk__in=ids).order_by("name"))
        unknown = sorted(set(ids) - {a.pk for a in agencies})
        if unknown:
            raise ValidationFailed(
                _("Unknown partner agencies: %(ids)s") % {"ids": ", ".join(map(str, unknown))},
                code="unknown_agency",
                details={"agencies": unknown},
            )
        row.meeting_date, row.meeting_place = day, place
        row.meeting_attendees, row.meeting_minutes = (attendees or "").strip(), (minutes or "").strip()
        row.status, row.meeting_held_at = S.MEETING_HELD, timezone.now()
        row.meeting_agencies.set(agencies)
        return _finish(
            actor=actor,
            designation=designation,
            row=row,
            old=old,
            step="meeting_held",
            data={
                "meeting_date": day.isoformat(),
                "meeting_place": place,
                "agencies": [a.name for a in agencies],
                "attendees": row.meeting_attendees,
                "minutes": row.meeting_minutes,
            },
        )


def designation_designate(
    *, actor: Any, designation: Designation, sk_number: str, sk_date: dt.date | None
) -> Designation:
    """Designate the village as DBI by decree (SK) of the office head, who alone may do this."""
    ensure_step(actor, designation, S.DESIGNATED)
    with transaction.atomic():
        row = _lock(designation, S.DESIGNATED)
        old = row.status
        number = _required(sk_number, "sk_number", _("Give the SK number."), 100)
        day = _not_future(sk_date, "sk_date", _("Give the date of the SK."))
        if row.meeting_date and day < row.meeting_date:
            raise ValidationFailed(
                _("The SK cannot be dated before the coordination meeting (%(date)s).")
                % {"date": row.meeting_date.isoformat()},
                details={"sk_date": day.isoformat()},
            )
        taken = ValidationFailed(
            _("SK number %(number)s is already used by another designation of this office.")
            % {"number": number},
            code="sk_number_taken",
            details={"sk_number": number},
        )
        if Designation.objects.filter(unit=row.unit, sk_number=number).exclude(pk=row.pk).exists():
            raise taken
        row.sk_number, row.sk_date = number, day
        row.approved_by = actor if _is_user(actor) else None
        row.status, row.designated_at = S.DESIGNATED, timezone.now()
        return _finish(
            actor=actor,
            designation=designation,
            row=row,
            old=old,
            step="designated",
            data={"sk_number": number, "sk_date": day.isoformat()},
            on_conflict=taken,
        )


def _clean_contacts(contacts: Iterable[Mapping[str, Any]]) -> list[VillageContact]:
    cleaned: list[VillageContact] = []
    for index, contact in enumerate(contacts):
        name = str(contact.get("name") or "").strip()
        position = str(contact.get("position") or "").strip()
        raw_phone = str(contact.get("phone") or "").strip()
        if not (name or position or raw_phone):
            continue
        if not name or not position:
            raise ValidationFailed(
                _("Contact %(n)s needs a name and a position.") % {"n": index + 1},
                details={"contacts": {index: "name_and_position"}},
            )
        if len(name) > 150 or len(position) > 100:
            raise ValidationFailed(
                _("Contact %(n)s: the name or position is too long.") % {"n": index + 1},
                details={"contacts": {index: "too_long"}},
            )
        phone = ""
        if raw_phone:
            phone = normalize_phone(raw_phone) or ""
            if not phone:
                raise ValidationFailed(
                    _("Contact %(n)s: %(phone)s is not an Indonesian phone number.")
                    % {"n": index + 1, "phone": raw_phone},
                    code="invalid_phone",
                    details={"contacts": {index: "phone"}},
                )
        cleaned.append(VillageContact(name=name, position=position, phone=phone))
    if not cleaned:
        raise ValidationFailed(
            _("Give at least one village focal contact, such as the kepala desa."),
            code="contact_required",
            details={"contacts": "required"},
        )
    return cleaned


def designation_activate(
    *, actor: Any, designation: Designation, contacts: Iterable[Mapping[str, Any]]
) -> Designation:
    """Activate the DBI: a PIMPASA of the office serves the village and the village has focal contacts."""
    ensure_step(actor, designation, S.ACTIVE)
    with transaction.atomic():
        row = _lock(designation, S.ACTIVE)
        old = row.status
        pimpasa = sorted(
            AppointmentVillage.objects.filter(
                village_id=row.village_id,
                appointment__unit=row.unit,
                appointment__status=AppointmentStatus.ACTIVE,
            ).values_list("appointment__officer__username", flat=True)
        )
        if not pimpasa:
            raise ValidationFailed(
                _("Assign a PIMPASA of %(unit)s to %(village)s before activating the DBI.")
                % {"unit": row.unit.name, "village": row.village.name},
                code="no_pimpasa",
                details={"village": row.village_id},
            )
        cleaned = _clean_contacts(contacts)
        row.contacts.all().delete()
        for contact in cleaned:
            contact.designation = row
        VillageContact.objects.bulk_create(cleaned)
        row.status, row.active_at = S.ACTIVE, timezone.now()
        return _finish(
            actor=actor,
            designation=designation,
            row=row,
            old=old,
            step="activated",
            data={"contacts": [f"{c.name} ({c.position})" for c in cleaned], "pimpasa": pimpasa},
        )


def designation_evaluate(
    *,
    actor: Any,
    designation: Designation,
    evaluated_on: dt.date | None,
    period: str,
    checklist: Mapping[str, Any],
    notes: str = "",
) -> DesignationEvaluation:
    """Record the periodic evaluation of an active DBI: the checklist, its score and notes."""
    ensure_step(actor, designation, S.EVALUATED)
    with transaction.atomic():
        row = _lock(designation, S.EVALUATED)
        old = row.status
        day = _not_future(evaluated_on, "evaluated_on", _("Give the date of the evaluation."))
        label = _required(period, "period", _("Give the period evaluated, e.g. 2025 or 2025-S1."), 20)
        try:
            answers = checklist_clean(checklist)
        except UnknownChecklistItem as exc:
            raise ValidationFailed(
                _("Unknown checklist items: %(codes)s") % {"codes": ", ".join(exc.codes)},
                details={"checklist": exc.codes},
            ) from exc
        if row.evaluations.filter(period=label).exists():
            raise ValidationFailed(
                _("Period %(period)s has already been evaluated.") % {"period": label},
                code="evaluation_exists",
                details={"period": label},
            )
        score = checklist_score(answers)
        evaluation = DesignationEvaluation.objects.create(
            designation=row,
            evaluated_on=day,
            period=label,
            checklist=answers,
            score=score,
            notes=(notes or "").strip(),
            evaluated_by=actor if _is_user(actor) else None,
        )
        row.status, row.evaluated_at = S.EVALUATED, timezone.now()
        _finish(
            actor=actor,
            designation=designation,
            row=row,
            old=old,
            step="evaluated",
            data={"period": label, "evaluated_on": day.isoformat(), "score": score, "checklist": answers},
        )
    return evaluation


def designation_revoke(*, actor: Any, designation: Designation, reason: str) -> Designation:
    """Revoke a designation (at any open step); only the office head may, and must say why."""
    ensure_step(actor, designation, S.REVOKED)
    with transaction.atomic():
        row = _lock(designation, S.REVOKED)
        old = row.status
        text = _required(reason, "reason", _("Give the reason for revoking."))
        row.revoke_reason = text
        row.status, row.revoked_at = S.REVOKED, timezone.now()
        return _finish(
            actor=actor, designation=designation, row=row, old=old, step="revoked", data={}, reason=text
        )


def designation_transition(*, actor: Any, designation: Designation, to: str, **data: Any) -> Designation:
    """Move ``designation`` to state ``to`` with the fields of that step (the API's single entry point)."""
    if not can_act(actor, designation):
        raise PermissionDenied(_("Only the office's intelligence staff or head prepare a designation."))
    designation.refresh_from_db(fields=["status"])
    match (designation.status, to):
        case (S.CANDIDATE, S.PROPOSED):
            return designation_propose(
                actor=actor,
                designation=designation,
                justification=data.get("justification") or "",
                mapping_notes=data.get("mapping_notes") or "",
                attachments=data.get("attachments") or (),
            )
        case (S.PROPOSED, S.MEETING_HELD):
            return designation_record_meeting(
                actor=actor,
                designation=designation,
                meeting_date=data.get("meeting_date"),
                meeting_place=data.get("meeting_place") or "",
                agency_ids=data.get("agency_ids") or (),
                attendees=data.get("attendees") or "",
                minutes=data.get("minutes") or "",
            )
        case (S.MEETING_HELD, S.DESIGNATED):
            return designation_designate(
                actor=actor,
                designation=designation,
                sk_number=data.get("sk_number") or "",
                sk_date=data.get("sk_date"),
            )
        case (S.DESIGNATED, S.ACTIVE):
            return designation_activate(
                actor=actor, designation=designation, contacts=data.get("contacts") or ()
            )
        case (S.ACTIVE | S.EVALUATED, S.EVALUATED):
            designation_evaluate(
                actor=actor,
                designation=designation,
                evaluated_on=data.get("evaluated_on"),
                period=data.get("period") or "",
                checklist=data.get("checklist") or {},
                notes=data.get("notes") or "",
            )
            return designation
        case (old, S.REVOKED) if old != S.REVOKED:
            return designation_revoke(actor=actor, designation=designation, reason=data.get("reason") or "")
    raise invalid_transition(designation.status, to)
