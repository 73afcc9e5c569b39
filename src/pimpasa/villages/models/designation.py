"""The Desa Binaan Imigrasi (DBI) lifecycle of a village: proposal, rakor, SK, activation, evaluation."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pimpasa.core.history import track_all
from pimpasa.core.scoping import Scope, ScopedQuerySet, region_q


class DesignationStatus(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    PROPOSED = "proposed", _("Proposed")
    MEETING_HELD = "meeting_held", _("Coordination meeting held")
    DESIGNATED = "designated", _("Designated (SK)")
    ACTIVE = "active", _("Active")
    EVALUATED = "evaluated", _("Evaluated")
    REVOKED = "revoked", _("Revoked")


S = DesignationStatus

#: The steps the program follows (DOMAIN.md): no step may be skipped; revoking is possible from any
#: open state; an evaluated DBI can be evaluated again at the next period.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.CANDIDATE: frozenset({S.PROPOSED, S.REVOKED}),
    S.PROPOSED: frozenset({S.MEETING_HELD, S.REVOKED}),
    S.MEETING_HELD: frozenset({S.DESIGNATED, S.REVOKED}),
    S.DESIGNATED: frozenset({S.ACTIVE, S.REVOKED}),
    S.ACTIVE: frozenset({S.EVALUATED, S.REVOKED}),
    S.EVALUATED: frozenset({S.EVALUATED, S.REVOKED}),
    S.REVOKED: frozenset(),
}

#: States in which a village counts as a Desa Binaan Imigrasi.
DBI_STATES = frozenset({S.DESIGNATED, S.ACTIVE, S.EVALUATED})
#: States of a designation still under way or in force (one per village at a time).
OPEN_STATES = frozenset(set(S) - {S.REVOKED})


class DesignationQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        return region_q("village__code", scope.region_codes) | Q(unit_id__in=scope.unit_ids)

    def open(self) -> DesignationQuerySet:
        return self.exclude(status=S.REVOKED)

    def dbi(self) -> DesignationQuerySet:
        return self.filter(status__in=DBI_STATES)


@pghistory.track(*track_all())
class Designation(models.Model):
    """A village's path to (and life as) a Desa Binaan Imigrasi of one immigration office."""

    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="designations")
    unit = models.ForeignKey("organization.Unit", on_delete=models.PROTECT, related_name="designations")
    status = models.CharField(
        _("status"), max_length=20, choices=DesignationStatus.choices, default=S.CANDIDATE
    )

    candidate_at = models.DateTimeField(_("candidate since"), null=True, blank=True)
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    meeting_held_at = models.DateTimeField(_("meeting recorded"), null=True, blank=True)
    designated_at = models.DateTimeField(_("designated"), null=True, blank=True)
    active_at = models.DateTimeField(_("active since"), null=True, blank=True)
    evaluated_at = models.DateTimeField(_("last evaluated"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    # Proposal (intelligence staff).
    justification = models.TextField(_("justification"), blank=True)
    mapping_notes = models.TextField(_("mapping notes"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Coordination meeting (rakor).
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=200, blank=True)
    meeting_agencies = models.ManyToManyField(
        "organization.PartnerAgency", blank=True, related_name="+", verbose_name=_("attending agencies")
    )
    meeting_attendees = models.TextField(_("attending people"), blank=True)
    meeting_minutes = models.TextField(_("minutes"), blank=True)
    # Decree (SK) of the office head.
    sk_number = models.CharField(_("SK number"), max_length=100, blank=True)
    sk_date = models.DateField(_("SK date"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Revocation.
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = DesignationQuerySet.as_manager()

    class Meta:
        verbose_name = _("DBI designation")
        verbose_name_plural = _("DBI designations")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["village"], condition=~Q(status="revoked"), name="designation_one_open_per_village"
            ),
            models.UniqueConstraint(
                fields=["unit", "sk_number"], condition=~Q(sk_number=""), name="designation_unique_sk"
            ),
        ]

    def __str__(self) -> str:
        return f"DBI {self.village_id} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("villages:designation_detail", args=[self.pk])

    def can_move_to(self, status: str) -> bool:
        return status in ALLOWED_TRANSITIONS[self.status]

    @property
    def is_dbi(self) -> bool:
        return self.status in DBI_STATES


class VillageContact(models.Model):
    """A focal contact in a DBI village, such as the kepala desa or a village secretary."""

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("village contact")
        verbose_name_plural = _("village contacts")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"


class DesignationEvaluation(models.Model):
    """A periodic evaluation of a DBI: a checklist, its score and the evaluator's notes."""

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="evaluations")
    evaluated_on = models.DateField(_("evaluation date"))
    period = models.CharField(_("period"), max_length=20)
    #: {item code: bool} for the checklist items in ``villages.evaluation.CHECKLIST``.
    checklist = models.JSONField(_("checklist"), default=dict)
    score = models.FloatField(_("checklist score"))
    notes = models.TextField(_("notes"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("DBI evaluation")
        verbose_name_plural = _("DBI evaluations")
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.designation_id} {self.period}: {self.score}"


class DesignationAttachment(models.Model):
    """A document of a designation: mapping material, meeting minutes, the signed SK."""

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="attachments")
    stage = models.CharField(_("stage"), max_length=20, choices=DesignationStatus.choices)
    file = models.FileField(_("file"), upload_to="designations/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("designation attachment")
        verbose_name_plural = _("designation attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
