"""Input shapes of the designation pages: one form per step. The services apply the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pimpasa.organization.models import PartnerAgency

from ..evaluation import CHECKLIST
from ..models import DesignationStatus
from ..selectors import designations as selectors

S = DesignationStatus
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
#: Contact rows the activation form offers.
CONTACT_ROWS = 3


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the service."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class StepForm(forms.Form):
    """A step of the lifecycle; ``step_data`` returns the keyword arguments of the transition."""

    step: str = ""

    def __init__(self, *args: Any, designation: Any, user: Any, **kwargs: Any):
        kwargs.setdefault("prefix", self.step)
        super().__init__(*args, **kwargs)
        self.designation = designation
        self.user = user

    def step_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ProposeForm(StepForm):
    step = S.PROPOSED
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why this village: the vulnerability found when mapping (border, migrant workers, cases…)."
        ),
    )
    mapping_notes = forms.CharField(
        label=_("Mapping notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Mapping material: PDF, JPEG, PNG or DOCX, at most 10 MB each."),
    )


class MeetingForm(StepForm):
    step = S.MEETING_HELD
    meeting_date = forms.DateField(label=_("Meeting date"), widget=DATE_WIDGET)
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=200)
    agency_ids = forms.ModelMultipleChoiceField(
        label=_("Attending agencies"),
        required=False,
        queryset=PartnerAgency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    attendees = forms.CharField(
        label=_("Attending people"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Names and positions, one per line."),
    )
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["agency_ids"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = selectors.meeting_agencies(user=self.user, designation=self.designation)

    def step_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["agency_ids"] = [a.pk for a in data["agency_ids"]]
        return data


class DesignateForm(StepForm):
    step = S.DESIGNATED
    sk_number = forms.CharField(label=_("SK number"), max_length=100)
    sk_date = forms.DateField(label=_("SK date"), widget=DATE_WIDGET)


class ActivateForm(StepForm):
    step = S.ACTIVE

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for i in range(1, CONTACT_ROWS + 1):
            self.fields[f"name_{i}"] = forms.CharField(label=_("Name"), max_length=150, required=False)
            self.fields[f"position_{i}"] = forms.CharField(
                label=_("Position"),
                max_length=100,
                required=False,
                initial=_("Kepala Desa") if i == 1 else "",
            )
            self.fields[f"phone_{i}"] = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def contact_rows(self) -> list[tuple[Any, Any, Any]]:
        """Return the bound fields of each contact row (name, position, phone)."""
        return [
            (self[f"name_{i}"], self[f"position_{i}"], self[f"phone_{i}"]) for i in range(1, CONTACT_ROWS + 1)
        ]

    def step_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        contacts = [
            {"name": data[f"name_{i}"], "position": data[f"position_{i}"], "phone": data[f"phone_{i}"]}
            for i in range(1, CONTACT_ROWS + 1)
            if data[f"name_{i}"] or data[f"phone_{i}"]
        ]
        return {"contacts": contacts}


class EvaluateForm(StepForm):
    step = S.EVALUATED
    evaluated_on = forms.DateField(label=_("Evaluation date"), widget=DATE_WIDGET)
    period = forms.CharField(
        label=_("Period"), max_length=20, help_text=_("For example 2025 or 2025-S1."), initial=""
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for item in CHECKLIST:
            self.fields[f"item_{item.code}"] = forms.BooleanField(label=str(item.label), required=False)

    def checklist_fields(self) -> list[Any]:
        return [self[f"item_{item.code}"] for item in CHECKLIST]

    def step_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "evaluated_on": data["evaluated_on"],
            "period": data["period"],
            "notes": data["notes"],
            "checklist": {item.code: bool(data[f"item_{item.code}"]) for item in CHECKLIST},
        }


class RevokeForm(StepForm):
    step = S.REVOKED
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Recorded on the timeline.")
    )


STEP_FORMS: dict[str, type[StepForm]] = {
    form.step: form
    for form in (ProposeForm, MeetingForm, DesignateForm, ActivateForm, EvaluateForm, RevokeForm)
}


class AttachForm(forms.Form):
    """A document for one step of the designation."""

    stage = forms.ChoiceField(
        label=_("Step"), choices=[(s.value, s.label) for s in S if s != S.REVOKED], required=False
    )
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG, PNG or DOCX, at most 10 MB."))


class StartForm(forms.Form):
    """The village to put up as a DBI candidate."""

    village = forms.RegexField(
        label=_("Village code"),
        regex=r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$",
        max_length=13,
        error_messages={"invalid": _("Village codes look like 35.02.01.2001.")},
    )
