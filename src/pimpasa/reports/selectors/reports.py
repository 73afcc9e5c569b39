"""Reads of reports: the list, one report with what its page shows, related reports, matches.

Every function starts from ``Report.objects.visible_to(user)``; a report outside the
user's scope, or restricted without the user being named, raises ``NotFound`` exactly
like a missing one. Matches and links to other reports are shown only when the reader
may see the other report too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pimpasa.core.errors import NotFound
from pimpasa.core.models import TimelineEvent
from pimpasa.core.roles import CASE_ROLES, INTELLIGENCE_ROLES, Role
from pimpasa.regions.models import Level

from .. import permissions
from ..filters.reports import ReportFilters, overdue_q
from ..masking import mask_nik, mask_phone
from ..models import (
    Category,
    PersonMatch,
    Report,
    ReportAttachment,
    ReportLink,
    ReportOrganization,
    ReportPerson,
)
from ..tracking import normalize_tracking_code

#: Days around a report's receipt in which a report of the same village and category is related.
SAME_PLACE_DAYS = 30
MAX_RELATED = 20


def _listed(user: Any, now: dt.datetime) -> QuerySet[Report]:
    return (
        Report.objects.visible_to(user)
        .select_related("category", "region", "unit", "assigned_to")
        .annotate(is_overdue=ExpressionWrapper(overdue_q(now), output_field=BooleanField()))
    )


def report_list(
    *, user: Any, filters: ReportFilters | None = None, now: dt.datetime | None = None
) -> QuerySet[Report]:
    """Return the reports the user may read, newest first, each with ``is_overdue``, filtered."""
    now = now or timezone.now()
    reports = _listed(user, now).order_by("-received_at", "-pk")
    return (filters or ReportFilters()).apply(reports, user=user, now=now)


def report_status_counts(*, user: Any, filters: ReportFilters | None = None) -> dict[str, int]:
    """Return how many readable reports match the filters in each status (the status filter aside).

    Counts come from the same scoped queryset as the list, so restricted reports the user
    may not open are not counted.
    """
    unfiltered = dataclasses.replace(filters or ReportFilters(), status="")
    reports = unfiltered.apply(Report.objects.visible_to(user), user=user)
    rows = reports.order_by().values("status").annotate(n=Count("pk", distinct=True))
    return {row["status"]: row["n"] for row in rows}


def report_get(*, user: Any, code: str) -> Report:
    """Return the report with tracking code ``code`` (typed any way) if the user may read it."""
    canonical = normalize_tracking_code(code)
    report = None
    if canonical is not None:
        report = (
            _listed(user, timezone.now())
            .select_related("created_by", "region__parent__parent")
            .filter(tracking_code=canonical)
            .first()
        )
    if report is None:
        raise NotFound(_("No such report."))
    return report


def categories() -> QuerySet[Category]:
    """Return the active report categories in their order (public reference data)."""
    return Category.objects.active().order_by("order", "code")


@dataclass(frozen=True)
class MatchRow:
    """A person of this report who may be a person named in another readable report."""

    here: ReportPerson
    other_person: ReportPerson
    other_report: Report
    score: Decimal
    reasons: list[str]


@dataclass
class PersonRow:
    """A person of the report as the reader may see them."""

    person: ReportPerson
    nik_shown: str
    phone_shown: str
    watchlist_hits: list[PersonMatch] = field(default_factory=list)
    matches: list[MatchRow] = field(default_factory=list)


@dataclass(frozen=True)
class LinkRow:
    """Another readable report linked to this one."""

    other: Report
    kind: str
    kind_label: str


@dataclass(frozen=True)
class RelatedReport:
    """A readable report that may concern the same thing, and why (``person``, ``phone``, ``place``)."""

    report: Report
    reasons: tuple[str, ...]


@dataclass
class ReportDetail:
    """A report with what its page shows to this reader."""

    report: Report
    people: list[PersonRow]
    organizations: list[ReportOrganization]
    attachments: list[ReportAttachment]
    events: list[TimelineEvent]
    links: list[LinkRow]
    related: list[RelatedReport]
    watchlist_hits_shown: bool


def _visible_ids(user: Any, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(Report.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _people_rows(user: Any, report: Report) -> list[PersonRow]:
    people = list(ReportPerson.objects.filter(report=report).select_related("home_region").order_by("pk"))
    roles: frozenset[str] = getattr(user, "roles", frozenset())
    full_phone = bool(roles & INTELLIGENCE_ROLES)
    rows = {
        p.pk: PersonRow(
            person=p,
            nik_shown=mask_nik(p.nik),
            phone_shown=p.phone if full_phone else mask_phone(p.phone),
        )
        for p in people
    }
    if not rows:
        return []
    matches = list(
        PersonMatch.objects.filter(Q(report=report) | Q(other_report=report))
        .select_related("entry", "person", "other_person", "report", "other_report__category")
        .order_by("-score", "pk")
    )
    others = {m.other_report_id for m in matches if m.report_id == report.pk and m.other_report_id}
    others |= {m.report_id for m in matches if m.other_report_id == report.pk}
    readable = _visible_ids(user, others)
    hits_shown = permissions.can_view_watchlist_hits(user)
    for m in matches:
        if m.report_id == report.pk and m.entry_id is not None:
            if hits_shown and m.person_id in rows:
                rows[m.person_id].watchlist_hits.append(m)
        elif m.report_id == report.pk and m.other_report_id in readable and m.person_id in rows:
            assert m.other_person is not None and m.other_report is not None
            rows[m.person_id].matches.append(
                MatchRow(rows[m.person_id].person, m.other_person, m.other_report, m.score, m.reasons)
            )
        elif m.other_report_id == report.pk and m.report_id in readable and m.other_person_id in rows:
            assert m.other_person_id is not None
            row = rows[m.other_person_id]
            row.matches.append(MatchRow(row.person, m.person, m.report, m.score, m.reasons))
    return list(rows.values())


def _links(user: Any, report: Report) -> list[LinkRow]:
    links = list(
        ReportLink.objects.filter(Q(report=report) | Q(other=report)).select_related(
            "report__category", "other__category"
        )
    )
    others = {(link.other if link.report_id == report.pk else link.report): link for link in links}
    readable = _visible_ids(user, {o.pk for o in others})
    return [
        LinkRow(other=o, kind=link.kind, kind_label=link.get_kind_display())
        for o, link in sorted(others.items(), key=lambda item: item[0].received_at)
        if o.pk in readable
    ]


def report_events(*, report: Report) -> list[TimelineEvent]:
    """Return the timeline of a report the caller already holds, oldest first."""
    return list(
        TimelineEvent.objects.filter(target_type="reports.report", target_id=str(report.pk))
        .select_related("actor")
        .order_by("created_at", "id")
    )


def related_reports(*, user: Any, report: Report, limit: int = MAX_RELATED) -> list[RelatedReport]:
    """Suggest readable reports that may concern the same thing, not yet linked.

    Reasons: ``person`` (a person matched a person of the other report), ``phone`` (a
    person's phone number appears in both), ``place`` (same village and category, received
    within 30 days of each other).
    """
    reasons: dict[int, list[str]] = defaultdict(list)
    for here, there in PersonMatch.objects.filter(
        Q(report=report, other_report__isnull=False) | Q(other_report=report)
    ).values_list("report_id", "other_report_id"):
        other = there if here == report.pk else here
        if other and "person" not in reasons[other]:
            reasons[other].append("person")
    phones = [p for p in report.people.exclude(phone="").values_list("phone", flat=True)]
    if phones:
        for other in (
            ReportPerson.objects.filter(phone__in=phones)
            .exclude(report=report)
            .values_list("report_id", flat=True)
        ):
            if "phone" not in reasons[other]:
                reasons[other].append("phone")
    if report.region.level == Level.VILLAGE:
        window = dt.timedelta(days=SAME_PLACE_DAYS)
        for other in Report.objects.filter(
            region_id=report.region_id,
            category_id=report.category_id,
            received_at__gte=report.received_at - window,
            received_at__lte=report.received_at + window,
        ).values_list("pk", flat=True):
            reasons[other].append("place")
    reasons.pop(report.pk, None)
    linked = ReportLink.objects.filter(Q(report=report) | Q(other=report)).values_list(
        "report_id", "other_id"
    )
    for pair in linked:
        for pk in pair:
            reasons.pop(pk, None)
    if not reasons:
        return []
    found = (
        Report.objects.visible_to(user)
        .filter(pk__in=list(reasons))
        .select_related("category", "region")
        .order_by("-received_at", "-pk")[:limit]
    )
    return [RelatedReport(report=r, reasons=tuple(reasons[r.pk])) for r in found]


def report_detail(*, user: Any, code: str) -> ReportDetail:
    """Return the report ``code`` with its people (masked as the reader must see them), organisations,
    attachments, timeline, links and related reports."""
    report = report_get(user=user, code=code)
    return ReportDetail(
        report=report,
        people=_people_rows(user, report),
        organizations=list(report.organizations.order_by("pk")),
        attachments=list(report.attachments.select_related("uploaded_by").order_by("uploaded_at", "pk")),
        events=report_events(report=report),
        links=_links(user, report),
        related=related_reports(user=user, report=report),
        watchlist_hits_shown=permissions.can_view_watchlist_hits(user),
    )


def report_person_get(*, user: Any, report: Report, person_id: int) -> ReportPerson:
    """Return person ``person_id`` of a report the caller already read."""
    person = ReportPerson.objects.filter(report=report, pk=person_id).first()
    if person is None:
        raise NotFound(_("No such person in this report."))
    return person


#: Roles an officer needs to be assigned a report.
ASSIGNABLE_ROLES = sorted(CASE_ROLES - {Role.REGIONAL, Role.NATIONAL})


def assignable_officers(*, report: Report) -> QuerySet[Any]:
    """Return the active staff of the report's office (and its satellite units) who can follow it up."""
    if report.unit_id is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(
            Q(postings__unit_id=report.unit_id) | Q(postings__unit__parent_id=report.unit_id),
            postings__active=True,
            postings__roles__overlap=ASSIGNABLE_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )
