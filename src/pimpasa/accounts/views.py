"""Home page (the user's scope), login, second factor, password, profile and API tokens."""

from __future__ import annotations

import datetime as dt
from base64 import b32encode
from typing import Any

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from pimpasa.core.errors import DomainError
from pimpasa.core.http import HtmxHttpRequest, or_404

from . import selectors, services
from .forms import TokenCreateForm, TotpCodeForm
from .models import User


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/home.html", {"summary": selectors.home_summary(user=request.user)})


class LoginView(auth_views.LoginView):
    """Username and password; django-axes counts failures and locks the username after five."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "failure_limit": settings.AXES_FAILURE_LIMIT}


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only) and forget the second factor with the session."""


def _next_url(request: HttpRequest) -> str:
    """Return the safe ``next`` target of the request, or the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _throttle_message(until: dt.datetime) -> str:
    seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
    return _("Too many wrong codes. Wait %(seconds)d seconds and try again.") % {"seconds": seconds}


def _qr_svg(device: TOTPDevice) -> str:
    # Inline SVG markup (no style attributes) passes the strict CSP; the image never leaves the server.
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=True, title="QR"))


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Show a new authenticator's QR code and secret; confirm it with the first code it shows."""
    user = _user(request)
    status = selectors.second_factor_status(user=user)
    if status["enrolled"]:
        return redirect("accounts:profile" if status["verified"] else "accounts:otp_verify")
    if not status["required"]:
        messages.info(request, _("Your role does not need a second factor."))
        return redirect("accounts:profile")
    device = services.totp_device_start(user=user)
    form = TotpCodeForm(request.POST or None)
    throttled = services.totp_throttled_until(device)
    if request.method == "POST" and form.is_valid():
        if throttled:
            form.add_error("code", _throttle_message(throttled))
        elif services.totp_device_confirm(actor=user, device=device, code=form.cleaned_data["code"]):
            django_otp.login(request, device)
            request.session.cycle_key()
            messages.success(request, _("Your authenticator app is set up."))
            return redirect(_next_url(request))
        else:
            form.add_error("code", _("This code is not valid. Check the time on your phone and try again."))
    context = {
        "form": form,
        "qr_svg": _qr_svg(device),
        "secret": _grouped(b32encode(device.bin_key).decode()),
        "next": _next_url(request),
    }
    return render(request, "accounts/otp_enrol.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Ask for the current code of the user's authenticator once per session."""
    user = _user(request)
    status = selectors.second_factor_status(user=user)
    if status["verified"]:
        return redirect(_next_url(request))
    if not status["enrolled"]:
        return redirect("accounts:otp_enrol" if status["required"] else "home")
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
        throttled = [until for until in map(services.totp_throttled_until, devices) if until]
        if throttled and len(throttled) == len(devices):
            form.add_error("code", _throttle_message(min(throttled)))
        elif device := services.totp_verify(user=user, code=form.cleaned_data["code"]):
            django_otp.login(request, device)
            request.session.cycle_key()
            return redirect(_next_url(request))
        else:
            form.add_error("code", _("This code is not valid. Check the time on your phone and try again."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's own password; the BSSN rule and the other validators apply."""
    user = _user(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(actor=user, user=user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


def _profile_context(request: HttpRequest, **extra: object) -> dict[str, object]:
    user = _user(request)
    return {
        "posting": user.posting,
        "role_labels": selectors.role_labels(user=user),
        "second_factor": selectors.second_factor_status(user=user),
        "tokens": selectors.token_list(user=user),
        "now": timezone.now(),
        "create_form": TokenCreateForm(),
        **extra,
    }


def _render_tokens(request: HtmxHttpRequest, context: dict[str, object]) -> HttpResponse:
    # htmx swaps the token panel alone; without it the whole profile page is shown again.
    template = "accounts/profile.html#tokens" if request.htmx else "accounts/profile.html"
    return render(request, template, context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Show the user, their roles, unit, second-factor status and their API tokens."""
    return render(request, "accounts/profile.html", _profile_context(request))


@login_required
@require_POST
def token_create(request: HtmxHttpRequest) -> HttpResponse:
    """Create a token of one's own and show the raw token once, in the token panel."""
    user = _user(request)
    form = TokenCreateForm(request.POST)
    created = None
    if form.is_valid():
        try:
            token, raw = services.token_create(
                actor=user, user=user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except DomainError as exc:
            form.add_error("name", exc.message)
        else:
            created = {"token": token, "raw": raw}
            form = TokenCreateForm()
    return _render_tokens(request, _profile_context(request, create_form=form, created=created))


@login_required
@require_POST
def token_revoke(request: HtmxHttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of one's own tokens; another user's token is missing (404)."""
    user = _user(request)
    token = or_404(selectors.token_get, user=user, token_id=token_id)
    error = None
    try:
        services.token_revoke(actor=user, token=token)
    except DomainError as exc:
        error = exc.message
    if request.htmx:
        return _render_tokens(request, _profile_context(request, token_error=error))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:profile")
