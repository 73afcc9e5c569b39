"""Input shapes of the watchlist pages; the services validate the values again."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pimpasa.organization.models import AREA_KINDS, Unit

from . import validation
from .matching import Person
from .models import Kind, Sex

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _lines(value: str) -> list[str]:
    """Split a text area into values: one per line, or separated by semicolons."""
    return [part.strip() for part in re.split(r"[;\n]", value or "") if part.strip()]


class EntryForm(forms.Form):
    ref = forms.CharField(
        label=_("Reference"),
        max_length=60,
        help_text=_("A stable reference such as WL-2026-001: letters, digits, - and _."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    aliases = forms.CharField(
        label=_("Aliases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: nicknames, other spellings, names used on social media."),
    )
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=_DATE)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Sex.choices])
    nik = forms.CharField(label=_("NIK"), required=False, max_length=20)
    phones = forms.CharField(
        label=_("Phone numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, written any usual way (0812…, +62 812…)."),
    )
    reason = forms.CharField(
        label=_("Reason for listing"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit = forms.ModelChoiceField(
        label=_("Owning office"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("— national —"),
    )
    note = forms.CharField(label=_("Why this change"), required=False, max_length=500)

    def __init__(self, *args: Any, editing: bool = False, national: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["ref"]
        else:
            del self.fields["note"]
        if national:
            unit_field = self.fields["unit"]
            assert isinstance(unit_field, forms.ModelChoiceField)
            unit_field.queryset = Unit.objects.filter(kind__in=AREA_KINDS, active=True).order_by("name")
        else:
            del self.fields["unit"]

    def clean_ref(self) -> str:
        ref, problem = validation.check_ref(self.cleaned_data.get("ref", ""))
        if problem:
            raise forms.ValidationError(problem)
        return ref

    def clean_nik(self) -> str:
        nik, problem = validation.check_nik(self.cleaned_data.get("nik", ""))
        if problem:
            raise forms.ValidationError(problem)
        return nik

    def clean_phones(self) -> list[str]:
        phones: list[str] = []
        for value in _lines(self.cleaned_data.get("phones", "")):
            phone, problem = validation.check_phone(value)
            if problem:
                raise forms.ValidationError(problem)
            phones.append(phone)
        return phones

    def clean_aliases(self) -> list[str]:
        return _lines(self.cleaned_data.get("aliases", ""))

    def values(self) -> dict[str, Any]:
        """Return the cleaned values as the services take them."""
        data = dict(self.cleaned_data)
        data.pop("note", None)
        return data


def initial_of(entry: Any) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "full_name": entry.full_name,
        "aliases": "\n".join(entry.aliases),
        "birth_date": entry.birth_date,
        "sex": entry.sex,
        "nik": entry.nik,
        "phones": "\n".join(entry.phones),
        "reason": entry.reason,
        "unit": entry.unit_id,
    }


class StatusForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class CheckForm(forms.Form):
    """What the "check a name" page searches for."""

    full_name = forms.CharField(label=_("Name"), required=False, max_length=200)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=_DATE)
    nik = forms.CharField(label=_("NIK"), required=False, max_length=20)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)

    def clean_nik(self) -> str:
        nik, problem = validation.check_nik(self.cleaned_data.get("nik", ""))
        if problem:
            raise forms.ValidationError(problem)
        return nik

    def clean_phone(self) -> str:
        phone, problem = validation.check_phone(self.cleaned_data.get("phone", ""))
        if problem:
            raise forms.ValidationError(problem)
        return phone

    def clean_full_name(self) -> str:
        name, problem = validation.check_name(self.cleaned_data.get("full_name", ""), required=False)
        if problem:
            raise forms.ValidationError(problem)
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("full_name") or data.get("nik") or data.get("phone")):
            raise forms.ValidationError(_("Give a name, a NIK or a phone number."))
        return data

    def person(self) -> Person:
        data = self.cleaned_data
        return Person(
            full_name=data["full_name"],
            birth_date=data.get("birth_date"),
            nik=data["nik"],
            phones=(data["phone"],) if data["phone"] else (),
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns ref, kind, full_name, aliases, birth_date, nik, phone; UTF-8."),
    )

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class SettingsForm(forms.Form):
    match_threshold = forms.DecimalField(
        label=_("Match threshold"),
        min_value=Decimal("0"),
        max_value=Decimal("1"),
        max_digits=3,
        decimal_places=2,
        help_text=_("Candidates scoring at least this (0-1) are shown as matches."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
