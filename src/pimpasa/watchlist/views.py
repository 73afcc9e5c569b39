"""Pages of the watchlist: list, check a name, detail (with the full NIK on request), forms, import, settings.

Users without an intelligence role get 404 on every page, as if the watchlist
did not exist. Readers who may not make a change get 403 on its form.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pimpasa.core.errors import DomainError
from pimpasa.core.http import HtmxHttpRequest, or_404

from . import permissions, selectors, services
from .filters import WatchlistFilterForm
from .forms import CheckForm, EntryForm, ImportForm, SettingsForm, StatusForm, initial_of
from .models import Status, WatchlistEntry

PER_PAGE = 50


def reader_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in required; then 404 for anyone without an intelligence role."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not permissions.can_read(request.user):
            raise Http404(_("Not found."))
        return view(request, *args, **kwargs)

    return wrapped


@reader_required
@require_GET
def entry_list(request: HtmxHttpRequest) -> HttpResponse:
    form = WatchlistFilterForm(request.GET or None)
    entries = selectors.entry_list(user=request.user, filters=form.filters())
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_create": permissions.can_create_any(request.user),
        "can_import": permissions.can_import(request.user),
        "can_configure": permissions.can_configure(request.user),
    }
    template = "watchlist/list.html#results" if request.htmx else "watchlist/list.html"
    return render(request, template, context)


@reader_required
@require_GET
def check(request: HtmxHttpRequest) -> HttpResponse:
    """Score a name (and birth date, NIK, phone) against the watchlist and show the candidates."""
    form = CheckForm(request.GET or None)
    matches = None
    if form.is_valid():
        matches = selectors.watchlist_search(user=request.user, query=form.person(), limit=20)
    context = {"form": form, "matches": matches, "threshold": selectors.match_threshold()}
    template = "watchlist/check.html#results" if request.htmx else "watchlist/check.html"
    return render(request, template, context)


def _detail_context(request: HttpRequest, entry: WatchlistEntry, **extra: Any) -> dict[str, Any]:
    return {
        "entry": entry,
        "masked_nik": services.mask_nik(entry.nik),
        "masked_phones": [services.mask_phone(p) for p in entry.phones],
        "can_change": permissions.can_change(request.user, entry),
        "status_form": StatusForm(),
        "full_nik": None,
        **extra,
    }


@reader_required
@require_GET
def entry_detail(request: HttpRequest, ref: str) -> HttpResponse:
    entry = or_404(selectors.entry_get, user=request.user, ref=ref)
    return render(request, "watchlist/detail.html", _detail_context(request, entry))


@reader_required
@require_POST
def entry_nik(request: HtmxHttpRequest, ref: str) -> HttpResponse:
    """Show the whole NIK (and record that it was read)."""
    entry = or_404(selectors.entry_get, user=request.user, ref=ref)
    full_nik = services.entry_nik_reveal(actor=request.user, entry=entry)
    context = _detail_context(request, entry, full_nik=full_nik)
    template = "watchlist/detail.html#nik" if request.htmx else "watchlist/detail.html"
    return render(request, template, context)


@reader_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_any(request.user):
        raise PermissionDenied
    national = permissions.is_national(request.user)
    form = EntryForm(request.POST or None, national=national)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            values = form.values()
            try:
                entry = services.entry_create(actor=request.user, **values)
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The entry was added to the watchlist."))
                return redirect(entry.get_absolute_url())
        status = 422
    return render(request, "watchlist/form.html", {"form": form, "entry": None}, status=status)


def _form_errors(form: Any, exc: DomainError) -> None:
    details = exc.details if isinstance(exc.details, dict) else {}
    placed = False
    for field, reasons in details.items():
        if field in form.fields:
            for reason in reasons if isinstance(reasons, list) else [reasons]:
                form.add_error(field, str(reason))
                placed = True
    if not placed:
        form.add_error(None, exc.message)


@reader_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, ref: str) -> HttpResponse:
    entry = or_404(selectors.entry_get, user=request.user, ref=ref)
    if not permissions.can_change(request.user, entry):
        raise PermissionDenied
    national = permissions.is_national(request.user)
    form = EntryForm(request.POST or None, initial=initial_of(entry), editing=True, national=national)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.entry_update(
                    actor=request.user, entry=entry, note=form.cleaned_data.get("note", ""), **form.values()
                )
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The entry was saved."))
                return redirect(entry.get_absolute_url())
        status = 422
    return render(request, "watchlist/form.html", {"form": form, "entry": entry}, status=status)


@reader_required
@require_POST
def entry_status(request: HttpRequest, ref: str) -> HttpResponse:
    entry = or_404(selectors.entry_get, user=request.user, ref=ref)
    if not permissions.can_change(request.user, entry):
        raise PermissionDenied
    form = StatusForm(request.POST)
    target = Status.INACTIVE if entry.status == Status.ACTIVE else Status.ACTIVE
    if form.is_valid():
        try:
            services.entry_set_status(
                actor=request.user, entry=entry, status=target, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if target == Status.ACTIVE:
                messages.success(request, _("The entry is on the watchlist again."))
            else:
                messages.success(request, _("The entry was taken off the watchlist."))
            return redirect(entry.get_absolute_url())
    context = _detail_context(request, entry, status_form=form)
    return render(request, "watchlist/detail.html", context, status=422)


@reader_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    """Upload a watchlist CSV file: the same rules as ``pimpasa watchlist import``."""
    if not permissions.can_import(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    rejected = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.watchlist_import(
                    actor=request.user, data=upload.read(), file_name=upload.name
                )
            except services.WatchlistFileRejected as exc:
                rejected = exc
            else:
                messages.success(
                    request,
                    _("%(name)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                    % {
                        "name": upload.name,
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                )
                return redirect("watchlist:list")
        status = 422
    return render(request, "watchlist/import.html", {"form": form, "rejected": rejected}, status=status)


@reader_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    """Show the match threshold; national staff change it."""
    can_configure = permissions.can_configure(request.user)
    current = selectors.watchlist_settings()
    form = SettingsForm(request.POST or None, initial={"match_threshold": current.match_threshold})
    status = 200
    if request.method == "POST":
        if not can_configure:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.settings_update(
                    actor=request.user,
                    match_threshold=form.cleaned_data["match_threshold"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The watchlist settings were saved."))
                return redirect("watchlist:settings")
        status = 422
    context = {"form": form, "current": current, "can_configure": can_configure}
    return render(request, "watchlist/settings.html", context, status=status)
