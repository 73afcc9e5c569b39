"""Filters of the designation list, shared by the page, the API and the report to the Kanwil.

One frozen dataclass narrows a queryset; the form (HTML) and the query schema (API) both
build it, so the three paths narrow a list the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pimpasa.core.scoping import REGION_CODE_RE, region_q

from ..models import Designation, DesignationStatus


def day_start(day: dt.date) -> dt.datetime:
    """Return the first instant of ``day`` in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class DesignationFilters:
    """Narrow designations by status, office (unit code), region (a code and below) and period.

    A designation belongs to a period when it existed during it: it became a candidate
    before the period ended and was not revoked before it began. ``year`` is a shorthand
    for 1 January to 31 December; explicit dates win.
    """

    status: str = ""
    unit: str = ""
    region: str = ""
    year: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """Return the first and last day of the period (either may be open)."""
        start, end = self.date_from, self.date_to
        if self.year:
            start = start or dt.date(self.year, 1, 1)
            end = end or dt.date(self.year, 12, 31)
        return start, end

    @property
    def has_period(self) -> bool:
        start, end = self.period
        return start is not None or end is not None

    def apply(self, designations: QuerySet[Designation]) -> QuerySet[Designation]:
        if self.status:
            designations = designations.filter(status=self.status)
        if self.unit:
            designations = designations.filter(unit__code=self.unit)
        if self.region:
            designations = designations.filter(region_q("village__code", [self.region]))
        start, end = self.period
        if end is not None:
            designations = designations.filter(candidate_at__lt=day_start(end + dt.timedelta(days=1)))
        if start is not None:
            designations = designations.filter(
                Q(revoked_at__isnull=True) | Q(revoked_at__gte=day_start(start))
            )
        return designations

    def without_status(self) -> DesignationFilters:
        """Return the same filters for every status (for counts per status)."""
        return DesignationFilters(
            unit=self.unit, region=self.region, year=self.year, date_from=self.date_from, date_to=self.date_to
        )


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class DesignationFilterForm(forms.Form):
    """The list and report filters as a browser sends them: ``status, unit, region, year, from, to``."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *DesignationStatus.choices]
    )
    unit = forms.CharField(label=_("Office (unit code)"), required=False, max_length=60)
    region = forms.CharField(label=_("Region code"), required=False, max_length=13)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword, so the two date fields are added here.
        self.fields["from"] = _date_field(_("From"))
        self.fields["to"] = _date_field(_("To"))

    def clean_region(self) -> str:
        value = (self.cleaned_data.get("region") or "").strip()
        if value and not REGION_CODE_RE.match(value):
            raise forms.ValidationError(_("Enter a region code such as 35.02 or 35.02.01."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end date comes before the start date."))
        return data

    def filters(self) -> DesignationFilters:
        """Return the filters of a valid form (none when invalid)."""
        if not self.is_bound or not self.is_valid():
            return DesignationFilters()
        data = self.cleaned_data
        return DesignationFilters(
            status=data.get("status") or "",
            unit=(data.get("unit") or "").strip(),
            region=data.get("region") or "",
            year=data.get("year"),
            date_from=data.get("from"),
            date_to=data.get("to"),
        )
