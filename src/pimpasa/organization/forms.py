"""Input shapes for the organisation pages; the services apply the rules."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Unit

VILLAGE_CODE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
_SEPARATORS = re.compile(r"[\s,;]+")


class CodeListField(forms.Field):
    """Village codes from repeated inputs (the checkboxes) — each must look like ``35.02.01.2001``."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [str(v).strip() for v in value if str(v).strip()]


def split_codes(text: str) -> list[str]:
    """Split pasted codes on spaces, commas, semicolons and new lines."""
    return [c for c in _SEPARATORS.split(text or "") if c]


def _check_format(codes: list[str]) -> list[str]:
    bad = [c for c in codes if not VILLAGE_CODE_RE.match(c)]
    if bad:
        raise forms.ValidationError(
            _("Not a village code: %(codes)s. Village codes look like 35.02.01.2001."),
            params={"codes": ", ".join(bad)},
            code="bad_code",
        )
    return codes


class AppointmentVillagesForm(forms.Form):
    """The villages of a PIMPASA appointment: ticked boxes plus any codes typed in."""

    villages = CodeListField(required=False)
    codes = forms.CharField(
        label=_("Add village codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "35.02.01.2001, 35.02.01.2002"}),
        help_text=_("Optional: codes separated by commas or new lines."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Recorded on the audit trail."),
        widget=forms.TextInput,
    )

    def clean_codes(self) -> list[str]:
        return _check_format(split_codes(self.cleaned_data.get("codes", "")))

    def clean_villages(self) -> list[str]:
        return _check_format(self.cleaned_data.get("villages") or [])

    def village_codes(self) -> list[str]:
        """Return the chosen codes, sorted and without duplicates (valid form only)."""
        return sorted(set(self.cleaned_data["villages"]) | set(self.cleaned_data["codes"]))


class AppointmentCreateForm(forms.Form):
    """A new PIMPASA appointment of an officer posted at the unit."""

    officer = forms.ModelChoiceField(label=_("Officer"), queryset=get_user_model().objects.none())
    decree_number = forms.CharField(label=_("Decree (SK) number"), max_length=120)
    decree_date = forms.DateField(label=_("Decree date"), widget=forms.DateInput(attrs={"type": "date"}))
    codes = forms.CharField(
        label=_("Village codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "35.02.01.2001, 35.02.01.2002"}),
        help_text=_("Villages inside the office's work area, separated by commas or new lines."),
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any):
        super().__init__(*args, **kwargs)
        officer_field = self.fields["officer"]
        assert isinstance(officer_field, forms.ModelChoiceField)
        officer_field.queryset = (
            get_user_model()
            .objects.filter(postings__active=True, postings__unit=unit.area_unit())
            .order_by("username")
        )

    def clean_codes(self) -> list[str]:
        return sorted(set(_check_format(split_codes(self.cleaned_data.get("codes", "")))))
