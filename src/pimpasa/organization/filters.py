"""List filters shared by the HTML lists and the API: one dataclass per list, built from a form or a query.

The forms validate what a browser sends; the API's query schemas (``schemas.py``)
produce the same dataclasses, so both narrow a list in exactly the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from pimpasa.core.roles import Role
from pimpasa.core.scoping import REGION_CODE_RE, overlap_q, region_q

from .models import AgencyKind, AppointmentStatus, PartnerAgency, StaffPosting, Unit, UnitKind


@dataclass(frozen=True)
class UnitFilters:
    """Narrow the unit list by kind, a region its work area touches, or text in its name or code."""

    kind: str = ""
    region: str = ""
    q: str = ""

    def apply(self, units: QuerySet[Unit]) -> QuerySet[Unit]:
        if self.kind:
            units = units.filter(kind=self.kind)
        if self.region:
            units = units.filter(
                overlap_q("work_area__code", [self.region]) | region_q("province__code", [self.region])
            ).distinct()
        if self.q:
            units = units.filter(Q(name__icontains=self.q) | Q(code__icontains=self.q))
        return units


@dataclass(frozen=True)
class AgencyFilters:
    """Narrow the partner-agency list by kind, area (a region code and below) or text in the name."""

    kind: str = ""
    area: str = ""
    q: str = ""

    def apply(self, agencies: QuerySet[PartnerAgency]) -> QuerySet[PartnerAgency]:
        if self.kind:
            agencies = agencies.filter(kind=self.kind)
        if self.area:
            agencies = agencies.filter(region_q("area__code", [self.area]))
        if self.q:
            agencies = agencies.filter(name__icontains=self.q)
        return agencies


@dataclass(frozen=True)
class OfficerFilters:
    """Narrow the officer list by unit code, role, PIMPASA only, or text in the name."""

    unit: str = ""
    role: str = ""
    pimpasa: bool = False
    q: str = ""

    def apply(self, postings: QuerySet[StaffPosting]) -> QuerySet[StaffPosting]:
        if self.unit:
            postings = postings.filter(unit__code=self.unit)
        if self.role:
            postings = postings.filter(roles__contains=[self.role])
        if self.pimpasa:
            # An active appointment at the posting's own unit: visible wherever the posting is,
            # so the filter does not hint at appointments elsewhere.
            postings = postings.filter(
                user__pimpasa_appointments__status=AppointmentStatus.ACTIVE,
                user__pimpasa_appointments__unit=F("unit"),
            ).distinct()
        if self.q:
            postings = postings.filter(
                Q(user__username__icontains=self.q) | Q(user__full_name__icontains=self.q)
            )
        return postings


def _all(label: Any, choices: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


def clean_region_code(value: str) -> str:
    value = (value or "").strip()
    if value and not REGION_CODE_RE.match(value):
        raise forms.ValidationError(_("Enter a region code such as 35.02 or 35.02.01."))
    return value


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=_all(_("All kinds"), UnitKind.choices))
    region = forms.CharField(label=_("Region code"), required=False, max_length=13)

    def clean_region(self) -> str:
        return clean_region_code(self.cleaned_data.get("region", ""))

    def filters(self) -> UnitFilters:
        """Return the filters of a valid form (none when invalid)."""
        if not self.is_valid():
            return UnitFilters()
        return UnitFilters(**self.cleaned_data)


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_all(_("All kinds"), AgencyKind.choices)
    )
    area = forms.CharField(label=_("Area code"), required=False, max_length=13)

    def clean_area(self) -> str:
        return clean_region_code(self.cleaned_data.get("area", ""))

    def filters(self) -> AgencyFilters:
        """Return the filters of a valid form (none when invalid)."""
        if not self.is_valid():
            return AgencyFilters()
        return AgencyFilters(**self.cleaned_data)


class OfficerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    unit = forms.CharField(label=_("Unit code"), required=False, max_length=60)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=_all(_("All roles"), Role.choices))
    pimpasa = forms.BooleanField(label=_("PIMPASA only"), required=False)

    def filters(self) -> OfficerFilters:
        """Return the filters of a valid form (none when invalid)."""
        if not self.is_valid():
            return OfficerFilters()
        return OfficerFilters(**self.cleaned_data)
