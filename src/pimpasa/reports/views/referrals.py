"""Pages of referrals: the list, a referral's page, referring a report, and the agency's signed-link page.

Staff and partner users reach referrals through ``Referral.objects.visible_to``; the
link page needs no login and answers every bad token with the same neutral 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied as HttpPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pimpasa.core.errors import NotFound, PermissionDenied, ValidationFailed
from pimpasa.core.http import or_404
from pimpasa.core.ratelimit import rate_hit

from ..filters.referrals import ReferralFilterForm
from ..forms.referrals import (
    LinkAnswerForm,
    ReferralAnswerForm,
    ReferralCreateForm,
    ReferralLinkForm,
    ReferralRevokeForm,
)
from ..models import Referral, ReferralStatus, SharedField
from ..selectors import referrals as selectors
from ..services import referrals as services
from .public import client_address, client_ip
from .report_actions import CODE

PER_PAGE = 50
#: Uses of signed-link pages one address may make per hour; more answer 429.
LINK_USES_PER_HOUR = 60


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    """List the referrals the user may read: the agency's for partner users, their reports' for staff."""
    partner = selectors.is_partner_user(request.user)
    agencies = None if partner else selectors.referral_agencies(user=request.user)
    form = ReferralFilterForm(request.GET or None, agencies=agencies)
    if partner:
        del form.fields["agency"]
    referrals = selectors.referral_list(user=request.user, filters=form.filters())
    page = Paginator(referrals, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/referrals/list.html", {"form": form, "page": page, "partner": partner})


def _detail_context(request: HttpRequest, referral: Referral, **forms: Any) -> dict[str, Any]:
    user = request.user
    is_agency = services.is_partner_of(user, referral.agency_id)
    manages = services.can_refer(user, referral.report) and not selectors.is_partner_user(user)
    open_ = referral.status in services.OPEN_STATES
    return {
        "referral": referral,
        "view": selectors.referral_view_for(user=user, referral=referral),
        "partner": selectors.is_partner_user(user),
        "can_answer": is_agency and open_,
        "can_manage": manages and open_,
        "accepting": referral.status == ReferralStatus.SENT,
        "completing": referral.status == ReferralStatus.ACCEPTED,
        "shared_labels": [label for value, label in SharedField.choices if value in referral.shared_fields],
        "answer_form": forms.get("answer_form") or ReferralAnswerForm(),
        "link_form": forms.get("link_form")
        or ReferralLinkForm(initial={"to": referral.link_sent_to or referral.agency.contact_email}),
        "revoke_form": forms.get("revoke_form") or ReferralRevokeForm(),
    }


def _referral(request: HttpRequest, referral_id: int) -> Referral:
    return or_404(selectors.referral_get, user=request.user, referral_id=referral_id)


@login_required
@never_cache
@require_GET
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Show what the agency may see, the states with their times, and the actions the user may take."""
    referral = _referral(request, referral_id)
    services.referral_record_view(user=request.user, referral=referral)
    return render(request, "reports/referrals/detail.html", _detail_context(request, referral))


def _run(call: Any, **kwargs: Any) -> Any:
    """Call a service; a refused action becomes 403, a missing row 404 (validation errors pass)."""
    try:
        return call(**kwargs)
    except PermissionDenied as exc:
        raise HttpPermissionDenied(exc.message) from exc
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
@require_POST
def referral_answer(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Accept, reject or complete the referral for the agency (partner users of that agency)."""
    referral = _referral(request, referral_id)
    if not services.is_partner_of(request.user, referral.agency_id):
        raise HttpPermissionDenied
    form = ReferralAnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            match data["action"]:
                case "accept":
                    _run(services.referral_accept, actor=request.user, referral=referral)
                case "reject":
                    _run(
                        services.referral_reject, actor=request.user, referral=referral, reason=data["reason"]
                    )
                case _:
                    _run(
                        services.referral_complete,
                        actor=request.user,
                        referral=referral,
                        feedback=data["feedback"],
                        outcome=data["outcome"],
                    )
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your answer was recorded."))
            return redirect(referral.get_absolute_url())
    referral.refresh_from_db()
    context = _detail_context(request, referral, answer_form=form)
    return render(request, "reports/referrals/detail.html", context, status=422)


@login_required
@require_POST
def referral_send_link(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Send the agency a signed link to the referral (the referring office)."""
    referral = _referral(request, referral_id)
    form = ReferralLinkForm(request.POST)
    if form.is_valid():
        try:
            _run(
                services.referral_link_send,
                actor=request.user,
                referral=referral,
                to=form.cleaned_data["to"],
                channel=form.cleaned_data["channel"],
            )
        except ValidationFailed as exc:
            form.add_error(
                "to" if isinstance(exc.details, dict) and "to" in exc.details else None, exc.message
            )
        else:
            messages.success(request, _("A link was sent to %(to)s.") % {"to": referral.link_sent_to})
            return redirect(referral.get_absolute_url())
    elif not services.can_refer(request.user, referral.report):
        raise HttpPermissionDenied
    context = _detail_context(request, referral, link_form=form)
    return render(request, "reports/referrals/detail.html", context, status=422)


@login_required
@require_POST
def referral_revoke(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Withdraw the referral (the referring office); its links stop working."""
    referral = _referral(request, referral_id)
    form = ReferralRevokeForm(request.POST)
    if form.is_valid():
        try:
            _run(
                services.referral_revoke,
                actor=request.user,
                referral=referral,
                reason=form.cleaned_data["reason"],
            )
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The referral was withdrawn."))
            return redirect(referral.get_absolute_url())
    elif not services.can_refer(request.user, referral.report):
        raise HttpPermissionDenied
    referral.refresh_from_db()
    context = _detail_context(request, referral, revoke_form=form)
    return render(request, "reports/referrals/detail.html", context, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, code: str) -> HttpResponse:
    """Refer a report to a partner agency (intelligence staff and the office head of its office)."""
    report = or_404(selectors.referable_report, user=request.user, code=code)
    if not services.can_refer(request.user, report):
        raise HttpPermissionDenied
    agencies = selectors.referral_agencies(user=request.user)
    form = ReferralCreateForm(request.POST or None, agencies=agencies)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                referral = _run(
                    services.referral_create,
                    actor=request.user,
                    report=report,
                    agency_id=data["agency"].pk,
                    reason=data["reason"],
                    shared_fields=data["shared_fields"],
                    consent_recorded=data["consent_recorded"],
                    consent_note=data["consent_note"],
                    override_reason=data["override_reason"],
                    link_to=data["link_to"],
                )
            except ValidationFailed as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, _("The report was referred to %(agency)s.") % {"agency": referral.agency.name}
                )
                return redirect(referral.get_absolute_url())
        status = 422
    return render(request, "reports/referrals/form.html", {"form": form, "report": report}, status=status)


def _link_refused(request: HttpRequest, status: int = 404) -> HttpResponse:
    response = render(request, "reports/referrals/link_invalid.html", status=status)
    return _private(response)


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def referral_link(request: HttpRequest, token: str) -> HttpResponse:
    """The page a partner agency without accounts reaches through its signed link.

    It shows what was shared and lets the agency accept, reject or report the referral
    done. Every use is logged; an expired, altered or superseded link gets the same 404.
    """
    if not rate_hit(f"referral-link:ip:{client_ip(request)}", limit=LINK_USES_PER_HOUR, window=3600):
        return _link_refused(request, status=429)
    ip = client_address(request)
    form = LinkAnswerForm(request.POST if request.method == "POST" else None)
    action = request.POST.get("action", "") if request.method == "POST" else "view"
    try:
        session = services.referral_link_open(
            token=token, client_ip=ip, action=action, name=request.POST.get("name", "")
        )
    except NotFound:
        return _link_refused(request)
    referral, status = session.referral, 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                referral = services.referral_link_answer(
                    session=session,
                    action=data["action"],
                    name=data["name"],
                    reason=data["reason"],
                    feedback=data["feedback"],
                    outcome=data["outcome"],
                )
            except NotFound:
                return _link_refused(request)
            except ValidationFailed as exc:
                form.add_error(None, exc.message)
            else:
                if referral.status in services.OPEN_STATES:
                    return _private(redirect(request.path))
                context = {"referral": referral, "answered": True}
                return _private(render(request, "reports/referrals/link.html", context))
        status = 422
        referral.refresh_from_db()
        if referral.status not in services.OPEN_STATES:
            return _link_refused(request)
    context = {
        "referral": referral,
        "view": selectors.referral_view(referral=referral),
        "form": form,
        "answered": False,
        "accepting": referral.status == ReferralStatus.SENT,
        "completing": referral.status == ReferralStatus.ACCEPTED,
    }
    return _private(render(request, "reports/referrals/link.html", context, status=status))


urls: list[URLPattern] = [
    path("referrals/", referral_list, name="referral_list"),
    path("referrals/<int:referral_id>/", referral_detail, name="referral_detail"),
    path("referrals/<int:referral_id>/answer/", referral_answer, name="referral_answer"),
    path("referrals/<int:referral_id>/link/", referral_send_link, name="referral_send_link"),
    path("referrals/<int:referral_id>/revoke/", referral_revoke, name="referral_revoke"),
    re_path(rf"^{CODE}/referrals/new/$", referral_create, name="referral_create"),
    path("r/<str:token>/", referral_link, name="referral_link"),
]
