"""Filters of the indicator list and of an indicator's values, shared by the pages and the API."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pimpasa.core.scoping import REGION_CODE_RE, region_q
from pimpasa.regions.models import Level

from ..models import Indicator, IndicatorUnit, IndicatorValue

LEVEL_CHOICES = [(lv.value, lv.label) for lv in (Level.REGENCY, Level.DISTRICT, Level.VILLAGE)]


@dataclass(frozen=True)
class IndicatorFilters:
    """Narrow the indicators by text in the code or names, unit, level measured at, and active state."""

    q: str = ""
    unit: str = ""
    level: int | None = None
    active: bool | None = None

    def apply(self, indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
        if self.q:
            indicators = indicators.filter(
                Q(code__icontains=self.q) | Q(name_id__icontains=self.q) | Q(name_en__icontains=self.q)
            )
        if self.unit:
            indicators = indicators.filter(unit=self.unit)
        if self.level is not None:
            indicators = indicators.filter(level=self.level)
        if self.active is not None:
            indicators = indicators.filter(active=self.active)
        return indicators


@dataclass(frozen=True)
class ValueFilters:
    """Narrow stored values to a region's subtree (a code prefix) and a period."""

    region: str = ""
    period: int | None = None

    def apply(self, values: QuerySet[IndicatorValue]) -> QuerySet[IndicatorValue]:
        if self.region:
            values = values.filter(region_q("region__code", [self.region]))
        if self.period is not None:
            values = values.filter(period=self.period)
        return values


def _all(label: Any, choices: Sequence[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    return [("", label), *choices]


class IndicatorFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    unit = forms.ChoiceField(
        label=_("Unit"), required=False, choices=_all(_("All units"), IndicatorUnit.choices)
    )
    level = forms.TypedChoiceField(
        label=_("Measured at"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_all(_("All levels"), LEVEL_CHOICES),
    )
    active = forms.TypedChoiceField(
        label=_("State"),
        required=False,
        coerce=lambda v: v == "yes",
        empty_value=None,
        choices=[("", _("Active and inactive")), ("yes", _("Active")), ("no", _("Inactive"))],
    )

    def filters(self) -> IndicatorFilters:
        """Return the filters of a valid form (none when invalid)."""
        if not self.is_valid():
            return IndicatorFilters()
        return IndicatorFilters(**self.cleaned_data)


class ValueFilterForm(forms.Form):
    region = forms.CharField(label=_("Region code"), required=False, max_length=13)
    period = forms.IntegerField(label=_("Period (year)"), required=False, min_value=1900, max_value=2100)

    def clean_region(self) -> str:
        value = (self.cleaned_data.get("region") or "").strip()
        if value and not REGION_CODE_RE.match(value):
            raise forms.ValidationError(_("Enter a region code such as 35.02 or 35.02.01."))
        return value

    def filters(self) -> ValueFilters:
        """Return the filters of a valid form (none when invalid)."""
        if not self.is_valid():
            return ValueFilters()
        return ValueFilters(region=self.cleaned_data["region"], period=self.cleaned_data["period"])
