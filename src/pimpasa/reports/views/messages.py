"""Pages: the office's message inbox (WhatsApp/SMS)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pimpasa.core.errors import DomainError
from pimpasa.core.http import or_404

from ..forms.errors import add_domain_error
from ..forms.messages import AttachForm, ConvertForm, DismissForm, InboxFilterForm
from ..models import InboundMessage, InboundStatus
from ..selectors import messages as selectors
from ..services import messages as services

PER_PAGE = 50
#: Fields of ``report_submit``'s error details -> fields of the conversion form.
CONVERT_FIELDS = {
    "category_code": "category",
    "region_code": "region",
    "description": "description",
    "occurred_on": "occurred_on",
    "urgency": "urgency",
    "reporter_mode": "reporter_mode",
    "reporter_name": "reporter_name",
}


def _refused(request: HttpRequest, message: InboundMessage, exc: DomainError) -> HttpResponse:
    """Show why an action on a message was refused (e.g. someone handled it meanwhile) on its page."""
    flash.error(request, exc.message)
    return redirect("reports:message_detail", message_id=message.pk)


def _ensure_can_handle(request: HttpRequest) -> None:
    if not services.can_handle_messages(request.user):
        raise PermissionDenied


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """List the office's messages, new ones first, filtered by status and channel."""
    if not services.can_read_inbox(request.user):
        raise PermissionDenied
    form = InboxFilterForm(request.GET or None)
    rows = selectors.inbox_list(user=request.user, filters=form.filters())
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    for message in page:
        message.sender_shown = selectors.sender_shown(user=request.user, message=message)  # type: ignore[attr-defined]
    return render(
        request,
        "reports/messages/inbox.html",
        {"form": form, "page": page, "new_count": selectors.inbox_new_count(user=request.user)},
    )


def _detail_context(request: HttpRequest, message: InboundMessage, **forms: Any) -> dict[str, Any]:
    can_handle = message.status == InboundStatus.NEW and services.can_handle_messages(request.user)
    context: dict[str, Any] = {
        "message": message,
        "sender_shown": selectors.sender_shown(user=request.user, message=message),
        "can_handle": can_handle,
    }
    if can_handle:
        context["attach_form"] = forms.get("attach_form") or AttachForm()
        context["dismiss_form"] = forms.get("dismiss_form") or DismissForm()
    return context


@login_required
@never_cache
@require_GET
def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    message = or_404(selectors.inbox_get, user=request.user, message_id=message_id)
    return render(request, "reports/messages/detail.html", _detail_context(request, message))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def message_convert(request: HttpRequest, message_id: int) -> HttpResponse:
    """Turn a message into a report (form prefilled with its text); the sender gets the tracking code."""
    message = or_404(selectors.inbox_get, user=request.user, message_id=message_id)
    _ensure_can_handle(request)
    if message.status != InboundStatus.NEW:
        return redirect("reports:message_detail", message_id=message.pk)
    form = ConvertForm(request.POST or None, message=message)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.inbound_convert(
                    actor=request.user,
                    message=message,
                    category_code=data["category"].code,
                    region_code=data["region"].code,
                    description=data["description"],
                    occurred_on=data["occurred_on"],
                    urgency=data["urgency"],
                    reporter_mode=data["reporter_mode"],
                    reporter_name=data["reporter_name"],
                )
            except DomainError as exc:
                add_domain_error(form, exc, CONVERT_FIELDS)
            else:
                flash.success(
                    request,
                    _("Report %(code)s was created; the tracking code is sent to the sender.")
                    % {"code": report.tracking_code},
                )
                return redirect(report.get_absolute_url())
        status = 422
    shown = selectors.sender_shown(user=request.user, message=message)
    context = {"message": message, "sender_shown": shown, "form": form}
    return render(request, "reports/messages/convert.html", context, status=status)


@login_required
@require_POST
def message_attach(request: HttpRequest, message_id: int) -> HttpResponse:
    """Attach a message to a report the user can read, by its tracking code."""
    message = or_404(selectors.inbox_get, user=request.user, message_id=message_id)
    _ensure_can_handle(request)
    form = AttachForm(request.POST)
    if form.is_valid():
        try:
            report = services.inbound_attach(
                actor=request.user, message=message, tracking_code=form.cleaned_data["tracking_code"]
            )
        except DomainError as exc:
            if exc.code != "report_not_found":
                return _refused(request, message, exc)
            form.add_error("tracking_code", exc.message)
        else:
            flash.success(
                request, _("The message was attached to %(code)s.") % {"code": report.tracking_code}
            )
            return redirect("reports:message_detail", message_id=message.pk)
    context = _detail_context(request, message, attach_form=form)
    return render(request, "reports/messages/detail.html", context, status=422)


@login_required
@require_POST
def message_dismiss(request: HttpRequest, message_id: int) -> HttpResponse:
    message = or_404(selectors.inbox_get, user=request.user, message_id=message_id)
    _ensure_can_handle(request)
    form = DismissForm(request.POST)
    if form.is_valid():
        try:
            services.inbound_dismiss(actor=request.user, message=message, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            return _refused(request, message, exc)
        else:
            flash.success(request, _("The message was dismissed."))
            return redirect(reverse("reports:inbox"))
    context = _detail_context(request, message, dismiss_form=form)
    return render(request, "reports/messages/detail.html", context, status=422)


urls: list[URLPattern] = [
    path("inbox/", inbox, name="inbox"),
    path("inbox/<int:message_id>/", message_detail, name="message_detail"),
    path("inbox/<int:message_id>/convert/", message_convert, name="message_convert"),
    path("inbox/<int:message_id>/attach/", message_attach, name="message_attach"),
    path("inbox/<int:message_id>/dismiss/", message_dismiss, name="message_dismiss"),
]
