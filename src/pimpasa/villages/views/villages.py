"""Pages: the village list, the candidate list and their exports, the village page and the risk map."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path, re_path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pimpasa.core.http import HtmxHttpRequest, or_404

from .. import exports, permissions
from ..charts import Bar, explanation_svg
from ..filters.villages import DBI_CHOICES, VillageFilterForm
from ..models import Band, DesignationStatus
from ..selectors import villages as selectors

PER_PAGE = 50
#: A village code in a URL: 35.02.01.2001.
VILLAGE_CODE = r"(?P<code>\d{2}\.\d{2}\.\d{2}\.\d{4})"
#: Stand-in code that the map's script replaces with a village or area code.
CODE_PLACEHOLDER = "00.00.00.0000"
EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _office_can_propose(request: HttpRequest) -> bool:
    unit = getattr(request.user, "unit", None)
    return unit is not None and permissions.can_propose(request.user, unit)


def _list_page(request: HtmxHttpRequest, *, candidates: bool) -> HttpResponse:
    form = VillageFilterForm(request.GET or None, candidates=candidates)
    run = selectors.current_run()
    read = selectors.candidate_list if candidates else selectors.village_list
    villages = or_404(read, user=request.user, filters=form.filters(), run=run)
    page = Paginator(villages, PER_PAGE).get_page(request.GET.get("page"))
    filters_query = request.GET.copy()
    filters_query.pop("page", None)
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "rows": selectors.village_rows(page, run=run, start=max(page.start_index() - 1, 0)),
        "run": run,
        "candidates": candidates,
        "can_propose": candidates and _office_can_propose(request),
        # The exports take the filters, not the page.
        "query": filters_query.urlencode(),
    }
    template = "villages/villages/candidates.html" if candidates else "villages/villages/list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@login_required
@require_GET
def village_list(request: HtmxHttpRequest) -> HttpResponse:
    """List the villages in the user's scope, ranked by score, with filters."""
    return _list_page(request, candidates=False)


@login_required
@require_GET
def candidate_list(request: HtmxHttpRequest) -> HttpResponse:
    """List the villages of the work area that are not DBI yet, ranked by score."""
    return _list_page(request, candidates=True)


def _export(request: HttpRequest, fmt: str, *, candidates: bool) -> HttpResponseBase:
    if fmt not in EXPORT_TYPES:
        raise Http404
    form = VillageFilterForm(request.GET or None, candidates=candidates)
    read = selectors.candidate_list if candidates else selectors.village_list
    run = selectors.current_run()
    villages = or_404(read, user=request.user, filters=form.filters(), run=run)
    rows = selectors.iter_village_rows(villages, run=run, chunk=exports.CHUNK)
    stem = _("candidates") if candidates else _("villages")
    filename = f"{stem}-{timezone.localdate():%Y%m%d}.{fmt}"
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_lines(rows), content_type=EXPORT_TYPES[fmt])
    else:
        title = _("Candidate villages") if candidates else _("Villages")
        response = HttpResponse(exports.xlsx_bytes(rows, title=title), content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def village_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Download the village list (same filters and order) as CSV or XLSX."""
    return _export(request, fmt, candidates=False)


@login_required
@require_GET
def candidate_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """Download the candidate list (same filters and order) as CSV or XLSX."""
    return _export(request, fmt, candidates=True)


def _chart(detail: selectors.VillageDetail) -> str:
    bars = [
        Bar(
            label=f"{item.name}: {item.value:g}" if item.value is not None else item.name,
            contribution=item.contribution,
        )
        for item in detail.explanation
    ]
    return explanation_svg(
        bars,
        score=detail.score,
        title=_("How the score of %(village)s adds up") % {"village": detail.village.name},
        total_label=_("Score"),
    )


@login_required
@require_GET
def village_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Show a village: hierarchy, indicator values, score and its explanation, history, DBI, PIMPASA."""
    detail = or_404(selectors.village_detail, user=request.user, code=code)
    context = {
        "detail": detail,
        "village": detail.village,
        # Built from escaped text and numbers only (charts.explanation_svg escapes every label).
        "chart": mark_safe(_chart(detail)) if detail.explanation else "",  # noqa: S308
        "contribution_total": sum(item.contribution for item in detail.explanation),
        # The designations panel's context.
        "designation": detail.designation,
        "timeline": detail.timeline,
        "can_propose": detail.can_propose,
    }
    return render(request, "villages/villages/detail.html", context)


def map_config(request: HttpRequest) -> dict[str, Any]:
    """Return what the map's script needs: endpoints, tile URL, default level and its labels."""
    scope_level = selectors.default_map_level(user=request.user)
    return {
        "api": reverse("api:villages_map"),
        "listUrl": reverse("villages:list"),
        "detailUrl": reverse("villages:detail", args=[CODE_PLACEHOLDER]),
        "placeholder": CODE_PLACEHOLDER,
        "tileUrl": getattr(settings, "PIMPASA_MAP_TILE_URL", ""),
        "tileAttribution": getattr(settings, "PIMPASA_MAP_TILE_ATTRIBUTION", ""),
        "level": scope_level,
        "areaScope": scope_level == selectors.LEVEL_DISTRICT,
        "bands": {b.value: str(b.label) for b in Band},
        "statuses": {s.value: str(s.label) for s in DesignationStatus},
        "labels": {
            "villages": _("villages"),
            "scored": _("scored"),
            "highest": _("Highest score"),
            "mean": _("Mean score"),
            "noScore": _("No score"),
            "dbi": _("DBI villages"),
            "openList": _("Open the village list"),
            "openVillage": _("Open the village page"),
            "approximate": _("Shown at its kecamatan (no village coordinates)."),
            "loading": _("Loading…"),
            "failed": _("The map data could not be loaded."),
            "summary": _("%(points)s areas, %(dbi)s DBI villages shown."),
            "missing": _("%(missing)s areas have no coordinates and are not shown."),
        },
    }


@login_required
@require_GET
def village_map(request: HttpRequest) -> HttpResponse:
    """Show the risk map of the user's scope (the points come from ``GET /api/v1/villages/map``)."""
    if not permissions.can_read_villages(request.user):
        raise Http404
    run = selectors.current_run()
    cuts = list(run.weight_set.band_cuts) if run is not None else []
    return render(
        request,
        "villages/map.html",
        {
            "config": map_config(request),
            "legend": selectors.band_ranges(cuts),
            "run": run,
            "bands": Band.choices,
            "dbi_choices": DBI_CHOICES,
        },
    )


urls: list[URLPattern] = [
    path("", village_list, name="list"),
    path("export.<str:fmt>", village_export, name="export"),
    path("candidates/", candidate_list, name="candidates"),
    path("candidates/export.<str:fmt>", candidate_export, name="candidates_export"),
    path("map/", village_map, name="map"),
    re_path(rf"^{VILLAGE_CODE}/$", village_detail, name="detail"),
]
