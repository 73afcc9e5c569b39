"""The vulnerability index: versioned weights, computation runs and each village's score per run."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pimpasa.core.history import track_all
from pimpasa.core.scoping import PublicQuerySet, Scope, ScopedQuerySet, region_q

from .indicators import Indicator


class Comparison(models.TextChoices):
    NATIONAL = "national", _("All villages in Indonesia")
    PROVINCE = "province", _("Villages of the same province")


class Band(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


#: Bands from the lowest score up; ``WeightSet.band_cuts`` holds the three scores between them.
BAND_ORDER = (Band.LOW, Band.MEDIUM, Band.HIGH, Band.VERY_HIGH)


def default_band_cuts() -> list[float]:
    return [25.0, 50.0, 75.0]


class WeightSetQuerySet(PublicQuerySet):
    def current(self) -> WeightSet | None:
        return self.order_by("-version").first()


@pghistory.track(*track_all())
class WeightSet(models.Model):
    """One version of the index's weights, comparison set and band cut points.

    Versions are never edited once a run used them: a change makes a new version, so every
    score can be traced to the weights that produced it.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    note = models.TextField(_("what changed and why"), blank=True)
    comparison = models.CharField(
        _("comparison set"), max_length=20, choices=Comparison.choices, default=Comparison.NATIONAL
    )
    band_cuts = ArrayField(
        models.FloatField(),
        size=3,
        verbose_name=_("band cut points"),
        default=default_band_cuts,
        help_text=_("Scores where medium, high and very high begin."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = WeightSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("weight set")
        verbose_name_plural = _("weight sets")
        ordering = ["-version"]

    def __str__(self) -> str:
        return _("Weights v%(version)s") % {"version": self.version}

    def band_for(self, score: float | None) -> str:
        """Return the band of ``score`` under these cut points ("" when there is no score)."""
        if score is None:
            return ""
        band = BAND_ORDER[0]
        for cut, upper in zip(self.band_cuts, BAND_ORDER[1:], strict=True):
            if score >= cut:
                band = upper
        return band


class Weight(models.Model):
    """The weight of one indicator in one weight set; indicators without a row weigh nothing."""

    weight_set = models.ForeignKey(WeightSet, on_delete=models.CASCADE, related_name="weights")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="weights")
    weight = models.FloatField(_("weight"))

    class Meta:
        verbose_name = _("weight")
        verbose_name_plural = _("weights")
        ordering = ["indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["weight_set", "indicator"], name="weight_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.weight}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


#: How a run was started, in words (``ScoreRun.trigger`` keeps the code).
TRIGGER_LABELS = {
    "cli": _("command line"),
    "page": _("web page"),
    "api": _("API"),
    "job": _("scheduled job"),
    "demo": _("demo data"),
}


class ScoreRunQuerySet(PublicQuerySet):
    def done(self) -> ScoreRunQuerySet:
        return self.filter(status=RunStatus.DONE)

    def current(self) -> ScoreRun | None:
        """Return the latest finished run: the one whose scores the pages show."""
        return self.done().order_by("-finished_at", "-pk").first()


class ScoreRun(models.Model):
    """One computation of every village's score with one weight set, kept for history."""

    weight_set = models.ForeignKey(WeightSet, on_delete=models.PROTECT, related_name="runs")
    comparison = models.CharField(_("comparison set"), max_length=20, choices=Comparison.choices)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    trigger = models.CharField(_("started from"), max_length=20, blank=True)  # cli, page, api, job
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_label = models.CharField(_("requested by"), max_length=150, blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    villages = models.PositiveIntegerField(_("villages scored"), default=0)
    #: Indicator codes and weights as used, so the run explains itself even if indicators change later.
    inputs = models.JSONField(_("inputs"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = ScoreRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("score run")
        verbose_name_plural = _("score runs")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return _("Run %(id)s (weights v%(version)s)") % {"id": self.pk, "version": self.weight_set.version}

    @property
    def trigger_label(self) -> str:
        return str(TRIGGER_LABELS.get(self.trigger, self.trigger))


class VillageScoreQuerySet(ScopedQuerySet):
    def scope_filter(self, scope: Scope) -> Q:
        return region_q("village__code", scope.region_codes)


class VillageScore(models.Model):
    """A village's score in one run, with the explanation that adds up to it.

    ``explanation`` lists, per indicator: code, value, period, source, the region the value
    came from, percentile (0 to 1, direction applied), weight and contribution (points of the score).
    """

    run = models.ForeignKey(ScoreRun, on_delete=models.CASCADE, related_name="scores")
    village = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="scores")
    score = models.FloatField(_("score"), null=True, blank=True)
    band = models.CharField(_("band"), max_length=10, choices=Band.choices, blank=True)
    coverage = models.FloatField(_("coverage"), default=0.0)
    explanation = models.JSONField(_("explanation"), default=list, blank=True)

    objects = VillageScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("village score")
        verbose_name_plural = _("village scores")
        constraints = [models.UniqueConstraint(fields=["run", "village"], name="village_score_unique")]
        indexes = [
            models.Index(fields=["village", "run"], name="village_score_history"),
            models.Index(fields=["run", "-score"], name="village_score_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.village_id} run {self.run_id}: {self.score}"
