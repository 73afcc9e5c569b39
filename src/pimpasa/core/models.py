"""The audit timeline shared by every app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import Scope, ScopedQuerySet, region_q


class TimelineEventQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> models.Q:
        return region_q("region_code", scope.region_codes)


class TimelineEvent(models.Model):
    """One thing that happened: who did what to which object, where, with old and new values.

    Services write these; nothing else does. ``region_code`` places the event
    so that scoped readers (a Kanwil, an office) see only their own area.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    event_type = models.CharField(_("event type"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=80)
    target_id = models.CharField(_("target id"), max_length=64)
    target_label = models.CharField(_("target"), max_length=255, blank=True)
    region_code = models.CharField(_("region code"), max_length=13, blank=True, default="")
    data = models.JSONField(_("data"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = TimelineEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="core_event_target"),
            models.Index(fields=["region_code"], name="core_event_region", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.target_label}"


class RateCounter(models.Model):
    """How often one key (an IP address, a tracking code) was used in one time window.

    Kept in PostgreSQL so every web process shares the count; ``core.ratelimit`` writes it.
    """

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="rate_counter_unique")]
        indexes = [models.Index(fields=["window_start"], name="rate_counter_window")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
