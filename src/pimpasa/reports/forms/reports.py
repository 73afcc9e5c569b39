"""Forms of the report pages: the officer intake form with its people and organisations, and the
actions on a report. They check the shape of the input; the services apply the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pimpasa.core.scoping import scope_of
from pimpasa.regions.forms import RegionPickerField
from pimpasa.regions.models import Level

from ..countries import country_choices
from ..identifiers import normalize_phone, parse_nik
from ..models import (
    Category,
    Credibility,
    LinkKind,
    Outcome,
    PersonRole,
    RejectReason,
    Reliability,
    ReporterMode,
    Sex,
    Urgency,
)
from ..services.intake import MAX_DESCRIPTION, MAX_ORGANIZATIONS, MAX_PEOPLE
from .public import AttachmentsField

#: Files an officer may attach at intake.
MAX_FILES = 10
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(label: Any, choices: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


def _clean_phone(value: str) -> str:
    try:
        return normalize_phone(value)
    except ValueError as exc:
        raise forms.ValidationError(str(exc), code="phone") from exc


class ReportForm(forms.Form):
    """A report an officer takes in: what, where, when, who reported, how urgent; files optional."""

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), to_field_name="code", empty_label=None
    )
    description = forms.CharField(
        label=_("What happened"), max_length=MAX_DESCRIPTION, widget=forms.Textarea(attrs={"rows": 5})
    )
    occurred_on = forms.DateField(label=_("When it happened"), required=False, widget=DATE_WIDGET)
    region = RegionPickerField(label=_("Village"), level=Level.VILLAGE)
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    destination_country = forms.ChoiceField(label=_("Destination country"), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    reporter_mode = forms.ChoiceField(
        label=_("Reporter"),
        choices=ReporterMode.choices,
        initial=ReporterMode.ANONYMOUS,
        widget=forms.RadioSelect,
        help_text=_(
            "Confidential: only intelligence staff and above see who reported, and each look is logged."
        ),
    )
    reporter_name = forms.CharField(label=_("Reporter's name"), required=False, max_length=150)
    reporter_phone = forms.CharField(
        label=_("Reporter's phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    reporter_contact = forms.CharField(label=_("Other contact"), required=False, max_length=200)
    reliability = forms.ChoiceField(label=_("Source reliability"), choices=Reliability.choices, initial="F")
    credibility = forms.ChoiceField(
        label=_("Information credibility"), choices=Credibility.choices, initial=Credibility.UNKNOWN
    )
    restricted = forms.BooleanField(
        label=_("Restricted"),
        required=False,
        help_text=_(
            "For example when a village official is implicated: only you and the office head see it."
        ),
    )
    attachments = AttachmentsField(label=_("Photos or PDF"), required=False, max_files=MAX_FILES)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ModelChoiceField)
        category.queryset = Category.objects.active().order_by("order", "code")
        country = self.fields["destination_country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = _blank(_("Not known / not abroad"), country_choices())
        scope = scope_of(user)
        region = self.fields["region"]
        assert isinstance(region, RegionPickerField)
        region.within = None if scope.everything else scope.region_codes

    def clean_reporter_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("reporter_phone", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return data

    def submit_kwargs(self) -> dict[str, Any]:
        """Return the arguments of ``report_submit`` (valid form only; people and files apart)."""
        data = self.cleaned_data
        return {
            "category_code": data["category"].code,
            "description": data["description"],
            "region_code": data["region"].code,
            "occurred_on": data["occurred_on"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "destination_country": data["destination_country"],
            "urgency": data["urgency"],
            "reporter_mode": data["reporter_mode"],
            "reporter_name": data["reporter_name"],
            "reporter_phone": data["reporter_phone"],
            "reporter_contact": data["reporter_contact"],
            "reliability": data["reliability"],
            "credibility": data["credibility"],
            "restricted": data["restricted"],
        }


class PersonForm(forms.Form):
    """A person a report involves."""

    role = forms.ChoiceField(label=_("Role"), choices=_blank("—", PersonRole.choices))
    full_name = forms.CharField(label=_("Name"), max_length=200)
    aliases = forms.CharField(
        label=_("Other names"),
        required=False,
        max_length=500,
        help_text=_("Separate names with a semicolon."),
    )
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE_WIDGET)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=_blank("—", Sex.choices))

    def clean_nik(self) -> str:
        try:
            facts = parse_nik(self.cleaned_data.get("nik", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="nik") from exc
        return facts.nik if facts else ""

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data.get("phone", ""))

    def person_kwargs(self) -> dict[str, Any]:
        """Return the person as ``report_submit``/``report_add_person`` take it (valid form only)."""
        data = self.cleaned_data
        return {
            "role": data["role"],
            "full_name": data["full_name"],
            "aliases": tuple(a.strip() for a in data["aliases"].split(";") if a.strip()),
            "nik": data["nik"],
            "phone": data["phone"],
            "birth_date": data["birth_date"],
            "sex": data["sex"],
        }


class OrganizationForm(forms.Form):
    """An organisation a report involves."""

    name = forms.CharField(label=_("Organisation"), max_length=200)
    licensed_p3mi = forms.NullBooleanField(
        label=_("Licensed P3MI"),
        required=False,
        widget=forms.NullBooleanSelect,
    )

    def organization_kwargs(self) -> dict[str, Any]:
        return {"name": self.cleaned_data["name"], "licensed_p3mi": self.cleaned_data["licensed_p3mi"]}


PersonFormSet = forms.formset_factory(PersonForm, extra=1, max_num=MAX_PEOPLE, validate_max=True)
OrganizationFormSet = forms.formset_factory(
    OrganizationForm, extra=1, max_num=MAX_ORGANIZATIONS, validate_max=True
)


class TransitionForm(forms.Form):
    """A move of the workflow with what it needs; the service says what is missing."""

    to = forms.CharField(widget=forms.HiddenInput, max_length=20)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.ChoiceField(label=_("Reason"), required=False, choices=_blank("—", RejectReason.choices))
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=_blank("—", Outcome.choices))
    assigned_to: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Officer"), required=False, queryset=None, to_field_name="username"
    )

    def __init__(self, *args: Any, officers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_to"]
        assert isinstance(field, forms.ModelChoiceField)
        if officers is not None:
            field.queryset = officers

    def transition_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs: dict[str, Any] = {"note": data["note"]}
        for name in ("reason", "outcome", "assigned_to"):
            if data.get(name):
                kwargs[name] = data[name]
        return kwargs


class AssignForm(forms.Form):
    officer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Officer"), queryset=None, to_field_name="username"
    )

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["officer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = officers


class GradingForm(forms.Form):
    reliability = forms.ChoiceField(label=_("Source reliability"), choices=Reliability.choices)
    credibility = forms.ChoiceField(label=_("Information credibility"), choices=Credibility.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class PublicReplyForm(forms.Form):
    public_reply = forms.CharField(
        label=_("Reply shown on the public status page"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reporter reads this with the tracking code: name nobody."),
    )


class RestrictForm(forms.Form):
    usernames = forms.CharField(
        label=_("Who else may see it (usernames)"),
        required=False,
        max_length=1000,
        help_text=_("Separate usernames with commas; the office head always sees the report."),
    )

    def username_list(self) -> list[str]:
        text = self.cleaned_data.get("usernames", "")
        return [u.strip() for u in text.replace(";", ",").split(",") if u.strip()]


class LinkForm(forms.Form):
    other = forms.CharField(label=_("Tracking code of the other report"), max_length=20)
    kind = forms.ChoiceField(label=_("Kind"), choices=LinkKind.choices, initial=LinkKind.RELATED)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Follow-up note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
