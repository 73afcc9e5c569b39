"""Referrals of a report to a partner agency, and that agency's answer."""

from __future__ import annotations

from typing import Any, Self

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pimpasa.core.history import track_all
from pimpasa.core.scoping import Scope, ScopedQuerySet, scope_of

from .report import Report


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    DONE = "done", _("Done")
    REVOKED = "revoked", _("Revoked")


F = ReferralStatus

#: sent → accepted or rejected → done (feedback, outcome); the referring office may revoke an open one.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    F.SENT: frozenset({F.ACCEPTED, F.REJECTED, F.REVOKED}),
    F.ACCEPTED: frozenset({F.DONE, F.REVOKED}),
    F.REJECTED: frozenset(),
    F.DONE: frozenset(),
    F.REVOKED: frozenset(),
}


class SharedField(models.TextChoices):
    """Parts of a report an agency may be shown; personal data of victims needs consent."""

    SUMMARY = "summary", _("Category, place and date")
    DESCRIPTION = "description", _("Description")
    RECRUITERS = "recruiters", _("Suspected recruiters")
    VICTIMS = "victims", _("Potential victims' personal data")
    ORGANIZATIONS = "organizations", _("Organisations")
    ATTACHMENTS = "attachments", _("Attachments")


class ReferralQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        return Q(agency_id__in=scope.agency_ids) | Q(report__in=Report.objects.within(scope).values("pk"))

    def visible_to(self, user: Any) -> Self:
        """Partner users see their agency's referrals; staff see referrals of reports they can read."""
        scope = scope_of(user)
        if scope.agency_ids and not scope.region_codes and not scope.everything:
            return self.filter(agency_id__in=scope.agency_ids)
        return self.filter(report__in=Report.objects.visible_to(user).values("pk"))


@pghistory.track(*track_all())
class Referral(models.Model):
    """A report handed to a partner agency (police, BP3MI, Disnaker, …) with what it may see."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="referrals")
    agency = models.ForeignKey(
        "organization.PartnerAgency", on_delete=models.PROTECT, related_name="referrals"
    )
    reason = models.TextField(_("reason"))
    shared_fields = ArrayField(
        models.CharField(max_length=20, choices=SharedField.choices), default=list, verbose_name=_("shared")
    )
    #: Sharing a potential victim's personal data needs their consent or an office-head override.
    consent_recorded = models.BooleanField(_("victim's consent recorded"), default=False)
    consent_note = models.TextField(_("how consent was given"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_reason = models.TextField(_("reason for sharing without consent"), blank=True)

    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices, default=F.SENT)
    sent_at = models.DateTimeField(_("sent"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    #: Who answered for the agency: a partner user's name, or "link: <name given>" for a signed link.
    answered_by_label = models.CharField(_("answered by"), max_length=200, blank=True)

    #: Raising it invalidates every signed link sent before.
    link_version = models.PositiveIntegerField(default=1)
    link_expires_at = models.DateTimeField(_("link valid until"), null=True, blank=True)
    link_sent_to = models.CharField(_("link sent to"), max_length=200, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} → {self.agency}"

    def get_absolute_url(self) -> str:
        return reverse("reports:referral_detail", args=[self.pk])

    def can_move_to(self, status: str) -> bool:
        """Return whether the workflow allows moving from the current state to ``status``."""
        return status in ALLOWED_TRANSITIONS[self.status]
