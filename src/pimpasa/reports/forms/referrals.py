"""Forms of referrals: refer a report, answer for the agency (page or link), send a link, revoke."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pimpasa.organization.models import PartnerAgency

from ..models import SharedField
from ..services.referrals import LINK_ACTIONS

_TEXTAREA = {"rows": 3}


class ReferralCreateForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Partner agency"), queryset=PartnerAgency.objects.none())
    reason = forms.CharField(
        label=_("Reason for the referral"), max_length=2000, widget=forms.Textarea(attrs=_TEXTAREA)
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("What the agency may see"),
        choices=SharedField.choices,
        initial=[SharedField.SUMMARY.value],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The category, kabupaten/kota and date are always shared; the reporter never is."),
    )
    consent_recorded = forms.BooleanField(
        label=_("The potential victim consented to sharing"), required=False
    )
    consent_note = forms.CharField(
        label=_("How consent was given"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs=_TEXTAREA),
    )
    override_reason = forms.CharField(
        label=_("Office head: reason to share without consent"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs=_TEXTAREA),
        help_text=_("Only the head of the office may share a victim's data without consent."),
    )
    link_to = forms.CharField(
        label=_("Send a link to (e-mail or phone)"),
        required=False,
        max_length=200,
        help_text=_("For an agency without accounts: it receives a signed link to this referral only."),
    )

    def __init__(self, *args: Any, agencies: QuerySet[PartnerAgency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class ReferralAnswerForm(forms.Form):
    """The agency's answer: accept, reject with a reason, or done with feedback and an outcome."""

    action = forms.ChoiceField(choices=[(a, a) for a in LINK_ACTIONS], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=_TEXTAREA),
    )
    feedback = forms.CharField(
        label=_("What was done"), required=False, max_length=4000, widget=forms.Textarea(attrs=_TEXTAREA)
    )
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        action = data.get("action")
        if action == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for the rejection."))
        if action == "done" and not (data.get("feedback") or "").strip():
            self.add_error("feedback", _("Tell the office what was done."))
        return data


class LinkAnswerForm(ReferralAnswerForm):
    """The answer through a signed link, with who answers for the agency."""

    name = forms.CharField(label=_("Your name / position"), max_length=150)


class ReferralLinkForm(forms.Form):
    to = forms.CharField(label=_("E-mail or phone"), max_length=200)
    channel = forms.ChoiceField(
        label=_("Send by"),
        required=False,
        choices=[
            ("", _("E-mail, or WhatsApp for a phone")),
            ("email", _("E-mail")),
            ("whatsapp", "WhatsApp"),
            ("sms", "SMS"),
        ],
    )


class ReferralRevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing"), max_length=2000)
