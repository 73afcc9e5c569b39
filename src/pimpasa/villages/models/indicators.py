"""Indicator definitions (data, owned by national users) and their values per region and period."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pimpasa.core.history import track_all
from pimpasa.core.scoping import PublicQuerySet, Scope, ScopedQuerySet, overlap_q
from pimpasa.regions.models import Level


class Direction(models.TextChoices):
    HIGHER_MORE = "higher_more", _("Higher means more vulnerable")
    HIGHER_LESS = "higher_less", _("Higher means less vulnerable")


class IndicatorUnit(models.TextChoices):
    PERCENT = "percent", _("percent (0–100)")
    PER_THOUSAND = "per_thousand", _("per 1,000 residents")
    COUNT = "count", _("count")
    KM = "km", _("kilometres")
    FLAG = "flag", _("yes/no (1/0)")
    INDEX = "index", _("index")


class IndicatorQuerySet(PublicQuerySet):
    def active(self) -> IndicatorQuerySet:
        return self.filter(active=True)


@pghistory.track(*track_all())
class Indicator(models.Model):
    """One criterion of village vulnerability, e.g. the poverty rate; a row of configuration, not code."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, choices=IndicatorUnit.choices)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    level = models.PositiveSmallIntegerField(
        _("measured at"),
        choices=[(lv.value, lv.label) for lv in (Level.REGENCY, Level.DISTRICT, Level.VILLAGE)],
        default=Level.VILLAGE,
    )
    source = models.CharField(_("usual source"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """Return the name in the active language (Indonesian unless English is chosen)."""
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id

    @property
    def is_percentage(self) -> bool:
        return self.unit == IndicatorUnit.PERCENT


class ImportBatch(models.Model):
    """One imported indicator file: who imported it, from which source, for which period."""

    source = models.CharField(_("source"), max_length=300)
    period = models.PositiveSmallIntegerField(_("period (year)"))
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    layout = models.CharField(_("layout"), max_length=10, blank=True)  # "long" or "wide"
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("values created"), default=0)
    updated = models.PositiveIntegerField(_("values updated"), default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_by_label = models.CharField(_("imported by"), max_length=150, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    #: Import history is national metadata (source, file, importer): every village reader sees it.
    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator import")
        verbose_name_plural = _("indicator imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.period} ({self.file_name})"


class IndicatorValueQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        # A kabupaten value applies to the villages below it, so a Kanim reads values at or above
        # its area as well as inside it.
        return overlap_q("region__code", scope.region_codes) if scope.region_codes else Q(pk__in=[])


@pghistory.track(*track_all())
class IndicatorValue(models.Model):
    """The value of an indicator for one region (kabupaten, kecamatan or village) and one year.

    A value above village level applies to every village below it that has no value of its own.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="indicator_values")
    period = models.PositiveSmallIntegerField(_("period (year)"))
    value = models.FloatField(_("value"))
    source = models.CharField(_("source"), max_length=300)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="values"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "period"], name="indicator_value_unique")
        ]
        indexes = [models.Index(fields=["region", "indicator", "-period"], name="indicator_value_lookup")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region_id} {self.period}: {self.value}"
