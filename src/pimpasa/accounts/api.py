"""API authentication (hashed bearer tokens) and the caller's own profile."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer

from . import selectors

router = Router(tags=["accounts"])


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer pmp_…``: a usable token authenticates its user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = selectors.user_for_token(raw=token)
        if user is None:
            return None
        request.user = user
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
