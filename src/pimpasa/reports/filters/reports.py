"""Filters of the report list, shared by the page, the API and the CSV/XLSX export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pimpasa.core.scoping import REGION_CODE_RE, region_q

from ..models import Category, Channel, Report, ReportStatus, Urgency
from ..tracking import normalize_tracking_code

R = ReportStatus


def overdue_q(now: dt.datetime) -> Q:
    """Return a Q matching reports past a deadline not yet met.

    Verification is overdue while a report awaits triage past ``verify_due_at``; first
    action is overdue while nothing was done past ``action_due_at`` on a report that is
    received or verified.
    """
    return Q(status=R.RECEIVED, verify_due_at__lt=now) | Q(
        status__in=[R.RECEIVED, R.VERIFIED], first_action_at__isnull=True, action_due_at__lt=now
    )


def day_start(day: dt.date) -> dt.datetime:
    """Return the first moment of ``day`` in the current time zone (Asia/Jakarta)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class ReportFilters:
    """Narrow reports by status, category code, urgency, channel, region (and below), office code,
    assignment to the reader, overdue deadlines, receipt dates, and text in the description or code."""

    status: str = ""
    category: str = ""
    urgency: str = ""
    channel: str = ""
    region: str = ""
    unit: str = ""
    mine: bool = False
    overdue: bool = False
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    q: str = ""

    def apply(
        self, reports: QuerySet[Report], *, user: Any = None, now: dt.datetime | None = None
    ) -> QuerySet[Report]:
        """Return ``reports`` narrowed by these filters (``user`` for ``mine``, ``now`` for ``overdue``)."""
        if self.status:
            reports = reports.filter(status=self.status)
        if self.category:
            reports = reports.filter(category__code=self.category)
        if self.urgency:
            reports = reports.filter(urgency=self.urgency)
        if self.channel:
            reports = reports.filter(channel=self.channel)
        if self.region:
            reports = reports.filter(region_q("region__code", [self.region]))
        if self.unit:
            reports = reports.filter(unit__code=self.unit)
        if self.mine:
            reports = reports.filter(assigned_to=user) if user is not None else reports.none()
        if self.overdue:
            reports = reports.filter(overdue_q(now or timezone.now()))
        if self.received_from:
            reports = reports.filter(received_at__gte=day_start(self.received_from))
        if self.received_to:
            reports = reports.filter(received_at__lt=day_start(self.received_to + dt.timedelta(days=1)))
        if self.q:
            code = normalize_tracking_code(self.q)
            text = Q(description__icontains=self.q) | Q(tracking_code__icontains=self.q)
            reports = reports.filter(text | Q(tracking_code=code) if code else text)
        return reports


def _all(label: Any, choices: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


def clean_region_code(value: str) -> str:
    value = (value or "").strip()
    if value and not REGION_CODE_RE.match(value):
        raise forms.ValidationError(_("Enter a region code such as 35.02 or 35.02.01."))
    return value


class ReportFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_all(_("All statuses"), ReportStatus.choices)
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=_all(_("Any urgency"), Urgency.choices)
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=_all(_("Any channel"), Channel.choices)
    )
    region = forms.CharField(label=_("Region code"), required=False, max_length=13)
    unit = forms.CharField(label=_("Office code"), required=False, max_length=60)
    received_from = forms.DateField(
        label=_("Received from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    received_to = forms.DateField(
        label=_("Received to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = _all(
            _("All categories"), [(c.code, c.name) for c in Category.objects.order_by("order", "code")]
        )

    def clean_region(self) -> str:
        return clean_region_code(self.cleaned_data.get("region", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", _("The end date comes before the start date."))
        return data

    def filters(self) -> ReportFilters:
        """Return the filters of a valid form (none when invalid)."""
        if not self.is_valid():
            return ReportFilters()
        return ReportFilters(**{k: v for k, v in self.cleaned_data.items() if v not in (None, "")})
