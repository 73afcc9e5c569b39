"""Pages: indicator definitions (list, detail, create, edit) and imports of their values (list, upload).

Readers are the staff who work with villages (anyone else gets 404); creating,
editing and uploading are for national users (other readers get 403).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pimpasa.core.errors import DomainError, ValidationFailed
from pimpasa.core.http import or_404

from ..filters.indicators import IndicatorFilterForm, ValueFilterForm
from ..forms.indicators import IndicatorForm, IndicatorImportForm
from ..models import IndicatorValue
from ..permissions import can_configure, can_read_villages
from ..selectors import indicators as selectors
from ..services import indicators as services

PER_PAGE = 50
#: How many problems of a rejected file the upload page lists.
SHOWN_PROBLEMS = 200
#: How many past imports the upload page lists.
RECENT_IMPORTS = 10


def _ensure_reader(request: HttpRequest) -> None:
    if not can_read_villages(request.user):
        raise Http404(_("Not found."))


def _ensure_configurer(request: HttpRequest) -> None:
    """404 for users who do not read villages at all, 403 for readers who may not change them."""
    _ensure_reader(request)
    if not can_configure(request.user):
        raise PermissionDenied


def _form_errors(form: Any, exc: DomainError) -> None:
    """Put a service's field problems on the form's fields, and its message on top."""
    details = exc.details if isinstance(exc, ValidationFailed) and isinstance(exc.details, dict) else {}
    placed = False
    for name, problems in details.items():
        if name in form.fields and not form.fields[name].disabled:
            for problem in problems if isinstance(problems, list) else [problems]:
                form.add_error(name, str(problem))
            placed = True
    if not placed or exc.code != "validation_failed":
        form.add_error(None, exc.message)


@login_required
@require_GET
def indicator_list(request: HttpRequest) -> HttpResponse:
    _ensure_reader(request)
    form = IndicatorFilterForm(request.GET or None)
    indicators = selectors.indicator_list(user=request.user, filters=form.filters())
    return render(
        request,
        "villages/indicators/list.html",
        {"form": form, "indicators": indicators, "can_configure": can_configure(request.user)},
    )


@login_required
@require_GET
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    _ensure_reader(request)
    indicator = or_404(selectors.indicator_get, user=request.user, code=code)
    form = ValueFilterForm(request.GET or None)
    values = selectors.indicator_values_for_region(
        user=request.user, indicator=indicator, filters=form.filters()
    )
    page = Paginator(values, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "villages/indicators/detail.html",
        {
            "indicator": indicator,
            "summary": selectors.indicator_summary(user=request.user, indicator=indicator),
            "form": form,
            "page": page,
            "can_configure": can_configure(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest) -> HttpResponse:
    _ensure_configurer(request)
    form = IndicatorForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                indicator = services.indicator_create(actor=request.user, **form.service_arguments())
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The indicator was added."))
                return redirect("villages:indicator_detail", code=indicator.code)
        status = 422
    return render(request, "villages/indicators/form.html", {"form": form, "indicator": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, code: str) -> HttpResponse:
    _ensure_configurer(request)
    indicator = or_404(selectors.indicator_get, user=request.user, code=code)
    locked = IndicatorValue.objects.filter(indicator=indicator).exists()
    form = IndicatorForm(request.POST or None, indicator=indicator, locked=locked)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                indicator = services.indicator_update(
                    actor=request.user,
                    indicator=indicator,
                    reason=form.cleaned_data.get("reason", ""),
                    **form.service_arguments(),
                )
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The indicator was saved."))
                return redirect("villages:indicator_detail", code=indicator.code)
        status = 422
    return render(
        request, "villages/indicators/form.html", {"form": form, "indicator": indicator}, status=status
    )


def _imports_context(request: HttpRequest) -> dict[str, Any]:
    batches = selectors.import_batch_list(user=request.user)
    return {
        "page": Paginator(batches, PER_PAGE).get_page(request.GET.get("page")),
        "can_configure": can_configure(request.user),
    }


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    _ensure_reader(request)
    return render(request, "villages/indicators/imports.html", _imports_context(request))


@login_required
@require_GET
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    _ensure_reader(request)
    detail = or_404(selectors.import_batch_detail, user=request.user, batch_id=batch_id)
    return render(request, "villages/indicators/import_detail.html", {"detail": detail})


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    _ensure_configurer(request)
    form = IndicatorImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {
        "form": form,
        "page": list(selectors.import_batch_list(user=request.user)[:RECENT_IMPORTS]),
    }
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.indicator_file_import(
                    actor=request.user,
                    stream=upload.file,
                    file_name=upload.name,
                    source=form.cleaned_data["source"],
                    period=form.cleaned_data["period"],
                )
            except services.IndicatorFileRejected as exc:
                context.update(
                    rejected=exc.message,
                    problems=exc.errors[:SHOWN_PROBLEMS],
                    problem_count=len(exc.errors),
                    hidden=max(0, len(exc.errors) - SHOWN_PROBLEMS),
                )
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                assert result.batch is not None
                messages.success(
                    request,
                    _(
                        "The file was imported: %(values)d values, %(created)d created, %(updated)d updated, "
                        "%(unchanged)d unchanged."
                    )
                    % {
                        "values": result.values,
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                )
                return redirect("villages:indicator_import_detail", batch_id=result.batch.pk)
        status = 422
    return render(request, "villages/indicators/import_form.html", context, status=status)


urls: list[URLPattern] = [
    path("indicators/", indicator_list, name="indicator_list"),
    path("indicators/new/", indicator_create, name="indicator_create"),
    path("indicators/imports/", import_list, name="indicator_imports"),
    path("indicators/imports/new/", import_upload, name="indicator_import_upload"),
    path("indicators/imports/<int:batch_id>/", import_detail, name="indicator_import_detail"),
    path("indicators/<slug:code>/", indicator_detail, name="indicator_detail"),
    path("indicators/<slug:code>/edit/", indicator_edit, name="indicator_edit"),
]
