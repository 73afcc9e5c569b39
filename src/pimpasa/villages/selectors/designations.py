"""Reads of DBI designations: lists, one designation with what its page shows, timelines, reports.

Every read starts from ``_designations().visible_to(user)`` after checking that the user
works with villages at all; a row outside the scope raises ``NotFound`` like a missing one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from pimpasa.core.errors import NotFound
from pimpasa.core.models import TimelineEvent
from pimpasa.core.roles import Role
from pimpasa.core.scoping import overlap_q, scope_of
from pimpasa.organization.models import PartnerAgency, StaffPosting, Unit
from pimpasa.regions.models import Level, Region

from .. import permissions
from ..filters.designations import DesignationFilters
from ..models import (
    ALLOWED_TRANSITIONS,
    Designation,
    DesignationAttachment,
    DesignationEvaluation,
    DesignationStatus,
)
from ..models.designation import OPEN_STATES, DesignationQuerySet

_RELATED = ("village__parent__parent__parent", "unit", "proposed_by", "approved_by")


def _designations() -> DesignationQuerySet:
    return Designation.objects.all()


_TARGET_TYPE = "villages.designation"


def _ensure_reader(user: Any) -> None:
    permissions.ensure_can_read_villages(user)


def designation_list(*, user: Any, filters: DesignationFilters | None = None) -> QuerySet[Designation]:
    """Return the designations ``user`` may read, newest change first, narrowed by ``filters``."""
    _ensure_reader(user)
    designations = _designations().visible_to(user).select_related(*_RELATED).order_by("-updated_at", "-pk")
    return (filters or DesignationFilters()).apply(designations)


def designation_counts(*, user: Any, filters: DesignationFilters | None = None) -> list[tuple[str, str, int]]:
    """Return ``(status, label, count)`` for every status, under ``filters`` except their status."""
    base = (filters or DesignationFilters()).without_status()
    rows = dict(
        designation_list(user=user, filters=base)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk", distinct=True))
        .values_list("status", "n")
    )
    return [(status.value, str(status.label), rows.get(status.value, 0)) for status in DesignationStatus]


def designation_get(*, user: Any, designation_id: int) -> Designation:
    """Return designation ``designation_id`` if ``user`` may read it."""
    _ensure_reader(user)
    designation = _designations().visible_to(user).select_related(*_RELATED).filter(pk=designation_id).first()
    if designation is None:
        raise NotFound(_("No such designation."))
    return designation


def designation_timeline(*, user: Any, designation: Designation) -> list[TimelineEvent]:
    """Return the timeline of ``designation``, oldest first, if ``user`` may read it."""
    _ensure_reader(user)
    if not _designations().visible_to(user).filter(pk=designation.pk).exists():
        raise NotFound(_("No such designation."))
    return list(
        TimelineEvent.objects.filter(target_type=_TARGET_TYPE, target_id=str(designation.pk))
        .select_related("actor")
        .order_by("created_at", "id")
    )


def village_designation(*, user: Any, village: Region) -> Designation | None:
    """Return the village's open designation, else its latest one (None when there is none)."""
    if not permissions.can_read_villages(user):
        return None
    designations = _designations().visible_to(user).select_related(*_RELATED).filter(village=village)
    open_one = designations.filter(status__in=OPEN_STATES).first()
    if open_one is not None:
        return open_one
    return designations.order_by("-revoked_at", "-pk").first()


@dataclass
class DesignationDetail:
    """A designation with what its page and the API show."""

    designation: Designation
    contacts: list[Any]
    agencies: list[PartnerAgency]
    evaluations: list[DesignationEvaluation]
    attachments: list[DesignationAttachment]
    timeline: list[TimelineEvent]
    next_states: list[str] = field(default_factory=list)


def designation_detail(*, user: Any, designation_id: int) -> DesignationDetail:
    """Return designation ``designation_id`` with contacts, agencies, evaluations, attachments, timeline."""
    designation = designation_get(user=user, designation_id=designation_id)
    return DesignationDetail(
        designation=designation,
        contacts=list(designation.contacts.order_by("pk")),
        agencies=list(designation.meeting_agencies.select_related("area").order_by("name")),
        evaluations=list(
            designation.evaluations.select_related("evaluated_by").order_by("-evaluated_on", "-pk")
        ),
        attachments=list(designation.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")),
        timeline=designation_timeline(user=user, designation=designation),
        next_states=[s.value for s in DesignationStatus if s in ALLOWED_TRANSITIONS[designation.status]],
    )


def attachment_get(*, user: Any, designation: Designation, attachment_id: int) -> DesignationAttachment:
    """Return an attachment of ``designation`` (which the caller read through ``designation_get``)."""
    _ensure_reader(user)
    attachment = designation.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound(_("No such attachment."))
    return attachment


def meeting_agencies(*, user: Any, designation: Designation) -> QuerySet[PartnerAgency]:
    """Return the partner agencies ``user`` may read that work in the office's area (meeting choices)."""
    area = designation.unit.area_codes()
    agencies = PartnerAgency.objects.visible_to(user).filter(active=True)
    if area:
        agencies = agencies.filter(overlap_q("area__code", area))
    return agencies.select_related("area").order_by("name", "pk")


def village_for_start(*, user: Any, code: str) -> Region:
    """Return village ``code`` (with its kecamatan and kabupaten) if it lies in the user's area."""
    _ensure_reader(user)
    village = (
        Region.objects.filter(code=code, level=Level.VILLAGE).select_related("parent__parent__parent").first()
    )
    if village is None or not scope_of(user).covers_region(village.code):
        raise NotFound(_("No such village."))
    return village


def office_head(*, unit: Unit) -> Any | None:
    """Return the current head of ``unit`` (the office's active posting with the office-head role)."""
    posting = (
        StaffPosting.objects.filter(unit=unit.area_unit(), active=True, roles__contains=[Role.OFFICE_HEAD])
        .select_related("user")
        .order_by("started_on", "pk")
        .first()
    )
    return posting.user if posting else None


def certificate_signer(*, designation: Designation) -> Any | None:
    """Return who signs the certificate: the head who approved the SK, else the office's current head."""
    return designation.approved_by or office_head(unit=designation.unit)


def village_panel_context(*, user: Any, village: Region) -> dict[str, Any]:
    """Return the context of ``villages/designations/_village_panel.html`` for the village page."""
    designation = village_designation(user=user, village=village)
    unit = designation.unit if designation is not None else getattr(user, "unit", None)
    timeline = designation_timeline(user=user, designation=designation) if designation is not None else []
    return {
        "designation": designation,
        "village": village,
        "can_propose": unit is not None and permissions.can_propose(user, unit),
        "timeline": timeline,
    }


def report_unit(*, user: Any, code: str) -> Unit:
    """Return office ``code`` if ``user`` may read the report of its designations."""
    _ensure_reader(user)
    unit = Unit.objects.visible_to(user).offices().filter(code=code).first()
    if unit is None:
        raise NotFound(_("No such office."))
    return unit


def report_units(*, user: Any) -> list[Unit]:
    """Return the offices whose report ``user`` may read, by name."""
    _ensure_reader(user)
    return list(Unit.objects.visible_to(user).offices().order_by("name"))


@dataclass
class DesignationReport:
    """The report to the Kanwil: an office, a period, its designations with the latest evaluation."""

    unit: Unit
    date_from: dt.date | None
    date_to: dt.date | None
    designations: list[Designation]
    counts: list[tuple[str, str, int]]
    office_head: Any | None


def designation_report(*, user: Any, unit: Unit, filters: DesignationFilters) -> DesignationReport:
    """Return the designations of office ``unit`` in the period of ``filters``, by village code.

    Each designation carries ``latest_evaluation`` (or None).
    """
    scoped = DesignationFilters(
        status=filters.status,
        region=filters.region,
        unit=unit.code,
        year=filters.year,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    designations = list(
        designation_list(user=user, filters=scoped)
        .prefetch_related(
            Prefetch("evaluations", queryset=DesignationEvaluation.objects.order_by("-evaluated_on", "-pk"))
        )
        .order_by("village_id", "pk")
    )
    for designation in designations:
        evaluations = list(designation.evaluations.all())
        designation.latest_evaluation = evaluations[0] if evaluations else None  # type: ignore[attr-defined]
    start, end = scoped.period
    return DesignationReport(
        unit=unit,
        date_from=start,
        date_to=end,
        designations=designations,
        counts=designation_counts(user=user, filters=scoped),
        office_head=office_head(unit=unit),
    )
