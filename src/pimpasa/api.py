"""The one JSON API at /api/v1: authentication, error shape, and the routers of every app."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from pimpasa.accounts.api import BearerTokenAuth, VerifiedSessionAuth
from pimpasa.accounts.api import router as accounts_router
from pimpasa.core.api import router as audit_router
from pimpasa.core.errors import DomainError
from pimpasa.organization.api import router as organization_router
from pimpasa.regions.api import router as regions_router
from pimpasa.reports.api import router as reports_router
from pimpasa.villages.api import router as villages_router
from pimpasa.watchlist.api import router as watchlist_router

api = NinjaAPI(
    title="PIMPASA API",
    version="1",
    urls_namespace="api",
    auth=[BearerTokenAuth(), VerifiedSessionAuth()],
    docs_url="/docs",
    description="Early-warning and case platform for the PIMPASA / Desa Binaan Imigrasi program.",
)


def _error(request: HttpRequest, status: int, code: str, message: str, details: Any = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "details": details}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.message, exc.details)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "Not found.")


@api.exception_handler(NinjaValidationError)
def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return _error(request, 422, "validation_failed", "The request is not valid.", exc.errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated", "Authentication required.")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "http_error", str(exc))


api.add_router("/", accounts_router)
api.add_router("/regions", regions_router)
api.add_router("/", organization_router)
api.add_router("/audit", audit_router)
api.add_router("/", villages_router)
api.add_router("/", reports_router)
api.add_router("/", watchlist_router)
