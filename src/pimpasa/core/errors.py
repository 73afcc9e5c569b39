"""Domain errors with stable codes, shared by services, the HTML views and the API."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


class DomainError(Exception):
    """A refused action: a stable ``code``, a translated ``message`` and optional ``details``."""

    code = "invalid"
    status = 400

    def __init__(self, message: str | Promise, *, code: str | None = None, details: Any = None):
        super().__init__(str(message))
        self.message = str(message)
        if code:
            self.code = code
        self.details = details

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class ValidationFailed(DomainError):
    """Input that breaks a rule; ``details`` names the fields or rows."""

    code = "validation_failed"
    status = 422


class NotFound(DomainError):
    """A missing row, or one outside the user's scope: both look the same."""

    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    """An action the user's role does not allow on a row they can see."""

    code = "permission_denied"
    status = 403
