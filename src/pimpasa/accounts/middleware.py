"""Send privileged users through the TOTP second factor before any page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

#: Paths a signed-in user may reach before passing the second factor.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/i18n/", "/api/")


class SecondFactorMiddleware:
    """Redirect users whose role needs TOTP to enrolment (no device) or verification (not verified)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and getattr(user, "needs_second_factor", False)
            and not user.is_verified()  # type: ignore[union-attr]
        ):
            from django_otp import devices_for_user

            if any(True for _ in devices_for_user(user, confirmed=True)):
                return redirect("accounts:otp_verify")
            return redirect("accounts:otp_enrol")
        return self.get_response(request)
