"""Send privileged users through the TOTP second factor before any page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

#: Views a signed-in user may reach before passing the second factor. Everything
#: else (the profile, password change, the admin, every app page) waits for it.
OPEN_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:otp_enrol",
        "accounts:otp_verify",
        "set_language",
        "healthz",
        # A partner agency's signed link: the token is the credential, not the session.
        "reports:referral_link",
    }
)
#: URL namespaces that apply the rule themselves: the API answers 401 instead of redirecting,
#: and the public pages (``/lapor/``) show nothing that depends on who is signed in.
OPEN_NAMESPACES = frozenset({"api", "public"})


def needs_verification(user: Any) -> bool:
    """Return whether ``user`` is signed in, must pass TOTP, and has not yet in this session."""
    if not user.is_authenticated or not getattr(user, "needs_second_factor", False):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified is not None and is_verified())


def second_factor_url(user: Any) -> str:
    """Return the verification page when the user has a confirmed device, enrolment otherwise."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return reverse("accounts:otp_verify")
    return reverse("accounts:otp_enrol")


class SecondFactorMiddleware:
    """Redirect users whose role needs TOTP to enrolment (no device) or verification (not verified).

    The check runs on the resolved view rather than on path prefixes, so a new
    URL is protected by default and only the views in ``OPEN_VIEWS`` stay open.
    Unknown paths resolve to no view and answer 404 without reaching any data.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and (match.view_name in OPEN_VIEWS or OPEN_NAMESPACES & set(match.namespaces)):
            return None
        if not needs_verification(request.user):
            return None
        url = second_factor_url(request.user)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            # htmx would swap the followed redirect into a fragment; make it load the whole page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
