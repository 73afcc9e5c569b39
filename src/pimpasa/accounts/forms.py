"""Input shapes for the account pages: the TOTP code and a new API token."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

#: The longest token lifetime a user can pick on the profile page (administrators use the command).
MAX_TOKEN_DAYS = 366


class CodeField(forms.CharField):
    """A one-time code; apps show the digits grouped ("123 456"), so spaces are dropped."""

    def to_python(self, value: object) -> str:
        return "".join(str(super().to_python(value)).split())


class TotpCodeForm(forms.Form):
    """The six digits an authenticator app shows."""

    code = CodeField(
        label=_("Code from your authenticator app"),
        validators=[RegexValidator(r"^\d{6}$", _("Enter the six digits shown by the app."))],
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "maxlength": 8}
        ),
    )


class TokenCreateForm(forms.Form):
    """A name for the new token and, optionally, how many days it lives."""

    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for."))
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        required=False,
        min_value=1,
        max_value=MAX_TOKEN_DAYS,
        help_text=_("Leave empty for a token that does not expire."),
    )
