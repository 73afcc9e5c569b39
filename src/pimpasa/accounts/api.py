"""API authentication (hashed bearer tokens, sessions that passed the second factor) and ``/me``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema
from ninja.security import HttpBearer, SessionAuth

from pimpasa.core.errors import DomainError

from . import selectors
from .middleware import needs_verification

router = Router(tags=["accounts"])


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer pmp_…``: a usable token authenticates its user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = selectors.user_for_token(raw=token)
        if user is None:
            return None
        request.user = user
        return user


class SecondFactorRequired(DomainError):
    """A browser session whose user must pass TOTP first: the API answers 401 like for no session."""

    code = "second_factor_required"
    status = 401


class VerifiedSessionAuth(SessionAuth):
    """Django's session, CSRF-checked, refused (401) while a user who needs TOTP has not passed it."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        if needs_verification(user):
            raise SecondFactorRequired(_("Confirm the code from your authenticator app first."))
        return user


class ScopeSummaryOut(Schema):
    everything: bool
    region_codes: list[str]
    units: list[str]
    agencies: list[str]
    village_count: int
    writable_village_count: int | None


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[str]
    unit: str | None
    agency: str | None
    scope: ScopeSummaryOut


@router.get("/me", response=MeOut, summary="The calling user, their roles and scope")
def me(request: HttpRequest) -> dict[str, Any]:
    return selectors.me_summary(user=request.user)
