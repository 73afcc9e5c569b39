"""Referrals of reports: refer, answer for the agency, revoke, and record what the agency looked at.

The referring office (intelligence staff and the office head of the report's office)
refers a report with a reason and the parts the agency may see; sharing a potential
victim's personal data needs the victim's recorded consent or an office-head override
with a reason. The agency (a partner user, or the holder of a signed link) accepts,
rejects with a reason, or reports the referral done with feedback and an outcome.
Every step is one transaction with a timeline event placed at the report's region.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pimpasa.core.audit import event_record
from pimpasa.core.errors import NotFound, PermissionDenied, ValidationFailed
from pimpasa.core.roles import Role
from pimpasa.organization.models import PartnerAgency

from ... import permissions
from ...models import Referral, ReferralStatus, Report, ReportStatus, SharedField
from ...permissions import is_system
from ...signing import LinkActor
from ..workflow import report_transition

S = ReferralStatus

#: States in which the agency can still act and links still open the referral.
OPEN_STATES = frozenset({S.SENT, S.ACCEPTED})
#: The timestamp each state sets.
STATE_TIMESTAMPS: dict[str, str] = {
    S.ACCEPTED: "accepted_at",
    S.REJECTED: "rejected_at",
    S.DONE: "done_at",
    S.REVOKED: "revoked_at",
}
STATE_EVENTS: dict[str, str] = {
    S.ACCEPTED: "referral.accepted",
    S.REJECTED: "referral.rejected",
    S.DONE: "referral.done",
    S.REVOKED: "referral.revoked",
}


def _is_user(actor: Any) -> bool:
    return actor is not None and bool(getattr(actor, "is_authenticated", False))


def can_refer(user: Any, report: Report) -> bool:
    """Return whether ``user`` may refer ``report``, send its links and revoke its referrals.

    The same people who triage it: intelligence staff and the head of its office.
    """
    return permissions.can_triage(user, report)


def _ensure_can_refer(actor: Any, report: Report) -> None:
    if not is_system(actor) and not Report.objects.visible_to(actor).filter(pk=report.pk).exists():
        raise NotFound(_("No such report."))
    if not can_refer(actor, report):
        raise PermissionDenied(
            _("Only intelligence staff and the head of the responsible office refer this report.")
        )


def ensure_can_manage(actor: Any, referral: Referral) -> None:
    """Let the referring office send links and revoke; others who see the referral get 403, the rest 404."""
    report = referral.report
    if is_system(actor) or (
        can_refer(actor, report) and Report.objects.visible_to(actor).filter(pk=report.pk).exists()
    ):
        return
    if Referral.objects.visible_to(actor).filter(pk=referral.pk).exists():
        raise PermissionDenied(_("Only the office that made the referral may do this."))
    raise NotFound(_("No such referral."))


def is_partner_of(user: Any, agency_id: int) -> bool:
    """Return whether ``user`` is a partner user posted at agency ``agency_id``."""
    if not _is_user(user) or Role.PARTNER not in getattr(user, "roles", frozenset()):
        return False
    posting = getattr(user, "posting", None)
    return posting is not None and posting.agency_id == agency_id


def _answer_label(actor: Any, referral: Referral, answered_by: str) -> str:
    """Return who answers for the agency, or refuse an actor who may not answer."""
    if isinstance(actor, LinkActor):
        if actor.referral_id != referral.pk:
            raise NotFound(_("No such referral."))
        return str(actor)[:200]
    if actor is None:
        return answered_by.strip()[:200]
    if is_partner_of(actor, referral.agency_id):
        return str(actor)[:200]
    if not Referral.objects.visible_to(actor).filter(pk=referral.pk).exists():
        raise NotFound(_("No such referral."))
    raise PermissionDenied(_("Only the agency the report was referred to answers this referral."))


def _shared_fields(values: Iterable[str]) -> list[str]:
    """Return the shared fields in their canonical order, the summary always among them."""
    chosen = {str(v) for v in values} | {SharedField.SUMMARY.value}
    unknown = sorted(chosen - set(SharedField.values))
    if unknown:
        raise ValidationFailed(
            _("Unknown shared fields: %(fields)s") % {"fields": ", ".join(unknown)},
            details={"shared_fields": unknown},
        )
    return [value for value in SharedField.values if value in chosen]


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(message, details={field: ""})
    return value


def _check_transition(referral: Referral, to: str) -> None:
    if not referral.can_move_to(to):
        raise ValidationFailed(
            _("A referral that is %(current)s cannot become %(requested)s.")
            % {"current": str(S(referral.status).label).lower(), "requested": str(S(to).label).lower()},
            code="invalid_transition",
            details={"from": referral.status, "to": to},
        )


def _report_referred(actor: Any, report: Report, agency: PartnerAgency) -> None:
    """Move a report in follow-up to ``referred`` through the workflow service."""
    report_transition(
        actor=actor,
        report=report,
        to=ReportStatus.REFERRED,
        note=_("Referred to %(agency)s") % {"agency": agency.name},
    )


def referral_create(
    *,
    actor: Any,
    report: Report,
    agency_id: int,
    reason: str,
    shared_fields: Iterable[str],
    consent_recorded: bool = False,
    consent_note: str = "",
    override_reason: str = "",
    link_to: str = "",
    link_channel: str = "",
) -> Referral:
    """Refer ``report`` to partner agency ``agency_id`` with a reason and the parts it may see.

    Sharing ``victims`` needs ``consent_recorded`` with a ``consent_note``, or an
    ``override_reason`` given by the head of the report's office (``consent_required``
    otherwise). A report in follow-up becomes ``referred``; referring a verified report
    counts as its first action. With ``link_to`` (an e-mail address or a phone number) a
    signed link goes out at once.
    """
    _ensure_can_refer(actor, report)
    reason = _required(reason, "reason", _("Give the reason for the referral."))
    fields = _shared_fields(shared_fields)
    agencies = PartnerAgency.objects.all() if is_system(actor) else PartnerAgency.objects.visible_to(actor)
    agency = agencies.filter(pk=agency_id, active=True).first()
    if agency is None:
        raise ValidationFailed(
            _("Choose a partner agency you work with."), code="unknown_agency", details={"agency": agency_id}
        )
    consent_note, override_reason = consent_note.strip(), override_reason.strip()
    override_by = None
    if SharedField.VICTIMS in fields:
        if consent_recorded and consent_note:
            override_reason = ""
        elif override_reason and (
            actor is None
            or (
                Role.OFFICE_HEAD in getattr(actor, "roles", frozenset())
                and permissions.is_own_office(actor, report)
            )
        ):
            override_by = actor if _is_user(actor) else None
        else:
            raise ValidationFailed(
                _(
                    "Sharing a potential victim's personal data needs the victim's consent, recorded with a "
                    "note on how it was given, or the office head's decision with a reason."
                ),
                code="consent_required",
                details={"shared_fields": [SharedField.VICTIMS.value]},
            )
    else:
        consent_recorded, consent_note, override_reason = False, "", ""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status in (ReportStatus.CLOSED, ReportStatus.REJECTED):
            raise ValidationFailed(
                _("A report that is %(status)s cannot be referred.")
                % {"status": str(ReportStatus(locked.status).label).lower()},
                code="report_not_open",
                details={"status": locked.status},
            )
        if Referral.objects.filter(report=locked, agency=agency, status__in=OPEN_STATES).exists():
            raise ValidationFailed(
                _("This report is already referred to %(agency)s.") % {"agency": agency.name},
                code="referral_exists",
                details={"agency": agency.pk},
            )
        referral = Referral.objects.create(
            report=locked,
            agency=agency,
            reason=reason,
            shared_fields=fields,
            consent_recorded=bool(consent_recorded) and SharedField.VICTIMS in fields,
            consent_note=consent_note,
            override_by=override_by,
            override_reason=override_reason,
            sent_at=timezone.now(),
            created_by=actor if _is_user(actor) else None,
        )
        event_record(
            actor=actor,
            event_type="referral.sent",
            target=referral,
            region_code=locked.region_id,
            reason=reason,
            data={
                "report": locked.tracking_code,
                "agency": {"id": agency.pk, "name": agency.name},
                "shared_fields": fields,
                "consent_recorded": referral.consent_recorded,
                "override_reason": override_reason,
            },
        )
        if locked.status == ReportStatus.IN_FOLLOW_UP:
            _report_referred(actor, locked, agency)
        elif locked.status == ReportStatus.VERIFIED and locked.first_action_at is None:
            # Referring a verified report is its first action: the action deadline is met.
            locked.first_action_at = referral.sent_at
            locked.save(update_fields=["first_action_at", "updated_at"])
        if link_to.strip():
            from .links import referral_link_send

            referral_link_send(actor=actor, referral=referral, to=link_to, channel=link_channel)
    report.refresh_from_db()
    referral.refresh_from_db()
    return referral


def _move(
    *,
    actor: Any,
    referral: Referral,
    to: str,
    label: str | None,
    reason: str = "",
    changes: dict[str, Any] | None = None,
) -> Referral:
    """Move ``referral`` to state ``to`` under a row lock, stamp the time, record the event."""
    changes = changes or {}
    with transaction.atomic():
        locked = Referral.objects.select_for_update(of=("self",)).select_related("report").get(pk=referral.pk)
        if isinstance(actor, LinkActor) and actor.version != locked.link_version:
            raise NotFound(_("No such referral."))
        _check_transition(locked, to)
        old = locked.status
        locked.status = to
        setattr(locked, STATE_TIMESTAMPS[to], timezone.now())
        fields = ["status", STATE_TIMESTAMPS[to], "updated_at", *changes]
        for name, value in changes.items():
            setattr(locked, name, value)
        if label is not None:
            locked.answered_by_label = label
            fields.append("answered_by_label")
        if to == S.REVOKED:
            locked.link_version += 1
            fields.append("link_version")
        locked.save(update_fields=fields)
        event_record(
            actor=actor,
            event_type=STATE_EVENTS[to],
            target=locked,
            region_code=locked.report.region_id,
            reason=reason,
            data={
                "report": locked.report.tracking_code,
                "old": {"status": old},
                "new": {"status": to, **changes},
            },
        )
    referral.refresh_from_db()
    return referral


def referral_accept(*, actor: Any, referral: Referral, answered_by: str = "") -> Referral:
    """Accept the referral for the agency (a partner user of it, or a signed link's holder)."""
    label = _answer_label(actor, referral, answered_by)
    return _move(actor=actor, referral=referral, to=S.ACCEPTED, label=label)


def referral_reject(*, actor: Any, referral: Referral, reason: str, answered_by: str = "") -> Referral:
    """Reject the referral for the agency, with the agency's reason."""
    label = _answer_label(actor, referral, answered_by)
    reason = _required(reason, "reason", _("Give the reason for the rejection."))
    return _move(
        actor=actor,
        referral=referral,
        to=S.REJECTED,
        label=label,
        reason=reason,
        changes={"reject_reason": reason},
    )


def referral_complete(
    *, actor: Any, referral: Referral, feedback: str, outcome: str = "", answered_by: str = ""
) -> Referral:
    """Report the referral done for the agency, with feedback on what it did and its outcome."""
    label = _answer_label(actor, referral, answered_by)
    feedback = _required(feedback, "feedback", _("Tell the office what was done."))
    outcome = (outcome or "").strip()
    if len(outcome) > 200:
        raise ValidationFailed(_("Keep the outcome under 200 characters."), details={"outcome": len(outcome)})
    return _move(
        actor=actor,
        referral=referral,
        to=S.DONE,
        label=label,
        changes={"feedback": feedback, "outcome": outcome},
    )


def referral_revoke(*, actor: Any, referral: Referral, reason: str) -> Referral:
    """Withdraw an open referral (the referring office); every link sent for it stops working."""
    ensure_can_manage(actor, referral)
    reason = _required(reason, "reason", _("Give the reason for withdrawing the referral."))
    return _move(actor=actor, referral=referral, to=S.REVOKED, label=None, reason=reason)


def referral_record_view(*, user: Any, referral: Referral) -> None:
    """Record that a partner user opened what the agency may see of the referral (``referral.viewed``)."""
    if not is_partner_of(user, referral.agency_id):
        return
    with transaction.atomic():
        event_record(
            actor=user,
            event_type="referral.viewed",
            target=referral,
            region_code=referral.report.region_id,
            data={"shared_fields": list(referral.shared_fields)},
        )
