"""Forms of the message inbox: the list filter, and turning a message into a report or attaching it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pimpasa.regions.forms import RegionPickerField
from pimpasa.regions.models import Level

from ..models import Category, InboundMessage, InboundStatus, MessageChannel, ReporterMode, Urgency
from ..selectors.messages import InboxFilters


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *InboundStatus.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any channel")), *MessageChannel.choices]
    )

    def filters(self) -> InboxFilters:
        if not self.is_bound or not self.is_valid():
            return InboxFilters()
        return InboxFilters(status=self.cleaned_data["status"], channel=self.cleaned_data["channel"])


class ConvertForm(forms.Form):
    """A report made from a message: prefilled with its text, the place limited to the office's area."""

    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), to_field_name="code", empty_label=None
    )
    region = RegionPickerField(label=_("Where (village)"), level=Level.VILLAGE)
    description = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 6}))
    occurred_on = forms.DateField(
        label=_("When it happened"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    reporter_mode = forms.ChoiceField(
        label=_("Reporter"),
        choices=ReporterMode.choices,
        initial=ReporterMode.CONFIDENTIAL,
        help_text=_("Confidential: only intelligence staff and above see the sender's number."),
    )
    reporter_name = forms.CharField(
        label=_("Reporter's name"),
        required=False,
        max_length=150,
        help_text=_("Needed for an identified reporter; leave it blank if the sender gave none."),
    )

    def __init__(self, *args: Any, message: InboundMessage, **kwargs: Any):
        kwargs.setdefault("initial", {"description": message.text})
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.active()  # type: ignore[attr-defined]
        unit = message.unit
        self.fields["region"].within = (lambda: unit.area_codes()) if unit is not None else None  # type: ignore[attr-defined]

    def clean_occurred_on(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date lies in the future."))
        return value


class AttachForm(forms.Form):
    tracking_code = forms.CharField(
        label=_("Tracking code of the report"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)
