"""Who takes which step of the DBI lifecycle, and the error for a step the lifecycle does not allow."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pimpasa.core.errors import PermissionDenied, ValidationFailed
from pimpasa.core.roles import Role
from pimpasa.organization.models import Unit

from ... import permissions
from ...models import ALLOWED_TRANSITIONS, Designation, DesignationStatus

S = DesignationStatus
ORDER: tuple[str, ...] = tuple(S)


def _roles(actor: Any) -> frozenset[str]:
    return getattr(actor, "roles", frozenset())


def can_start(actor: Any, unit: Unit) -> bool:
    """The office's intelligence staff and head, and national users, put villages up as candidates."""
    return permissions.can_propose(actor, unit) or Role.NATIONAL in _roles(actor)


def can_evaluate(actor: Any, unit: Unit) -> bool:
    """The office evaluates its DBI; the Direktorat Intelijen (national users) monitors them all."""
    return permissions.can_propose(actor, unit) or Role.NATIONAL in _roles(actor)


def step_allowed(actor: Any, designation: Designation, to: str) -> bool:
    """Return whether ``actor``'s role lets them move ``designation`` to ``to`` (state aside)."""
    if to in (S.DESIGNATED, S.REVOKED):
        return permissions.can_approve(actor, designation.unit)
    if to == S.EVALUATED:
        return can_evaluate(actor, designation.unit)
    return permissions.can_propose(actor, designation.unit)


def next_actions(actor: Any, designation: Designation) -> list[str]:
    """Return the states ``actor`` may move ``designation`` to now, in lifecycle order."""
    allowed = ALLOWED_TRANSITIONS[designation.status]
    return [s for s in ORDER if s in allowed and step_allowed(actor, designation, s)]


def can_act(actor: Any, designation: Designation) -> bool:
    """Return whether ``actor`` takes part in this office's designations at all."""
    return (
        permissions.can_propose(actor, designation.unit)
        or permissions.can_approve(actor, designation.unit)
        or can_evaluate(actor, designation.unit)
    )


def ensure_step(actor: Any, designation: Designation, to: str) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` may take the step to ``to``.

    SK and revocation refusals carry the code ``approval_required``.
    """
    if step_allowed(actor, designation, to):
        return
    if to == S.DESIGNATED:
        permissions.ensure_can_approve(actor, designation.unit)
    if to == S.REVOKED:
        raise PermissionDenied(
            _("Only the head of the office revokes a designation."), code="approval_required"
        )
    raise PermissionDenied(_("Only the office's intelligence staff or head prepare a designation."))


_NEXT_STEP_HINTS = {
    S.CANDIDATE: gettext_lazy("propose it first"),
    S.PROPOSED: gettext_lazy("record the coordination meeting first"),
    S.MEETING_HELD: gettext_lazy("the office head must designate it by SK first"),
    S.DESIGNATED: gettext_lazy("activate it first"),
    S.ACTIVE: gettext_lazy("evaluate or revoke it"),
    S.EVALUATED: gettext_lazy("evaluate it again or revoke it"),
}


def invalid_transition(current: str, requested: str) -> ValidationFailed:
    """Return the error for a move the lifecycle does not allow, naming both states and the way on."""
    if current == S.REVOKED:
        hint = _("a revoked designation is closed; start a new one for the village")
    elif requested in ORDER and ORDER.index(requested) <= ORDER.index(current):
        hint = _("a designation does not go back to an earlier step")
    else:
        hint = str(_NEXT_STEP_HINTS[S(current)])
    labels = dict(S.choices)
    return ValidationFailed(
        _("A designation in the state “%(current)s” cannot move to “%(requested)s”: %(hint)s.")
        % {
            "current": labels.get(current, current),
            "requested": labels.get(requested, requested),
            "hint": hint,
        },
        code="invalid_transition",
        details={
            "from": current,
            "to": requested,
            "allowed": [s for s in ORDER if s in ALLOWED_TRANSITIONS.get(current, ())],
        },
    )
