"""Possible matches of a person in a report: a watchlist entry, or a person in another report."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .report import Report, ReportPerson


class PersonMatch(models.Model):
    """A person named in a report who may be a watchlist entry or a person named in an earlier report.

    Computed at intake (and when a person is added) with ``watchlist.matching``; exactly one
    of ``entry`` and ``other_person`` is set. A match with another report is stored once, on
    the newer person, and shown on both reports to readers who may see both.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="person_matches")
    person = models.ForeignKey(ReportPerson, on_delete=models.CASCADE, related_name="matches")
    entry = models.ForeignKey(
        "watchlist.WatchlistEntry",
        verbose_name=_("watchlist entry"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_matches",
    )
    other_person = models.ForeignKey(
        ReportPerson,
        verbose_name=_("person in another report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="matched_by",
    )
    other_report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.CASCADE, related_name="matched_by"
    )
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=3)
    reasons = ArrayField(models.CharField(max_length=60), default=list, blank=True, verbose_name=_("reasons"))
    created_at = models.DateTimeField(_("found"), auto_now_add=True)

    class Meta:
        verbose_name = _("person match")
        verbose_name_plural = _("person matches")
        ordering = ["-score", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(entry__isnull=False) & Q(other_person__isnull=True) & Q(other_report__isnull=True)
                )
                | (Q(entry__isnull=True) & Q(other_person__isnull=False) & Q(other_report__isnull=False)),
                name="person_match_one_target",
            ),
            models.UniqueConstraint(
                fields=["person", "entry"], condition=Q(entry__isnull=False), name="person_match_unique_entry"
            ),
            models.UniqueConstraint(
                fields=["person", "other_person"],
                condition=Q(other_person__isnull=False),
                name="person_match_unique_person",
            ),
        ]

    def __str__(self) -> str:
        target = f"entry {self.entry_id}" if self.entry_id else f"person {self.other_person_id}"
        return f"{self.person_id} ~ {target} ({self.score})"

    @property
    def is_watchlist_hit(self) -> bool:
        return self.entry_id is not None
