"""Home page, health check and audit page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .filters import TimelineFilterForm
from .http import or_404

AUDIT_PER_PAGE = 50


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """Show the audit trail the user may read (404 for users without an audit role)."""
    form = TimelineFilterForm(request.GET or None)
    events = or_404(selectors.timeline_list, user=request.user, filters=form.filters())
    page = Paginator(events, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.event_rows(list(page.object_list))
    return render(request, "core/audit_list.html", {"form": form, "page": page, "rows": rows})
