"""Filters of the audit trail, shared by the page and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import TimelineEvent
from .scoping import REGION_CODE_RE


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class TimelineFilters:
    """Narrow the trail by event type (or family), actor, target type, region, dates and label text."""

    event_type: str = ""
    actor: str = ""
    target_type: str = ""
    region: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""

    def apply(self, events: QuerySet[TimelineEvent]) -> QuerySet[TimelineEvent]:
        if self.event_type:
            # "appointment" selects every appointment.* event.
            events = events.filter(
                Q(event_type=self.event_type) | Q(event_type__startswith=self.event_type + ".")
            )
        if self.actor:
            events = events.filter(actor_label__iexact=self.actor)
        if self.target_type:
            events = events.filter(target_type=self.target_type)
        if self.region:
            # Equality or "code." prefix keeps the pattern index in use and 35.0 from matching 35.02.
            events = events.filter(Q(region_code=self.region) | Q(region_code__startswith=self.region + "."))
        if self.date_from:
            events = events.filter(created_at__gte=_day_start(self.date_from))
        if self.date_to:
            events = events.filter(created_at__lt=_day_start(self.date_to + dt.timedelta(days=1)))
        if self.q:
            events = events.filter(target_label__icontains=self.q)
        return events


class TimelineFilterForm(forms.Form):
    event_type = forms.CharField(
        label=_("Event type"),
        required=False,
        max_length=80,
        help_text=_("For example appointment.villages_changed, or appointment for all of its kind."),
    )
    actor = forms.CharField(label=_("Actor (username)"), required=False, max_length=150)
    target_type = forms.CharField(label=_("Target type"), required=False, max_length=80)
    region = forms.CharField(label=_("Region code"), required=False, max_length=13)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    q = forms.CharField(label=_("Target contains"), required=False, max_length=100)

    def clean_region(self) -> str:
        value = self.cleaned_data.get("region", "").strip()
        if value and not REGION_CODE_RE.match(value):
            raise forms.ValidationError(_("Enter a region code such as 35 or 35.02."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date comes before the start date."))
        return data

    def filters(self) -> TimelineFilters:
        """Return the filters of a valid form; an invalid form filters nothing."""
        if not self.is_valid():
            return TimelineFilters()
        return TimelineFilters(**{k: v for k, v in self.cleaned_data.items() if v not in (None, "")})
