"""Filters of the score-run list, shared by the index page and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import RunStatus, ScoreRun


@dataclass(frozen=True)
class RunFilters:
    """Narrow the score runs by status and by the version of the weights they used."""

    status: str = ""
    version: int | None = None

    def apply(self, runs: QuerySet[ScoreRun]) -> QuerySet[ScoreRun]:
        if self.status:
            runs = runs.filter(status=self.status)
        if self.version is not None:
            runs = runs.filter(weight_set__version=self.version)
        return runs


class RunFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *RunStatus.choices]
    )
    version = forms.IntegerField(label=_("Weights version"), required=False, min_value=1)

    def filters(self) -> RunFilters:
        if not self.is_valid():
            return RunFilters()
        data = self.cleaned_data
        return RunFilters(status=data["status"] or "", version=data["version"])
