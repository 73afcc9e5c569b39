"""Who may act on a report, and who may see what in it.

Reading is governed by ``Report.objects.visible_to(user)``; these predicates decide what a
reader may do or see beyond that:

- **Triage** (verify, reject, assign, follow up, refer, close, reopen, grade, reply, link,
  add people): intelligence staff and the office head of the report's office. A report
  no office is responsible for (a province-wide tip) is triaged by national staff.
  Regional and national staff read but do not act on an office's reports.
- **Follow-up notes, people, organisations, files**: triage staff, the officer the report is
  assigned to, and the officer who took it in.
- **Submit**: field officers, intelligence staff and office heads, for places inside their
  scope; national staff anywhere. Regional staff read only.
- **Reporter identity of a confidential report, full NIKs, watchlist hits**: the
  intelligence roles (intelligence staff, office head, regional, national). Each reveal is
  logged (``report.reporter_viewed``, ``report.nik_viewed``).
- **Restriction** (who besides the office head may see a restricted report): the office
  head of the report's office. Triage and follow-up of a restricted report also need sight
  of it (the office head or a named user), so a service called from the shell or a job
  cannot act on it for someone it is hidden from.

The actor ``None`` is the system (commands, demo data, jobs) and may do anything.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from pimpasa.core.errors import PermissionDenied
from pimpasa.core.roles import CASE_ROLES, INTELLIGENCE_ROLES, Role
from pimpasa.core.scoping import scope_of
from pimpasa.watchlist import permissions as watchlist_permissions

from .models import Report, ReporterMode

#: Roles that triage the reports of their own office.
TRIAGE_ROLES = frozenset({Role.INTELLIGENCE, Role.OFFICE_HEAD})
#: Roles that submit reports (national staff too, anywhere).
SUBMIT_ROLES = frozenset({Role.FIELD_OFFICER, Role.INTELLIGENCE, Role.OFFICE_HEAD, Role.NATIONAL})


def is_system(actor: Any) -> bool:
    """Return whether ``actor`` is the system (None: commands, demo data, jobs) or a superuser."""
    return actor is None or bool(getattr(actor, "is_superuser", False))


def roles_of(user: Any) -> frozenset[str]:
    """Return the roles of a signed-in ``user``; none for anonymous visitors and the system."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(getattr(user, "roles", frozenset()))


def _office_id(user: Any) -> int | None:
    unit = getattr(user, "unit", None)
    return unit.area_unit().pk if unit is not None else None


def is_own_office(user: Any, report: Report) -> bool:
    """Return whether the report's responsible office is the user's own office."""
    office = _office_id(user)
    return office is not None and report.unit_id is not None and report.unit_id == office


def can_submit(user: Any) -> bool:
    """Return whether ``user`` may submit reports at all (the place is checked by ``can_submit_in``)."""
    return is_system(user) or bool(roles_of(user) & SUBMIT_ROLES)


def can_submit_in(user: Any, region_code: str) -> bool:
    """Return whether ``user`` may submit a report about a place (inside their scope)."""
    if is_system(user):
        return True
    return can_submit(user) and scope_of(user).covers_region(region_code)


def can_read_reports(user: Any) -> bool:
    """Return whether ``user`` holds a case role: for anyone else reports do not exist (404)."""
    return bool(roles_of(user) & CASE_ROLES)


def reads_restricted(user: Any, report: Report) -> bool:
    """Return whether ``user`` may see the report despite a restriction (always true for an open one).

    The system, the head of the report's office and the named users.
    """
    if not report.restricted or heads_office(user, report.unit_id):
        return True
    pk = getattr(user, "pk", None)
    return pk is not None and report.restricted_users.filter(pk=pk).exists()


def can_triage(user: Any, report: Report) -> bool:
    """Return whether ``user`` may move the report through its workflow and manage it.

    A restricted report is triaged only by those it is not hidden from.
    """
    if is_system(user):
        return True
    roles = roles_of(user)
    if report.unit_id is None:
        allowed = Role.NATIONAL in roles
    else:
        allowed = bool(roles & TRIAGE_ROLES) and is_own_office(user, report)
    return allowed and reads_restricted(user, report)


def can_follow_up(user: Any, report: Report) -> bool:
    """Return whether ``user`` may add notes, people, organisations and files to the report.

    Triage staff, the officer it is assigned to, and the officer who took it in (who often
    learns more from the same source).
    """
    if can_triage(user, report):
        return True
    pk = getattr(user, "pk", None)
    if pk is None or not roles_of(user) & SUBMIT_ROLES:
        return False
    return pk in (report.assigned_to_id, report.created_by_id) and reads_restricted(user, report)


def can_view_reporter(user: Any, report: Report) -> bool:
    """Return whether ``user`` may see who reported.

    Anyone who reads an identified report; the intelligence roles for a confidential one.
    """
    if report.reporter_mode == ReporterMode.ANONYMOUS:
        return False
    if report.reporter_mode == ReporterMode.IDENTIFIED:
        return True
    return is_system(user) or bool(roles_of(user) & INTELLIGENCE_ROLES)


def can_view_full_nik(user: Any) -> bool:
    """Return whether ``user`` may see a full NIK (suspects' and victims' alike): the intelligence roles."""
    return is_system(user) or bool(roles_of(user) & INTELLIGENCE_ROLES)


def can_view_watchlist_hits(user: Any) -> bool:
    """Return whether ``user`` may see watchlist hits on a report: whoever reads the watchlist."""
    return is_system(user) or watchlist_permissions.can_read(user)


def heads_office(user: Any, unit_id: int | None) -> bool:
    """Return whether ``user`` is the office head of office ``unit_id`` (or the system)."""
    if is_system(user):
        return True
    return Role.OFFICE_HEAD in roles_of(user) and unit_id is not None and _office_id(user) == unit_id


def can_restrict(user: Any, report: Report) -> bool:
    """Return whether ``user`` may restrict the report and name its readers: the head of its office."""
    return heads_office(user, report.unit_id)


def ensure_can_submit_in(user: Any, region_code: str) -> None:
    """Raise ``PermissionDenied`` unless ``can_submit_in``."""
    if not can_submit_in(user, region_code):
        raise PermissionDenied(_("You may not submit reports about this place."))


def ensure_can_triage(user: Any, report: Report) -> None:
    """Raise ``PermissionDenied`` unless ``can_triage``."""
    if not can_triage(user, report):
        raise PermissionDenied(
            _("Only intelligence staff and the head of the responsible office act on this report.")
        )


def ensure_can_follow_up(user: Any, report: Report) -> None:
    """Raise ``PermissionDenied`` unless ``can_follow_up``."""
    if not can_follow_up(user, report):
        raise PermissionDenied(_("You may not add to this report."))


def ensure_can_view_reporter(user: Any, report: Report) -> None:
    """Raise ``PermissionDenied`` unless ``can_view_reporter``."""
    if not can_view_reporter(user, report):
        raise PermissionDenied(_("You may not see who made this report."))


def ensure_can_view_full_nik(user: Any) -> None:
    """Raise ``PermissionDenied`` unless ``can_view_full_nik``."""
    if not can_view_full_nik(user):
        raise PermissionDenied(_("You may not see full NIKs."))


def ensure_can_restrict(user: Any, report: Report) -> None:
    """Raise ``PermissionDenied`` unless ``can_restrict``."""
    if not can_restrict(user, report):
        raise PermissionDenied(_("Only the head of the responsible office restricts this report."))
