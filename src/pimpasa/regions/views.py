"""Region browser pages (provinsi → kabupaten/kota → kecamatan → desa) and the picker's options."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pimpasa.core.http import HtmxHttpRequest, or_404
from pimpasa.core.scoping import REGION_CODE_RE

from . import selectors
from .models import Level

PER_PAGE = 50
_FIELD_NAME = re.compile(r"[\w-]{1,100}")
#: Codes a picker may be limited to: enough for any unit's work area.
MAX_WITHIN = 100


def _search(request: HttpRequest, within: str | None = None) -> dict[str, object]:
    q = " ".join(request.GET.get("q", "").split())[:100]
    if not q:
        return {"q": ""}
    regions = selectors.region_list(user=request.user, q=q, within=within).select_related("parent__parent")
    return {"q": q, "page": Paginator(regions, PER_PAGE).get_page(request.GET.get("page"))}


@login_required
@require_GET
def browse(request: HtmxHttpRequest) -> HttpResponse:
    """List the provinces with their counts, or the regions whose name matches ``q``."""
    context = _search(request)
    if not context["q"]:
        provinces = selectors.province_list(user=request.user)
        context["provinces"] = provinces
        context["totals"] = selectors.DescendantCounts(
            regencies=sum(p.counts.regencies for p in provinces),
            districts=sum(p.counts.districts for p in provinces),
            villages=sum(p.counts.villages for p in provinces),
        )
    template = "regions/browse.html#results" if request.htmx else "regions/browse.html"
    return render(request, template, context)


@login_required
@require_GET
def detail(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Show a region, its parent chain, its children with their counts, and search inside it."""
    region_detail = or_404(selectors.region_detail, user=request.user, code=code)
    region = region_detail.region
    levels = [Level(n) for n in range(region.level + 1, Level.VILLAGE + 1)]
    context = {
        "detail": region_detail,
        "region": region,
        "child_level": region.level + 1,
        "child_label": selectors.LEVEL_LABELS[levels[0]] if levels else "",
        # One column per level below the region: totals for the region, counts per child below.
        "columns": [
            {"label": selectors.LEVEL_LABELS[n], "total": region_detail.counts.at_level(n)} for n in levels
        ],
        "rows": [(c.region, [c.counts.at_level(n) for n in levels[1:]]) for c in region_detail.children],
        **_search(request, within=code),
    }
    template = "regions/detail.html#results" if request.htmx else "regions/detail.html"
    return render(request, template, context)


@login_required
@require_GET
def picker_options(request: HttpRequest) -> HttpResponse:
    """Render the selects of a region picker (``regions.forms.RegionPickerField``) for a chosen code."""
    name = request.GET.get("name", "")
    element_id = request.GET.get("id", "")
    within = [c for c in request.GET.get("within", "").split(",") if c]
    try:
        level = Level(int(request.GET.get("level", Level.VILLAGE)))
    except ValueError:
        return HttpResponseBadRequest()
    if (
        not _FIELD_NAME.fullmatch(name)
        or (element_id and not _FIELD_NAME.fullmatch(element_id))
        or len(within) > MAX_WITHIN
        or not all(REGION_CODE_RE.fullmatch(c) for c in within)
    ):
        return HttpResponseBadRequest()
    # A select sends its own value as "<name>__pick"; the first load sends "value".
    value = request.GET.get(f"{name}__pick", request.GET.get("value", "")).strip()
    if value and not REGION_CODE_RE.fullmatch(value):
        value = ""
    steps, chosen = selectors.region_picker_steps(user=request.user, value=value, level=level, within=within)
    base = request.GET.copy()
    for key in ("value", f"{name}__pick"):
        base.pop(key, None)
    return render(
        request,
        "regions/picker_options.html",
        {
            "name": name,
            "element_id": element_id or f"id_{name}",
            "steps": steps,
            "chosen": chosen,
            "url": f"{request.path}?{base.urlencode()}",
        },
    )
