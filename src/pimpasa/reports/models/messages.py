"""Messages from the WhatsApp/SMS gateway and the replies sent back through it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pimpasa.core.scoping import Scope, ScopedQuerySet


class MessageChannel(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


class InboundStatus(models.TextChoices):
    NEW = "new", _("New")
    CONVERTED = "converted", _("Turned into a report")
    ATTACHED = "attached", _("Attached to a report")
    DISMISSED = "dismissed", _("Dismissed")


class InboundQuerySet(ScopedQuerySet):
    """Messages are read in the inbox of the office they were delivered to."""

    def scope_filter(self, scope: Scope) -> Q:
        return Q(unit_id__in=scope.unit_ids)


class InboundMessage(models.Model):
    """A message a gateway client received; idempotent on (client, the gateway's message id)."""

    gateway = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("gateway client"), on_delete=models.PROTECT, related_name="+"
    )
    #: The office whose inbox shows the message: the gateway client's office.
    unit = models.ForeignKey(
        "organization.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    external_id = models.CharField(_("gateway message id"), max_length=200)
    channel = models.CharField(_("channel"), max_length=10, choices=MessageChannel.choices)
    sender = models.CharField(_("from"), max_length=30)
    text = models.TextField(_("text"), blank=True)
    media = models.JSONField(_("media"), default=list, blank=True)
    received_at = models.DateTimeField(_("received by the gateway"))
    created_at = models.DateTimeField(_("stored"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InboundStatus.choices, default=InboundStatus.NEW
    )
    report = models.ForeignKey(
        "reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_messages"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    objects = InboundQuerySet.as_manager()

    class Meta:
        verbose_name = _("inbound message")
        verbose_name_plural = _("inbound messages")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["gateway", "external_id"], name="inbound_unique_gateway_id")
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.external_id}"


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboundMessage(models.Model):
    """A reply sent through the outbound adapter (the tracking code, a status update)."""

    channel = models.CharField(_("channel"), max_length=10, choices=MessageChannel.choices)
    recipient = models.CharField(_("to"), max_length=30)
    text = models.TextField(_("text"))
    report = models.ForeignKey(
        "reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound_messages"
    )
    inbound = models.ForeignKey(
        InboundMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED
    )
    adapter = models.CharField(_("adapter"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}"
