"""Forms of the public pages: a tip or question without login, and the status lookup by tracking code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pimpasa.core.errors import ValidationFailed
from pimpasa.regions.forms import RegionPickerField, RegionPickerWidget
from pimpasa.regions.models import Level

from ..attachments import ACCEPT, CleanFile, clean_upload, max_upload_bytes
from ..identifiers import normalize_phone
from ..models import Category, ReporterMode
from ..services.intake import MAX_DESCRIPTION

MAX_FILES = 3


class PublicRegionPickerWidget(RegionPickerWidget):
    """The region picker, loading its options from the public endpoint (regions are public data)."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        query = widget["options_url"].split("?", 1)[1]
        widget["options_url"] = f"{reverse('public:region_options')}?{query}"
        return context


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to ``max_files`` photos or PDFs, each checked and cleaned; cleans to a list of ``CleanFile``."""

    def __init__(self, *, max_files: int = MAX_FILES, **kwargs: Any):
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CleanFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > self.max_files:
            raise forms.ValidationError(
                _("Attach at most %(count)s files."), code="too_many", params={"count": self.max_files}
            )
        cleaned: list[CleanFile] = []
        errors: list[forms.ValidationError] = []
        for upload in files:
            upload = super().clean(upload, initial)
            try:
                cleaned.append(clean_upload(upload, name=upload.name, size=upload.size))
            except ValidationFailed as exc:
                errors.append(
                    forms.ValidationError(
                        "%(name)s: %(reason)s",
                        code=exc.code,
                        params={"name": upload.name[-80:], "reason": exc.message},
                    )
                )
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class PublicReportForm(forms.Form):
    """A tip or question from anyone: what, where, when, and optionally who they are and files."""

    category = forms.ModelChoiceField(
        label=_("What is it about?"),
        queryset=Category.objects.none(),
        to_field_name="code",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who, what, where, when: write what you know. Details help the officers act."),
    )
    region = RegionPickerField(
        label=_("Where? (village)"), level=Level.VILLAGE, widget=PublicRegionPickerWidget(level=Level.VILLAGE)
    )
    occurred_on = forms.DateField(
        label=_("When? (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    name = forms.CharField(label=_("Your name (optional)"), required=False, max_length=150)
    phone = forms.CharField(
        label=_("Your phone or WhatsApp number (optional)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    confidential = forms.BooleanField(
        label=_("Keep my identity confidential"),
        required=False,
        # Ticked until the reporter unticks it: a name typed in should not reach every officer by default.
        initial=True,
        help_text=_("Only a few senior officers will see your name and number."),
    )
    attachments = AttachmentsField(
        label=_("Photos or documents (optional, at most 3)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.active().filter(public=True)  # type: ignore[attr-defined]
        self.fields["attachments"].help_text = _(
            "JPEG, PNG, WebP or PDF, up to %(size)s each. Location data is removed from photos."
        ) % {"size": filesizeformat(max_upload_bytes())}

    def clean_occurred_on(self) -> Any:
        value = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date lies in the future."))
        return value

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data.get("name", "").split())

    def clean_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data.get("phone", ""))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def reporter_mode(self) -> str:
        """Anonymous without a name or number; identified with a name unless confidentiality was asked."""
        name, phone = self.cleaned_data.get("name", ""), self.cleaned_data.get("phone", "")
        if not (name or phone):
            return ReporterMode.ANONYMOUS
        if self.cleaned_data.get("confidential") or not name:
            return ReporterMode.CONFIDENTIAL
        return ReporterMode.IDENTIFIED

    def submit_kwargs(self) -> dict[str, Any]:
        """Return the arguments of ``report_submit`` this form gives."""
        data = self.cleaned_data
        return {
            "category_code": data["category"].code,
            "description": data["description"],
            "region_code": data["region"].code,
            "occurred_on": data["occurred_on"],
            "reporter_mode": self.reporter_mode(),
            "reporter_name": data["name"],
            "reporter_phone": data["phone"],
        }


class StatusForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("Twelve letters and digits, e.g. K7Q4-9XM2-T8R5."),
    )
