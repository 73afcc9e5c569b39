"""A community report (tip or question) with the people, organisations and files it involves."""

from __future__ import annotations

from typing import Any, Self

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pimpasa.core.history import track_all
from pimpasa.core.roles import CASE_ROLES, Role
from pimpasa.core.scoping import Scope, ScopedQuerySet, region_q, scope_of

from .reference import Category, Urgency


class Channel(models.TextChoices):
    FIELD_OFFICER = "field_officer", _("Field officer")
    PUBLIC_WEB = "public_web", _("Public web form")
    API = "api", _("API")
    MESSAGE_GATEWAY = "message_gateway", _("WhatsApp/SMS")
    PARTNER = "partner", _("Partner agency")
    WALK_IN = "walk_in", _("Walk-in or hotline")


class ReporterMode(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    CONFIDENTIAL = "confidential", _("Confidential")
    ANONYMOUS = "anonymous", _("Anonymous")


class Reliability(models.TextChoices):
    """Source reliability of the admiralty grading."""

    A = "A", _("A – completely reliable")
    B = "B", _("B – usually reliable")
    C = "C", _("C – fairly reliable")
    D = "D", _("D – not usually reliable")
    E = "E", _("E – unreliable")
    F = "F", _("F – reliability cannot be judged")


class Credibility(models.TextChoices):
    """Information credibility of the admiralty grading."""

    CONFIRMED = "1", _("1 – confirmed by other sources")
    PROBABLE = "2", _("2 – probably true")
    POSSIBLE = "3", _("3 – possibly true")
    DOUBTFUL = "4", _("4 – doubtful")
    IMPROBABLE = "5", _("5 – improbable")
    UNKNOWN = "6", _("6 – truth cannot be judged")


class ReportStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    IN_FOLLOW_UP = "in_follow_up", _("In follow-up")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")


R = ReportStatus

#: received → verified or rejected → in follow-up → referred → closed; closed and rejected reports
#: can be reopened (back to in follow-up / received).
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    R.RECEIVED: frozenset({R.VERIFIED, R.REJECTED}),
    R.VERIFIED: frozenset({R.IN_FOLLOW_UP, R.REJECTED}),
    R.REJECTED: frozenset({R.RECEIVED}),
    R.IN_FOLLOW_UP: frozenset({R.REFERRED, R.CLOSED}),
    R.REFERRED: frozenset({R.IN_FOLLOW_UP, R.CLOSED}),
    R.CLOSED: frozenset({R.IN_FOLLOW_UP}),
}


class RejectReason(models.TextChoices):
    UNFOUNDED = "unfounded", _("Unfounded")
    DUPLICATE = "duplicate", _("Duplicate")
    OUTSIDE_MANDATE = "outside_mandate", _("Outside the mandate")


class Outcome(models.TextChoices):
    DEPARTURE_PREVENTED = "departure_prevented", _("Departure prevented")
    PASSPORT_POSTPONED = "passport_postponed", _("Passport postponed")
    PROSECUTION = "prosecution", _("Referred for prosecution")
    VICTIM_ASSISTED = "victim_assisted", _("Victim assisted")
    INFORMATION_ONLY = "information_only", _("Information only")
    UNFOUNDED = "unfounded", _("Unfounded")
    DUPLICATE = "duplicate", _("Duplicate")


class ReportQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        return region_q("region__code", scope.region_codes) | Q(unit_id__in=scope.unit_ids)

    def visible_to(self, user: Any) -> Self:
        """Return the reports ``user`` may read.

        Only case roles read reports (administrators and partner users do not). A restricted
        report exists only for its named users and the head of its office.
        """
        roles: frozenset[str] = (
            getattr(user, "roles", frozenset()) if getattr(user, "is_authenticated", False) else frozenset()
        )
        if not roles & CASE_ROLES:
            return self.none()
        reports = self.within(scope_of(user))
        allowed = Q(restricted=False) | Q(restricted_users=user)
        unit = getattr(user, "unit", None)
        if Role.OFFICE_HEAD in roles and unit is not None:
            allowed |= Q(unit_id=unit.area_unit().pk)
        return reports.filter(allowed).distinct()

    def open(self) -> Self:
        """Return the reports still being handled (neither closed nor rejected)."""
        return self.exclude(status__in=[R.CLOSED, R.REJECTED])


@pghistory.track(*track_all())
class Report(models.Model):
    """A tip or question about recruiters, departures, victims, foreigners or migration, and its handling."""

    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True)
    unit = models.ForeignKey(
        "organization.Unit",
        verbose_name=_("responsible office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(_("what happened"))
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("where"), on_delete=models.PROTECT, related_name="reports"
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    destination_country = models.CharField(_("destination country (ISO code)"), max_length=2, blank=True)

    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    reliability = models.CharField(
        _("source reliability"), max_length=1, choices=Reliability.choices, default="F"
    )
    credibility = models.CharField(
        _("information credibility"), max_length=1, choices=Credibility.choices, default="6"
    )

    reporter_mode = models.CharField(
        _("reporter"), max_length=15, choices=ReporterMode.choices, default=ReporterMode.ANONYMOUS
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=150, blank=True)
    reporter_phone = models.CharField(_("reporter's phone"), max_length=20, blank=True)
    reporter_contact = models.CharField(_("reporter's other contact"), max_length=200, blank=True)

    restricted = models.BooleanField(_("restricted"), default=False)
    restricted_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_reports", verbose_name=_("named users")
    )

    status = models.CharField(_("status"), max_length=15, choices=ReportStatus.choices, default=R.RECEIVED)
    received_at = models.DateTimeField(_("received"))
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True)
    follow_up_at = models.DateTimeField(_("follow-up started"), null=True, blank=True)
    referred_at = models.DateTimeField(_("referred"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)
    #: The first action after verification (follow-up, referral or closure) ends the action SLA.
    first_action_at = models.DateTimeField(_("first action"), null=True, blank=True)
    verify_due_at = models.DateTimeField(_("verify by"), null=True, blank=True)
    action_due_at = models.DateTimeField(_("first action by"), null=True, blank=True)

    reject_reason = models.CharField(
        _("reason for rejection"), max_length=20, choices=RejectReason.choices, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=25, choices=Outcome.choices, blank=True)
    status_note = models.TextField(_("note on the last status change"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reports",
    )
    #: The only text the public status page shows besides the status.
    public_reply = models.TextField(_("reply to the reporter"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "verify_due_at"], name="report_verify_due"),
            models.Index(fields=["status", "action_due_at"], name="report_action_due"),
            models.Index(fields=["region", "category", "received_at"], name="report_region_category"),
            models.Index(fields=["unit", "-received_at"], name="report_unit_received"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.tracking_code])

    def can_move_to(self, status: str) -> bool:
        """Return whether the workflow allows moving from the current status to ``status``."""
        return status in ALLOWED_TRANSITIONS[self.status]


class PersonRole(models.TextChoices):
    SUSPECTED_RECRUITER = "suspected_recruiter", _("Suspected recruiter")
    POTENTIAL_VICTIM = "potential_victim", _("Potential victim")
    WITNESS = "witness", _("Witness")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class ReportPerson(models.Model):
    """A person a report involves. The NIK is stored whole and shown masked unless the role needs it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=25, choices=PersonRole.choices)
    full_name = models.CharField(_("name"), max_length=200)
    aliases = ArrayField(
        models.CharField(max_length=200), default=list, blank=True, verbose_name=_("aliases")
    )
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    home_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("home region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    #: Normalised name and aliases (watchlist.matching.search_key) for trigram retrieval.
    search_names = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("person in a report")
        verbose_name_plural = _("people in reports")
        ordering = ["pk"]
        indexes = [
            GinIndex(OpClass("search_names", name="gin_trgm_ops"), name="report_person_names_trgm"),
            models.Index(fields=["nik"], name="report_person_nik", condition=~Q(nik="")),
            models.Index(fields=["phone"], name="report_person_phone", condition=~Q(phone="")),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class ReportOrganization(models.Model):
    """An organisation a report involves, such as a placement agency (P3MI) or a training centre."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="organizations")
    name = models.CharField(_("name"), max_length=200)
    #: True: a licensed P3MI; False: not licensed; None: unknown.
    licensed_p3mi = models.BooleanField(_("licensed P3MI"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("organisation in a report")
        verbose_name_plural = _("organisations in reports")
        ordering = ["pk"]
        indexes = [models.Index(Upper("name"), name="report_org_name")]

    def __str__(self) -> str:
        return self.name


class ReportAttachment(models.Model):
    """A photo or PDF of a report, stored with image metadata removed; every view is logged."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class LinkKind(models.TextChoices):
    DUPLICATE = "duplicate", _("Duplicate")
    RELATED = "related", _("Related")


class ReportLink(models.Model):
    """Two reports staff judged to be duplicates or related (stored once, smaller id first)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="links_from")
    other = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="links_to")
    kind = models.CharField(_("kind"), max_length=10, choices=LinkKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        verbose_name = _("report link")
        verbose_name_plural = _("report links")
        constraints = [
            models.UniqueConstraint(fields=["report", "other"], name="report_link_unique"),
            models.CheckConstraint(condition=Q(report__lt=models.F("other")), name="report_link_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.other_id}"
