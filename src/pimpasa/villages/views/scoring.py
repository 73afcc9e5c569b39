"""Pages of the vulnerability index: weights and runs, a run's detail, new weights, recompute.

Readers are the staff who work with villages (anyone else gets 404); new weights and
recomputes are for national users (other readers get 403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pimpasa.core.errors import DomainError
from pimpasa.core.http import or_404

from ..filters.scoring import RunFilterForm
from ..forms.scoring import WeightSetForm
from ..models import Band, Indicator, RunStatus, ScoreRun
from ..permissions import can_configure, can_read_villages
from ..selectors import scoring as selectors
from ..services import scoring as services

RUNS_PER_PAGE = 20
#: Seconds between two status checks of a queued or running run.
POLL_SECONDS = 2
PENDING = (RunStatus.QUEUED, RunStatus.RUNNING)


def _ensure_reader(request: HttpRequest) -> None:
    if not can_read_villages(request.user):
        raise Http404(_("Not found."))


def _ensure_configurer(request: HttpRequest) -> None:
    """404 for users who do not read villages at all, 403 for readers who may not change the index."""
    _ensure_reader(request)
    if not can_configure(request.user):
        raise PermissionDenied


@dataclass(frozen=True)
class BandRow:
    key: str
    label: str
    count: int


def band_rows(counts: dict[str, int]) -> list[BandRow]:
    """Return the band counts in band order with their labels, villages without a score last."""
    labels = {**{b.value: str(b.label) for b in Band}, selectors.NO_SCORE: _("No score")}
    return [BandRow(key=k, label=labels[k], count=counts.get(k, 0)) for k in selectors.BAND_KEYS]


@dataclass(frozen=True)
class RunRow:
    run: ScoreRun
    bands: list[BandRow]

    @property
    def seconds(self) -> float | None:
        if self.run.started_at and self.run.finished_at:
            return (self.run.finished_at - self.run.started_at).total_seconds()
        return None

    @property
    def pending(self) -> bool:
        return self.run.status in PENDING


def _run_rows(request: HttpRequest, runs: list[ScoreRun]) -> list[RunRow]:
    counts = selectors.runs_band_counts(user=request.user, runs=runs)
    return [RunRow(run=run, bands=band_rows(counts[run.pk])) for run in runs]


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _ensure_reader(request)
    form = RunFilterForm(request.GET or None)
    runs = selectors.run_list(user=request.user, filters=form.filters())
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    weight_set = selectors.weight_set_current(user=request.user)
    return render(
        request,
        "villages/scoring/index.html",
        {
            "form": form,
            "page": page,
            "rows": _run_rows(request, list(page.object_list)),
            "weight_set": weight_set,
            "weights": selectors.weight_rows(weight_set) if weight_set else [],
            "versions": selectors.weight_set_list(user=request.user)[:10],
            "current_run": selectors.current_run(),
            "can_configure": can_configure(request.user),
            "poll_seconds": POLL_SECONDS,
        },
    )


def _inputs_rows(run: ScoreRun) -> list[dict[str, Any]]:
    inputs = run.inputs if isinstance(run.inputs, dict) else {}
    indicators = inputs.get("indicators") or []
    names = {i.code: i.name for i in Indicator.objects.filter(code__in=[i["code"] for i in indicators])}
    total = sum(float(i["weight"]) for i in indicators) or 1.0
    return [
        {
            "code": i["code"],
            "name": names.get(i["code"], i["code"]),
            "weight": i["weight"],
            "percent": 100 * float(i["weight"]) / total,
            "higher_less": i["direction"] == "higher_less",
        }
        for i in sorted(indicators, key=lambda i: (-float(i["weight"]), i["code"]))
    ]


@login_required
@require_GET
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    _ensure_reader(request)
    run = or_404(selectors.run_get, user=request.user, run_id=run_id)
    bands = band_rows(selectors.band_counts(user=request.user, run=run))
    national = can_configure(request.user)
    changes = selectors.run_changes(user=request.user, run=run) if national else None
    labels = {b.key: b.label for b in bands}
    moves = [
        {"old": m.old, "new": m.new, "old_label": labels[m.old], "new_label": labels[m.new], "count": m.count}
        for m in (changes.moves if changes else [])
    ]
    return render(
        request,
        "villages/scoring/run_detail.html",
        {
            "run": run,
            "row": RunRow(run=run, bands=bands),
            "bands": bands,
            "total": sum(b.count for b in bands),
            "inputs": _inputs_rows(run),
            "changes": changes,
            "moves": moves,
            "can_configure": national,
            "poll_seconds": POLL_SECONDS,
        },
    )


@login_required
@require_GET
def run_status(request: HttpRequest, run_id: int) -> HttpResponse:
    """Return a run's status badge (htmx polling); reload the page once a pending run has finished."""
    _ensure_reader(request)
    run = or_404(selectors.run_get, user=request.user, run_id=run_id)
    row = RunRow(run=run, bands=[])
    response = render(
        request, "villages/scoring/_run_status.html", {"row": row, "poll_seconds": POLL_SECONDS}
    )
    if request.GET.get("pending") and not row.pending:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def run_request(request: HttpRequest) -> HttpResponse:
    _ensure_configurer(request)
    try:
        run = services.score_run_request(actor=request.user, trigger="page")
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("villages:scoring_index")
    messages.success(request, _("Run %(id)s is queued; this page shows when it is done.") % {"id": run.pk})
    return redirect("villages:scoring_run", run_id=run.pk)


@login_required
@require_http_methods(["GET", "POST"])
def weights_edit(request: HttpRequest) -> HttpResponse:
    _ensure_configurer(request)
    current = selectors.weight_set_current(user=request.user)
    indicators = list(Indicator.objects.active().order_by("code"))
    form = WeightSetForm(request.POST or None, indicators=indicators, current=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                weight_set = services.weight_set_create(actor=request.user, **form.service_arguments())
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Weights version %(version)s is saved. Recompute the index to apply it.")
                    % {"version": weight_set.version},
                )
                return redirect("villages:scoring_index")
        status = 422
    return render(
        request, "villages/scoring/weights_form.html", {"form": form, "current": current}, status=status
    )


urls: list[URLPattern] = [
    path("index/", index, name="scoring_index"),
    path("index/weights/new/", weights_edit, name="scoring_weights"),
    path("index/runs/", run_request, name="scoring_run_request"),
    path("index/runs/<int:run_id>/", run_detail, name="scoring_run"),
    path("index/runs/<int:run_id>/status/", run_status, name="scoring_run_status"),
]
