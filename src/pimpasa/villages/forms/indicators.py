"""Input shapes of the indicator pages: a definition, and an import upload; the services apply the rules."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pimpasa.regions.models import Level

from ..filters.indicators import LEVEL_CHOICES
from ..importing import EXTENSIONS
from ..models import Direction, Indicator, IndicatorUnit
from ..services.indicators import PERIOD_RANGE

#: The largest file the upload page accepts (a national wide-form file is about 6 MB).
MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class IndicatorForm(forms.Form):
    """An indicator's definition; the code and unit are read-only once values exist."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_(
            "Lower-case letters, digits and underscores, e.g. poverty_rate; the column name in files."
        ),
    )
    name_id = forms.CharField(label=_("Name (Indonesian)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    unit = forms.ChoiceField(label=_("Unit"), choices=IndicatorUnit.choices)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    level = forms.TypedChoiceField(label=_("Measured at"), choices=LEVEL_CHOICES, coerce=int)
    source = forms.CharField(label=_("Usual source"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("Inactive indicators are not imported, shown on village pages or scored."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        help_text=_("Recorded on the audit trail."),
    )

    def __init__(self, *args: Any, indicator: Indicator | None = None, locked: bool = False, **kwargs: Any):
        if indicator is not None:
            kwargs.setdefault(
                "initial",
                {
                    name: getattr(indicator, name)
                    for name in ("code", "name_id", "name_en", "unit", "direction", "level", "source")
                }
                | {"description": indicator.description, "active": indicator.active},
            )
        else:
            kwargs.setdefault("initial", {"level": Level.VILLAGE, "active": True})
        super().__init__(*args, **kwargs)
        if indicator is None:
            del self.fields["reason"]
        if locked:
            for name in ("code", "unit"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: values were imported for this indicator.")

    def service_arguments(self) -> dict[str, Any]:
        """Return the cleaned fields as the service's keyword arguments (valid form only)."""
        data = dict(self.cleaned_data)
        data.pop("reason", None)
        return data


def _default_period() -> int:
    return dt.date.today().year - 1


class IndicatorImportForm(forms.Form):
    """An indicator file to import (CSV or XLSX, long or wide form), its source and its year."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8) or XLSX; long form (code, indicator, value) or wide form "
            "(code and one column per indicator)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )
    source = forms.CharField(
        label=_("Source"), max_length=300, help_text=_("Where the values come from, e.g. “BPS Susenas 2024”.")
    )
    period = forms.IntegerField(
        label=_("Period (year)"),
        min_value=PERIOD_RANGE[0],
        max_value=PERIOD_RANGE[1],
        initial=_default_period,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in EXTENSIONS:
            raise forms.ValidationError(_("Upload a CSV or XLSX file."), code="file_kind")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
                code="file_size",
            )
        return upload
