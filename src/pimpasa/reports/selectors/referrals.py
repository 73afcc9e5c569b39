"""Reads of referrals: lists and details for staff and partner users, and what an agency may see.

Every list starts from ``Referral.objects.visible_to(user)``: partner users see their
agency's referrals, staff the referrals of reports they can read. ``referral_view``
builds the agency's view from the shared fields only, and never holds the reporter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pimpasa.core.errors import NotFound
from pimpasa.core.roles import INTELLIGENCE_ROLES, Role
from pimpasa.organization.models import PartnerAgency
from pimpasa.regions.models import Region

from ..filters.referrals import ReferralFilters
from ..masking import mask_nik, mask_phone
from ..models import PersonRole, Referral, ReferralStatus, Report, SharedField


def is_partner_user(user: Any) -> bool:
    """Return whether ``user`` reads as a partner agency (posted at an agency with the partner role)."""
    if not getattr(user, "is_authenticated", False) or Role.PARTNER not in getattr(
        user, "roles", frozenset()
    ):
        return False
    posting = getattr(user, "posting", None)
    return posting is not None and posting.agency_id is not None


def referral_list(*, user: Any, filters: ReferralFilters | None = None) -> QuerySet[Referral]:
    """Return the referrals ``user`` may read, newest first, with agency, report and category loaded."""
    referrals = (
        Referral.objects.visible_to(user)
        .select_related("agency", "report__category", "report__unit")
        .order_by("-sent_at", "-pk")
    )
    return (filters or ReferralFilters()).apply(referrals)


def referral_get(*, user: Any, referral_id: int) -> Referral:
    """Return referral ``referral_id`` if ``user`` may read it."""
    referral = (
        Referral.objects.visible_to(user)
        .select_related("agency", "report__category", "report__unit", "override_by", "created_by")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise NotFound(_("No such referral."))
    return referral


def report_referrals(*, user: Any, report: Report) -> list[Referral]:
    """Return the referrals of ``report`` that ``user`` may read, oldest first (the report page's panel)."""
    return list(
        Referral.objects.visible_to(user)
        .filter(report=report)
        .select_related("agency", "override_by", "created_by")
        .order_by("sent_at", "pk")
    )


def referable_report(*, user: Any, code: str) -> Report:
    """Return the report with tracking code ``code`` if ``user`` may read it (to refer it)."""
    report = (
        Report.objects.visible_to(user).select_related("unit", "category").filter(tracking_code=code).first()
    )
    if report is None:
        raise NotFound(_("No such report."))
    return report


def referral_agencies(*, user: Any) -> QuerySet[PartnerAgency]:
    """Return the active partner agencies ``user`` may refer to, by name."""
    return (
        PartnerAgency.objects.visible_to(user)
        .filter(active=True)
        .select_related("area")
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class SharedPerson:
    """A person as an agency sees them: always masked NIK; contact details only for victims."""

    full_name: str
    aliases: list[str]
    nik_masked: str
    phone: str = ""
    birth_date: dt.date | None = None
    sex: str = ""
    home_region: str = ""


@dataclass(frozen=True)
class SharedOrganization:
    """An organisation as an agency sees it."""

    name: str
    licensed_p3mi: bool | None


@dataclass(frozen=True)
class SharedAttachment:
    """A file's name, type and size (the agency asks the office for the file itself)."""

    name: str
    content_type: str
    size: int


@dataclass(frozen=True)
class SharedView:
    """What the agency of a referral may see. ``None`` marks a part that was not shared."""

    referral_id: int
    office: str
    agency: str
    reason: str
    status: str
    status_label: str
    sent_at: dt.datetime
    shared_fields: list[str]
    category: str
    place: str
    occurred_on: dt.date | None
    received_on: dt.date
    description: str | None = None
    recruiters: list[SharedPerson] | None = None
    victims: list[SharedPerson] | None = None
    organizations: list[SharedOrganization] | None = None
    attachments: list[SharedAttachment] | None = None
    #: The referral was withdrawn from the agency reading it: only the summary is left.
    withdrawn: bool = False


def _place(region_code: str) -> str:
    """Return the kabupaten/kota and province of a place, never anything finer."""
    parts = region_code.split(".")
    codes = [parts[0]] + ([".".join(parts[:2])] if len(parts) > 1 else [])
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return ", ".join(names[c] for c in reversed(codes) if c in names)


def phones_in_full(*, user: Any, referral: Referral) -> bool:
    """Return whether ``user`` reads the shared victims' phone numbers whole.

    The agency they were shared with does, and staff of the intelligence roles; other staff
    (field officers) see them masked, as on the report's page.
    """
    if is_partner_user(user):
        return getattr(user.posting, "agency_id", None) == referral.agency_id
    return bool(frozenset(getattr(user, "roles", frozenset())) & INTELLIGENCE_ROLES)


def withdrawn_from(*, user: Any, referral: Referral) -> bool:
    """Return whether ``referral`` was withdrawn (revoked) from the agency ``user`` works for."""
    return referral.status == ReferralStatus.REVOKED and is_partner_user(user)


def referral_view_for(*, user: Any, referral: Referral) -> SharedView:
    """Return what ``user`` reads of a referral on its page and in the API.

    Staff read the parts as shared, victims' phones masked outside the intelligence roles.
    The agency reads them while the referral stands; once it is withdrawn only the summary.
    """
    return referral_view(
        referral=referral,
        full_phones=phones_in_full(user=user, referral=referral),
        withdrawn=withdrawn_from(user=user, referral=referral),
    )


def referral_view(*, referral: Referral, full_phones: bool = True, withdrawn: bool = False) -> SharedView:
    """Return what the agency of ``referral`` may see: the summary, and each other part only if shared.

    The summary is the category, the kabupaten/kota and the dates. Suspected recruiters
    come with names and masked NIKs; potential victims' personal data only when it was
    shared with consent or an office-head override. The reporter never appears. Without
    ``full_phones`` the victims' numbers are masked (staff who see them so elsewhere);
    ``withdrawn`` leaves the summary alone, without the office's reason.
    """
    report = referral.report
    shared = {SharedField.SUMMARY.value} if withdrawn else set(referral.shared_fields)
    victims_allowed = SharedField.VICTIMS in shared and (
        referral.consent_recorded or bool(referral.override_reason)
    )
    people = (
        list(report.people.select_related("home_region").order_by("pk"))
        if shared & {"recruiters", "victims"}
        else []
    )
    recruiters = victims = None
    if SharedField.RECRUITERS in shared:
        recruiters = [
            SharedPerson(full_name=p.full_name, aliases=list(p.aliases), nik_masked=mask_nik(p.nik))
            for p in people
            if p.role == PersonRole.SUSPECTED_RECRUITER
        ]
    if victims_allowed:
        victims = [
            SharedPerson(
                full_name=p.full_name,
                aliases=list(p.aliases),
                nik_masked=mask_nik(p.nik),
                phone=p.phone if full_phones else mask_phone(p.phone),
                birth_date=p.birth_date,
                sex=p.get_sex_display() if p.sex else "",
                home_region=p.home_region.name if p.home_region is not None else "",
            )
            for p in people
            if p.role == PersonRole.POTENTIAL_VICTIM
        ]
    organizations = None
    if SharedField.ORGANIZATIONS in shared:
        organizations = [
            SharedOrganization(name=o.name, licensed_p3mi=o.licensed_p3mi)
            for o in report.organizations.order_by("pk")
        ]
    attachments = None
    if SharedField.ATTACHMENTS in shared:
        attachments = [
            SharedAttachment(name=a.original_name, content_type=a.content_type, size=a.size)
            for a in report.attachments.order_by("uploaded_at", "pk")
        ]
    return SharedView(
        referral_id=referral.pk,
        office=report.unit.name if report.unit is not None else _("the immigration office"),
        agency=referral.agency.name,
        reason="" if withdrawn else referral.reason,
        status=referral.status,
        status_label=str(referral.get_status_display()),
        sent_at=referral.sent_at,
        shared_fields=[f for f in SharedField.values if f in shared],
        category=report.category.name,
        place=_place(report.region_id),
        occurred_on=report.occurred_on,
        received_on=timezone.localdate(report.received_at),
        description=report.description if SharedField.DESCRIPTION in shared else None,
        recruiters=recruiters,
        victims=victims,
        organizations=organizations,
        attachments=attachments,
        withdrawn=withdrawn,
    )
