"""Filters of the referral list, shared by the page and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pimpasa.organization.models import PartnerAgency

from ..models import Referral, ReferralStatus
from .reports import day_start


@dataclass(frozen=True)
class ReferralFilters:
    """Narrow referrals by state, agency, and the day they were sent (from/to, inclusive)."""

    status: str = ""
    agency: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def apply(self, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
        """Return ``referrals`` narrowed by these filters."""
        if self.status:
            referrals = referrals.filter(status=self.status)
        if self.agency is not None:
            referrals = referrals.filter(agency_id=self.agency)
        if self.date_from:
            referrals = referrals.filter(sent_at__gte=day_start(self.date_from))
        if self.date_to:
            referrals = referrals.filter(sent_at__lt=day_start(self.date_to + dt.timedelta(days=1)))
        return referrals


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All states")), *ReferralStatus.choices]
    )
    agency = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(
        label=_("Sent from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Sent until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, agencies: QuerySet[PartnerAgency] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (a.pk, a.name) for a in (agencies if agencies is not None else PartnerAgency.objects.none())
        ]
        self.fields["agency"].choices = [("", _("All agencies")), *choices]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date comes before the start date."))
        return data

    def filters(self) -> ReferralFilters:
        """Return the filters of a valid form; an invalid form filters nothing."""
        if not self.is_valid():
            return ReferralFilters()
        return ReferralFilters(**{k: v for k, v in self.cleaned_data.items() if v not in (None, "")})
