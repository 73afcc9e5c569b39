"""Password rule of BSSN regulation 4/2021: at least 12 characters mixing cases, digits and symbols."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class BssnPasswordValidator:
    """Require ≥ 12 characters with an upper-case letter, a lower-case letter, a digit and a symbol."""

    def __init__(self, min_length: int = 12):
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        if (
            len(password) < self.min_length
            or not any(c.isupper() for c in password)
            or not any(c.islower() for c in password)
            or not any(c.isdigit() for c in password)
            or all(c.isalnum() for c in password)
        ):
            raise ValidationError(self.get_help_text(), code="password_bssn")

    def get_help_text(self) -> str:
        return _(
            "The password must have at least %(min_length)d characters and mix upper-case and "
            "lower-case letters, digits and symbols."
        ) % {"min_length": self.min_length}
