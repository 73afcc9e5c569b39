"""Handling of reports after intake: the workflow, assignment, grading, links, restriction, reveals.

Every write locks the report row, re-checks the actor's permission and records a
timeline event. Reads of sensitive data (a confidential reporter, a full NIK, a
restricted report) are services too: they record who looked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pimpasa.core.audit import event_record
from pimpasa.core.errors import NotFound, ValidationFailed
from pimpasa.core.roles import CASE_ROLES, Role

from .. import permissions
from ..masking import mask_nik
from ..models import (
    ALLOWED_TRANSITIONS,
    Credibility,
    LinkKind,
    Outcome,
    RejectReason,
    Reliability,
    Report,
    ReporterMode,
    ReportLink,
    ReportPerson,
    ReportStatus,
    Urgency,
)
from .intake import _users_named, sla_deadlines

R = ReportStatus
#: Moves that reopen a finished report.
REOPENINGS = frozenset({(R.CLOSED, R.IN_FOLLOW_UP), (R.REJECTED, R.RECEIVED)})
#: States whose first reaching after verification counts as the first action.
ACTION_STATES = frozenset({R.IN_FOLLOW_UP, R.REFERRED, R.CLOSED})
#: The timestamp field of each state.
STATE_TIMESTAMPS = {
    R.VERIFIED: "verified_at",
    R.REJECTED: "rejected_at",
    R.IN_FOLLOW_UP: "follow_up_at",
    R.REFERRED: "referred_at",
    R.CLOSED: "closed_at",
}
#: Roles of office staff who can be assigned a report.
OFFICE_CASE_ROLES = CASE_ROLES - {Role.REGIONAL, Role.NATIONAL}
#: Keyword arguments ``report_transition`` understands.
TRANSITION_FIELDS = frozenset({"note", "reason", "outcome", "assigned_to"})


def _lock(report: Report) -> Report:
    """Lock the report for this transaction and refresh it, so concurrent changes run one after another."""
    Report.objects.select_for_update().filter(pk=report.pk).values_list("pk", flat=True).first()
    report.refresh_from_db()
    return report


def _label(status: str) -> str:
    return str(R(status).label) if status in R.values else status


def _officer(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        user = get_user_model().objects.filter(username=value, is_active=True).first()
        if user is None:
            raise ValidationFailed(
                _("Unknown officer: %(name)s") % {"name": value}, details={"assigned_to": value}
            )
        return user
    return value


def _check_officer_of(report: Report, officer: Any) -> None:
    """Refuse an officer who is not case staff at the report's office."""
    unit = getattr(officer, "unit", None)
    same_office = unit is not None and report.unit_id is not None and unit.area_unit().pk == report.unit_id
    roles: frozenset[str] = getattr(officer, "roles", frozenset())
    if not (same_office and roles & OFFICE_CASE_ROLES):
        raise ValidationFailed(
            _("%(officer)s does not work on reports at the responsible office.") % {"officer": officer},
            code="officer_not_in_office",
            details={"assigned_to": getattr(officer, "username", str(officer))},
        )


def report_transition(*, actor: Any, report: Report, to: str, **data: Any) -> Report:
    """Move a report to status ``to`` and record why.

    ``data``: ``note`` (recorded as the reason; required to reopen), ``reason`` (a
    ``RejectReason``, required to reject), ``outcome`` (an ``Outcome``, required to close),
    ``assigned_to`` (a user or username; required to start follow-up unless one is assigned).
    A move the workflow does not allow raises ``invalid_transition`` and changes nothing.
    """
    permissions.ensure_can_triage(actor, report)
    unknown = sorted(set(data) - TRANSITION_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unexpected fields: %(fields)s") % {"fields": ", ".join(unknown)}, details={"fields": unknown}
        )
    note = str(data.get("note") or "").strip()
    with transaction.atomic():
        _lock(report)
        old = report.status
        if to not in R.values or to not in ALLOWED_TRANSITIONS[old]:
            raise ValidationFailed(
                _("This report cannot move from “%(current)s” to “%(requested)s”.")
                % {"current": _label(old), "requested": _label(to)},
                code="invalid_transition",
                details={"current": old, "requested": to, "allowed": sorted(ALLOWED_TRANSITIONS[old])},
            )
        now = timezone.now()
        reopening = (old, to) in REOPENINGS
        changes: dict[str, Any] = {"status": to}
        if reopening and not note:
            raise ValidationFailed(_("Say why the report is reopened."), details={"note": ""})
        if to == R.REJECTED:
            reason = str(data.get("reason") or "")
            if reason not in RejectReason.values:
                raise ValidationFailed(_("Choose why the report is rejected."), details={"reason": reason})
            report.reject_reason = reason
            changes["reject_reason"] = reason
        if to == R.CLOSED:
            outcome = str(data.get("outcome") or "")
            if outcome not in Outcome.values:
                raise ValidationFailed(_("Choose the outcome."), details={"outcome": outcome})
            report.outcome = outcome
            changes["outcome"] = outcome
        if to == R.IN_FOLLOW_UP:
            officer = _officer(data.get("assigned_to"))
            if officer is not None:
                _check_officer_of(report, officer)
                report.assigned_to = officer
                changes["assigned_to"] = officer.username
            elif report.assigned_to_id is None:
                raise ValidationFailed(
                    _("Choose the officer who follows the report up."), details={"assigned_to": None}
                )
        if reopening:
            report.reopened_at = now
            report.reject_reason = ""
            report.outcome = ""
            if to == R.RECEIVED and report.first_action_at is None:
                # Back in triage: the deadlines count again from the reopening.
                due = sla_deadlines(report.category, report.urgency, now)
                report.verify_due_at, report.action_due_at = due.verify_due_at, due.action_due_at
        else:
            setattr(report, STATE_TIMESTAMPS[R(to)], now)
        if to in ACTION_STATES and report.first_action_at is None and report.verified_at is not None:
            report.first_action_at = now
        report.status = to
        report.status_note = note
        report.save()
        event_record(
            actor=actor,
            event_type="report.reopened" if reopening else f"report.{to}",
            target=report,
            region_code=report.region_id,
            data={"old": {"status": old}, "new": changes},
            reason=note,
        )
    return report


def report_assign(*, actor: Any, report: Report, officer: Any) -> Report:
    """Assign the officer who follows the report up (case staff of the report's office)."""
    permissions.ensure_can_triage(actor, report)
    officer = _officer(officer)
    if officer is None:
        raise ValidationFailed(_("Choose an officer."), details={"assigned_to": None})
    _check_officer_of(report, officer)
    with transaction.atomic():
        _lock(report)
        old = report.assigned_to.username if report.assigned_to else None
        if report.assigned_to_id == officer.pk:
            return report
        report.assigned_to = officer
        report.save(update_fields=["assigned_to", "updated_at"])
        event_record(
            actor=actor,
            event_type="report.assigned",
            target=report,
            region_code=report.region_id,
            data={"old": {"assigned_to": old}, "new": {"assigned_to": officer.username}},
        )
    return report


def report_update_grading(
    *,
    actor: Any,
    report: Report,
    reliability: str | None = None,
    credibility: str | None = None,
    urgency: str | None = None,
    note: str = "",
) -> Report:
    """Change the source reliability, information credibility or urgency of a report.

    A new urgency recomputes the deadlines not yet met (verification while the report
    awaits triage, first action while none was taken), counted from receipt.
    """
    permissions.ensure_can_triage(actor, report)
    for name, value, choices in (
        ("reliability", reliability, Reliability.values),
        ("credibility", credibility, Credibility.values),
        ("urgency", urgency, Urgency.values),
    ):
        if value is not None and value not in choices:
            raise ValidationFailed(_("Choose one of the offered values."), details={name: value})
    with transaction.atomic():
        _lock(report)
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        for name, value in (("reliability", reliability), ("credibility", credibility), ("urgency", urgency)):
            if value is not None and getattr(report, name) != value:
                old[name], new[name] = getattr(report, name), value
                setattr(report, name, value)
        if not new:
            return report
        if "urgency" in new:
            # A report reopened into triage counts its deadlines from the reopening (as
            # ``report_transition`` set them), whether or not it has been verified again since.
            start = (
                report.reopened_at
                if report.reopened_at and report.first_action_at is None
                else report.received_at
            )
            due = sla_deadlines(report.category, report.urgency, start)
            if report.status == R.RECEIVED:
                old["verify_due_at"], new["verify_due_at"] = (
                    _iso(report.verify_due_at),
                    _iso(due.verify_due_at),
                )
                report.verify_due_at = due.verify_due_at
            if report.first_action_at is None and report.status in (R.RECEIVED, R.VERIFIED):
                old["action_due_at"], new["action_due_at"] = (
                    _iso(report.action_due_at),
                    _iso(due.action_due_at),
                )
                report.action_due_at = due.action_due_at
        report.save()
        event_record(
            actor=actor,
            event_type="report.graded",
            target=report,
            region_code=report.region_id,
            data={"old": old, "new": new},
            reason=note.strip(),
        )
    return report


def _iso(value: Any) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def report_set_public_reply(*, actor: Any, report: Report, text: str) -> Report:
    """Set the reply the reporter reads on the public status page (it must name nobody)."""
    permissions.ensure_can_triage(actor, report)
    text = (text or "").strip()
    if len(text) > 2000:
        raise ValidationFailed(_("The reply is too long."), details={"public_reply": len(text)})
    with transaction.atomic():
        _lock(report)
        if report.public_reply == text:
            return report
        old = report.public_reply
        report.public_reply = text
        report.save(update_fields=["public_reply", "updated_at"])
        event_record(
            actor=actor,
            event_type="report.public_reply_set",
            target=report,
            region_code=report.region_id,
            data={"old": {"public_reply": old}, "new": {"public_reply": text}},
        )
    return report


def _readers(report: Report) -> list[str]:
    return sorted(report.restricted_users.values_list("username", flat=True))


def _reads_place_of(user: Any, report: Report) -> bool:
    """Return whether ``user`` would read ``report`` were it not restricted."""
    if not user.roles & CASE_ROLES:
        return False
    return Report.objects.filter(pk=report.pk).within(user.get_scope()).exists()


def report_restrict(*, actor: Any, report: Report, usernames: Iterable[str]) -> Report:
    """Restrict a report to the office head and the named users (who must read reports of its place)."""
    permissions.ensure_can_restrict(actor, report)
    users = _users_named(usernames)
    blind = sorted(u.username for u in users if not _reads_place_of(u, report))
    if blind:
        raise ValidationFailed(
            _("These users do not read reports of this place: %(names)s") % {"names": ", ".join(blind)},
            code="users_cannot_read",
            details={"usernames": blind},
        )
    with transaction.atomic():
        _lock(report)
        old = {"restricted": report.restricted, "users": _readers(report)}
        report.restricted = True
        report.save(update_fields=["restricted", "updated_at"])
        report.restricted_users.set(users)
        new = {"restricted": True, "users": sorted(u.username for u in users)}
        if old != new:
            event_record(
                actor=actor,
                event_type="report.restricted",
                target=report,
                region_code=report.region_id,
                data={"old": old, "new": new},
            )
    return report


def report_unrestrict(*, actor: Any, report: Report) -> Report:
    """Lift the restriction: everyone who reads reports of the place sees the report again."""
    permissions.ensure_can_restrict(actor, report)
    with transaction.atomic():
        _lock(report)
        if not report.restricted:
            return report
        old = {"restricted": True, "users": _readers(report)}
        report.restricted = False
        report.save(update_fields=["restricted", "updated_at"])
        report.restricted_users.clear()
        event_record(
            actor=actor,
            event_type="report.unrestricted",
            target=report,
            region_code=report.region_id,
            data={"old": old, "new": {"restricted": False, "users": []}},
        )
    return report


def _ensure_visible(actor: Any, other: Report) -> None:
    if actor is not None and not Report.objects.visible_to(actor).filter(pk=other.pk).exists():
        raise NotFound(_("No such report."))


def report_link(*, actor: Any, report: Report, other: Report, kind: str) -> ReportLink:
    """Link two reports as duplicates or related (stored once); relinking changes the kind."""
    permissions.ensure_can_triage(actor, report)
    _ensure_visible(actor, other)
    if kind not in LinkKind.values:
        raise ValidationFailed(_("Choose duplicate or related."), details={"kind": kind})
    if other.pk == report.pk:
        raise ValidationFailed(_("A report cannot be linked to itself."), code="self_link")
    low, high = sorted([report, other], key=lambda r: r.pk)
    with transaction.atomic():
        _lock(report)
        link = ReportLink.objects.select_for_update().filter(report=low, other=high).first()
        old_kind = link.kind if link else None
        if link is not None and link.kind == kind:
            return link
        if link is None:
            link = ReportLink.objects.create(report=low, other=high, kind=kind, created_by=_user(actor))
        else:
            link.kind = kind
            link.save(update_fields=["kind"])
        for target, partner in ((report, other), (other, report)):
            event_record(
                actor=actor,
                event_type="report.linked",
                target=target,
                region_code=target.region_id,
                data={
                    "old": {"kind": old_kind} if old_kind else None,
                    "new": {"other": partner.tracking_code, "kind": kind},
                },
            )
    return link


def report_unlink(*, actor: Any, report: Report, other: Report) -> None:
    """Remove the link between two reports."""
    permissions.ensure_can_triage(actor, report)
    _ensure_visible(actor, other)
    low, high = sorted([report, other], key=lambda r: r.pk)
    with transaction.atomic():
        _lock(report)
        link = ReportLink.objects.filter(report=low, other=high).first()
        if link is None:
            raise NotFound(_("These reports are not linked."))
        kind = link.kind
        link.delete()
        for target, partner in ((report, other), (other, report)):
            event_record(
                actor=actor,
                event_type="report.unlinked",
                target=target,
                region_code=target.region_id,
                data={"old": {"other": partner.tracking_code, "kind": kind}, "new": None},
            )


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def report_add_note(*, actor: Any, report: Report, text: str) -> None:
    """Record a follow-up note on the report's timeline (triage staff and the assigned officer)."""
    permissions.ensure_can_follow_up(actor, report)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("Write the note."), details={"text": ""})
    with transaction.atomic():
        event_record(
            actor=actor,
            event_type="report.note_added",
            target=report,
            region_code=report.region_id,
            reason=text,
        )


@dataclass(frozen=True)
class ReporterIdentity:
    """Who made a report, as far as they told."""

    mode: str
    name: str
    phone: str
    contact: str


def report_reveal_reporter(*, actor: Any, report: Report) -> ReporterIdentity:
    """Return the reporter's identity; a confidential one's read is recorded (``report.reporter_viewed``)."""
    permissions.ensure_can_view_reporter(actor, report)
    identity = ReporterIdentity(
        mode=report.reporter_mode,
        name=report.reporter_name,
        phone=report.reporter_phone,
        contact=report.reporter_contact,
    )
    if report.reporter_mode == ReporterMode.CONFIDENTIAL:
        with transaction.atomic():
            event_record(
                actor=actor, event_type="report.reporter_viewed", target=report, region_code=report.region_id
            )
    return identity


def report_reveal_nik(*, actor: Any, report: Report, person_id: int) -> ReportPerson:
    """Return a person of the report with the full NIK; the read is recorded (``report.nik_viewed``)."""
    permissions.ensure_can_view_full_nik(actor)
    person = ReportPerson.objects.filter(report=report, pk=person_id).first()
    if person is None:
        raise NotFound(_("No such person in this report."))
    if person.nik:
        with transaction.atomic():
            event_record(
                actor=actor,
                event_type="report.nik_viewed",
                target=report,
                region_code=report.region_id,
                data={"person": person.pk, "role": person.role, "nik": mask_nik(person.nik)},
            )
    return person


def report_view_record(*, actor: Any, report: Report) -> None:
    """Record that ``actor`` opened a restricted report (``report.viewed``); open reports are not logged."""
    if report.restricted:
        with transaction.atomic():
            event_record(actor=actor, event_type="report.viewed", target=report, region_code=report.region_id)
