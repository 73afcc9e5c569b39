"""Intake of reports: checks, the responsible office, SLA deadlines, tracking codes, people and matching.

``report_submit`` serves every channel: the officer form and the API (an actor), the
public form and the message gateway (no actor). It validates everything first and
writes nothing when anything is wrong; ``ValidationFailed.details`` maps each bad field
(``people[1].nik``) to its message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pimpasa.core.audit import event_record
from pimpasa.core.errors import PermissionDenied, ValidationFailed
from pimpasa.organization.models import Unit, UnitKind, WorkAreaRegion
from pimpasa.regions.models import Region

from .. import permissions, sla
from ..countries import is_country_code
from ..identifiers import normalize_phone, parse_nik
from ..models import (
    Category,
    Channel,
    Credibility,
    PersonRole,
    Reliability,
    Report,
    ReporterMode,
    ReportOrganization,
    ReportPerson,
    Sex,
    SlaPolicy,
    Urgency,
)
from ..tracking import new_tracking_code
from .person_matching import person_matches_compute, search_names

#: Most people and organisations one report may name.
MAX_PEOPLE = 50
MAX_ORGANIZATIONS = 20
MAX_DESCRIPTION = 20_000


# --- Input and its checks --------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonInput:
    """A person named in a report, as entered."""

    role: str
    full_name: str
    aliases: tuple[str, ...] = ()
    nik: str = ""
    phone: str = ""
    birth_date: dt.date | None = None
    sex: str = ""
    home_region_code: str = ""
    notes: str = ""

    @classmethod
    def of(cls, value: PersonInput | Mapping[str, Any]) -> PersonInput:
        if isinstance(value, PersonInput):
            return value
        known = {f.name for f in fields(cls)}
        data = {k: v for k, v in value.items() if k in known}
        if isinstance(data.get("aliases"), str):
            data["aliases"] = tuple(a.strip() for a in data["aliases"].split(";"))
        data["aliases"] = tuple(a.strip() for a in data.get("aliases") or () if a and a.strip())
        return cls(**data)


@dataclass(frozen=True)
class OrganizationInput:
    """An organisation named in a report, as entered."""

    name: str
    licensed_p3mi: bool | None = None
    notes: str = ""

    @classmethod
    def of(cls, value: OrganizationInput | Mapping[str, Any]) -> OrganizationInput:
        if isinstance(value, OrganizationInput):
            return value
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in value.items() if k in known})


@dataclass
class _Errors:
    """Field errors collected while checking, raised together."""

    fields: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, message)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationFailed(
                _("The report has errors: %(errors)s") % {"errors": "; ".join(self.fields.values())},
                details=self.fields,
            )


def _check_person(value: PersonInput, prefix: str, errors: _Errors) -> ReportPerson | None:
    """Return an unsaved person from checked input, or None (with errors noted)."""
    ok = True
    if value.role not in PersonRole.values:
        errors.add(f"{prefix}.role", _("Choose the person's role."))
        ok = False
    name = " ".join(value.full_name.split())
    if not name:
        errors.add(f"{prefix}.full_name", _("Enter the person's name (a nickname will do)."))
        ok = False
    try:
        facts = parse_nik(value.nik)
    except ValueError as exc:
        errors.add(f"{prefix}.nik", str(exc))
        facts, ok = None, False
    try:
        phone = normalize_phone(value.phone)
    except ValueError as exc:
        errors.add(f"{prefix}.phone", str(exc))
        phone, ok = "", False
    if value.sex and value.sex not in Sex.values:
        errors.add(f"{prefix}.sex", _("Choose male or female, or leave it blank."))
        ok = False
    if value.birth_date and value.birth_date > timezone.localdate():
        errors.add(f"{prefix}.birth_date", _("The birth date lies in the future."))
        ok = False
    home = None
    if value.home_region_code:
        home = Region.objects.filter(code=value.home_region_code.strip()).first()
        if home is None:
            errors.add(f"{prefix}.home_region_code", _("No region has this code."))
            ok = False
    if not ok:
        return None
    aliases = [" ".join(a.split()) for a in value.aliases if a.strip()]
    return ReportPerson(
        role=value.role,
        full_name=name[:200],
        aliases=aliases,
        nik=facts.nik if facts else "",
        phone=phone,
        # A NIK encodes birth date and sex: fill them in when they were left blank.
        birth_date=value.birth_date or (facts.birth_date if facts else None),
        sex=value.sex or (facts.sex if facts else ""),
        home_region=home,
        notes=value.notes.strip(),
        search_names=search_names(name, aliases),
    )


def _check_organization(value: OrganizationInput, prefix: str, errors: _Errors) -> ReportOrganization | None:
    name = " ".join(value.name.split())
    if not name:
        errors.add(f"{prefix}.name", _("Enter the organisation's name."))
        return None
    return ReportOrganization(name=name[:200], licensed_p3mi=value.licensed_p3mi, notes=value.notes.strip())


# --- Office, deadlines, codes ----------------------------------------------------------------------


def responsible_office(region_code: str) -> Unit | None:
    """Return the office whose work area holds the region (a Kanim before a Rudenim).

    None for a province: no single office is responsible above kabupaten/kota level.
    """
    parts = region_code.split(".")
    if len(parts) < 2:
        return None
    regency = ".".join(parts[:2])
    links = (
        WorkAreaRegion.objects.filter(region_id=regency, unit__active=True)
        .select_related("unit")
        .order_by("unit__code")
    )
    units = [link.unit for link in links]
    units.sort(key=lambda u: u.kind != UnitKind.KANIM)
    return units[0] if units else None


def sla_policy(category: Category, urgency: str) -> SlaPolicy | None:
    """Return the most specific SLA policy.

    Category and urgency, then urgency alone, then category alone, then the default row.
    """
    policies = SlaPolicy.objects.filter(
        Q(category=category) | Q(category__isnull=True), Q(urgency=urgency) | Q(urgency="")
    )

    def rank(policy: SlaPolicy) -> int:
        return {(True, True): 0, (False, True): 1, (True, False): 2}.get(
            (policy.category_id is not None, bool(policy.urgency)), 3
        )

    return min(policies, key=rank, default=None)


def sla_deadlines(category: Category, urgency: str, start: dt.datetime) -> sla.Deadlines:
    """Return the verify and first-action deadlines of a report counted from ``start``."""
    policy = sla_policy(category, urgency)
    if policy is None:
        return sla.Deadlines(verify_due_at=None, action_due_at=None)
    return sla.deadlines(
        start,
        verify_working_days=policy.verify_working_days,
        action_working_days=policy.action_working_days,
        verify_hours=policy.verify_hours,
        action_hours=policy.action_hours,
    )


def _unique_tracking_code() -> str:
    while True:
        code = new_tracking_code()
        if not Report.objects.filter(tracking_code=code).exists():
            return code


def _users_named(usernames: Iterable[str]) -> list[Any]:
    names = sorted({u.strip() for u in usernames if u and u.strip()})
    users = list(get_user_model().objects.filter(username__in=names, is_active=True))
    missing = sorted(set(names) - {u.username for u in users})
    if missing:
        raise ValidationFailed(
            _("Unknown users: %(names)s") % {"names": ", ".join(missing)},
            code="unknown_users",
            details={"restricted_usernames": missing},
        )
    return users


def _actor_label(actor: Any, channel: str) -> Any:
    # The public form and the gateway have no user: the event keeps the channel's code (stable for
    # the audit filter and the API), which the report page names in the reader's language.
    return actor if actor is not None else channel


# --- Services ---------------------------------------------------------------------------------------


def report_submit(
    *,
    actor: Any,
    channel: str,
    category_code: str,
    description: str,
    region_code: str,
    occurred_on: dt.date | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    destination_country: str = "",
    urgency: str = Urgency.NORMAL,
    reporter_mode: str = ReporterMode.ANONYMOUS,
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_contact: str = "",
    people: Sequence[PersonInput | Mapping[str, Any]] = (),
    organizations: Sequence[OrganizationInput | Mapping[str, Any]] = (),
    reliability: str = Reliability.F,
    credibility: str = Credibility.UNKNOWN,
    restricted: bool = False,
    restricted_usernames: Iterable[str] = (),
    unit: Unit | None = None,
    received_at: dt.datetime | None = None,
) -> Report:
    """Take in a report from any channel and return it with its tracking code.

    ``actor`` is None for the public form and the message gateway. Picks the responsible
    office from the region when ``unit`` is None, computes the SLA deadlines, matches the
    people against the watchlist and other reports, and records ``report.received``.
    ``received_at`` (default: now) serves imports and the gateway's own receipt time.
    """
    if actor is not None and not permissions.can_submit(actor):
        raise PermissionDenied(_("You may not submit reports."))
    errors = _Errors()
    if channel not in Channel.values:
        errors.add("channel", _("Unknown channel."))
    category = Category.objects.filter(code=category_code, active=True).first()
    if category is None:
        errors.add("category_code", _("Choose a category."))
    description = (description or "").strip()
    if not description:
        errors.add("description", _("Describe what happened."))
    elif len(description) > MAX_DESCRIPTION:
        errors.add("description", _("The description is too long."))
    region = Region.objects.filter(code=(region_code or "").strip()).first()
    if region is None:
        errors.add("region_code", _("Choose where it happened."))
    if occurred_on and occurred_on > timezone.localdate():
        errors.add("occurred_on", _("The date lies in the future."))
    if (latitude is None) != (longitude is None):
        errors.add("latitude", _("Give both latitude and longitude, or neither."))
    elif (
        latitude is not None
        and longitude is not None
        and not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
    ):
        errors.add("latitude", _("These coordinates do not exist."))
    destination_country = (destination_country or "").strip().upper()
    if destination_country and not is_country_code(destination_country):
        errors.add("destination_country", _("Choose a country from the list."))
    for name, value, choices in (
        ("urgency", urgency, Urgency.values),
        ("reliability", reliability, Reliability.values),
        ("credibility", credibility, Credibility.values),
        ("reporter_mode", reporter_mode, ReporterMode.values),
    ):
        if value not in choices:
            errors.add(name, _("Choose one of the offered values."))
    reporter_name = " ".join((reporter_name or "").split())
    reporter_contact = (reporter_contact or "").strip()
    try:
        reporter_phone = normalize_phone(reporter_phone)
    except ValueError as exc:
        errors.add("reporter_phone", str(exc))
    if reporter_mode == ReporterMode.ANONYMOUS and (reporter_name or reporter_phone or reporter_contact):
        errors.add("reporter_mode", _("An anonymous report carries no name or contact of the reporter."))
    if reporter_mode == ReporterMode.IDENTIFIED and not reporter_name:
        errors.add("reporter_name", _("Enter the reporter's name."))
    if reporter_mode == ReporterMode.CONFIDENTIAL and not (
        reporter_name or reporter_phone or reporter_contact
    ):
        errors.add("reporter_name", _("Enter the reporter's name or a way to reach them."))
    if len(people) > MAX_PEOPLE or len(organizations) > MAX_ORGANIZATIONS:
        errors.add("people", _("Too many people or organisations in one report."))
    persons = [_check_person(PersonInput.of(p), f"people[{i}]", errors) for i, p in enumerate(people)]
    orgs = [
        _check_organization(OrganizationInput.of(o), f"organizations[{i}]", errors)
        for i, o in enumerate(organizations)
    ]
    errors.raise_if_any()
    assert category is not None and region is not None
    if actor is not None:
        permissions.ensure_can_submit_in(actor, region.code)
    office = unit if unit is not None else responsible_office(region.code)
    named = _users_named(restricted_usernames) if restricted else []
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    if named and is_user and not permissions.heads_office(actor, office.pk if office else None):
        raise PermissionDenied(
            _("Only the head of the responsible office names who may see a restricted report.")
        )
    received = received_at or timezone.now()
    due = sla_deadlines(category, urgency, received)
    with transaction.atomic():
        report = Report.objects.create(
            tracking_code=_unique_tracking_code(),
            unit=office,
            channel=channel,
            category=category,
            description=description,
            occurred_on=occurred_on,
            region=region,
            latitude=latitude,
            longitude=longitude,
            destination_country=destination_country,
            urgency=urgency,
            reliability=reliability,
            credibility=credibility,
            reporter_mode=reporter_mode,
            reporter_name=reporter_name[:150],
            reporter_phone=reporter_phone,
            reporter_contact=reporter_contact[:200],
            restricted=restricted,
            received_at=received,
            verify_due_at=due.verify_due_at,
            action_due_at=due.action_due_at,
            created_by=actor if is_user else None,
        )
        if restricted:
            # The submitter keeps sight of what they reported.
            report.restricted_users.set([*named, *([actor] if is_user else [])])
        saved = [p for p in persons if p is not None]
        for person in saved:
            person.report = report
        ReportPerson.objects.bulk_create(saved)
        kept = [o for o in orgs if o is not None]
        for org in kept:
            org.report = report
        ReportOrganization.objects.bulk_create(kept)
        matches = person_matches_compute(people=saved)
        event_record(
            actor=_actor_label(actor, channel),
            event_type="report.received",
            target=report,
            region_code=region.code,
            data={
                "new": {
                    "status": report.status,
                    "channel": channel,
                    "category": category.code,
                    "urgency": urgency,
                    "unit": office.code if office else None,
                    "restricted": restricted,
                    "people": len(saved),
                    "organizations": len(kept),
                    "matches": len(matches),
                }
            },
        )
    return report


def report_add_person(
    *,
    actor: Any,
    report: Report,
    role: str,
    full_name: str,
    aliases: Sequence[str] = (),
    nik: str = "",
    phone: str = "",
    birth_date: dt.date | None = None,
    sex: str = "",
    home_region_code: str = "",
    notes: str = "",
) -> ReportPerson:
    """Add a person to a report (triage staff or the assigned officer) and match them."""
    permissions.ensure_can_follow_up(actor, report)
    errors = _Errors()
    person = _check_person(
        PersonInput(
            role=role,
            full_name=full_name,
            aliases=tuple(aliases),
            nik=nik,
            phone=phone,
            birth_date=birth_date,
            sex=sex,
            home_region_code=home_region_code,
            notes=notes,
        ),
        "person",
        errors,
    )
    errors.raise_if_any()
    assert person is not None
    with transaction.atomic():
        person.report = report
        person.save()
        matches = person_matches_compute(people=[person])
        event_record(
            actor=actor,
            event_type="report.person_added",
            target=report,
            region_code=report.region_id,
            data={"new": {"person": person.pk, "role": person.role, "matches": len(matches)}},
        )
    return person


def report_add_organization(
    *, actor: Any, report: Report, name: str, licensed_p3mi: bool | None = None, notes: str = ""
) -> ReportOrganization:
    """Add an organisation (a placement agency, a training centre…) to a report."""
    permissions.ensure_can_follow_up(actor, report)
    errors = _Errors()
    org = _check_organization(
        OrganizationInput(name=name, licensed_p3mi=licensed_p3mi, notes=notes), "organization", errors
    )
    errors.raise_if_any()
    assert org is not None
    with transaction.atomic():
        org.report = report
        org.save()
        event_record(
            actor=actor,
            event_type="report.organization_added",
            target=report,
            region_code=report.region_id,
            data={"new": {"name": org.name, "licensed_p3mi": org.licensed_p3mi}},
        )
    return org
