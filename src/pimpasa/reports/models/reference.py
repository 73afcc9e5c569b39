"""Reference data of reports, editable without a deploy: categories and SLA policies."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pimpasa.core.scoping import PublicQuerySet


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class CategoryQuerySet(PublicQuerySet):
    def active(self) -> CategoryQuerySet:
        return self.filter(active=True)


class Category(models.Model):
    """What a report is about, e.g. illegal recruitment by a calo; a row of configuration."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_id = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    #: Whether the public form offers it (a question is public; "other" too).
    public = models.BooleanField(_("offered on the public form"), default=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    @property
    def description(self) -> str:
        return self.description_en if (get_language() or "id").startswith("en") else self.description_id


class SlaPolicy(models.Model):
    """How soon a report must be verified and first acted on.

    The most specific policy wins: category and urgency, then urgency alone, then category
    alone, then the default row (both empty). Working days follow Indonesian public holidays;
    a policy in hours (critical reports) counts clock hours.
    """

    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="sla_policies"
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, blank=True)
    verify_working_days = models.PositiveSmallIntegerField(
        _("verify within (working days)"), null=True, blank=True
    )
    action_working_days = models.PositiveSmallIntegerField(
        _("first action within (working days)"), null=True, blank=True
    )
    verify_hours = models.PositiveSmallIntegerField(_("verify within (hours)"), null=True, blank=True)
    action_hours = models.PositiveSmallIntegerField(_("first action within (hours)"), null=True, blank=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "urgency"], name="sla_unique_category_urgency", nulls_distinct=False
            ),
            models.CheckConstraint(
                condition=(Q(verify_working_days__isnull=False) | Q(verify_hours__isnull=False))
                & (Q(action_working_days__isnull=False) | Q(action_hours__isnull=False)),
                name="sla_has_deadlines",
            ),
        ]

    def __str__(self) -> str:
        return f"SLA {self.category_id or '*'} / {self.urgency or '*'}"
