"""API: the vulnerability index's weights (versions) and score runs.

Only staff who work with villages reach these (404 for anyone else); creating a
weight set and requesting a recompute are for national users (403 for other readers).
"""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from ..models import ScoreRun, WeightSet
from ..permissions import ensure_can_read_villages
from ..schemas.scoring import (
    ErrorOut,
    RunDetailOut,
    RunOut,
    RunQuery,
    WeightSetIn,
    WeightSetOut,
    WeightsOut,
)
from ..selectors import scoring as selectors
from ..services import scoring as services

router = Router(tags=["villages"])

_READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _weight_set_out(weight_set: WeightSet) -> dict[str, Any]:
    return {
        "version": weight_set.version,
        "note": weight_set.note,
        "comparison": weight_set.comparison,
        "band_cuts": list(weight_set.band_cuts),
        "created_by": weight_set.created_by.get_username() if weight_set.created_by else None,
        "created_at": weight_set.created_at,
        "weights": [
            {
                "indicator": row.indicator.code,
                "name": row.indicator.name,
                "direction": row.indicator.direction,
                "weight": row.weight,
                "share": round(row.share, 6),
            }
            for row in selectors.weight_rows(weight_set)
        ],
    }


def _run_out(run: ScoreRun, bands: dict[str, int]) -> dict[str, Any]:
    seconds = None
    if run.started_at and run.finished_at:
        seconds = round((run.finished_at - run.started_at).total_seconds(), 3)
    return {
        "id": run.pk,
        "weight_set": run.weight_set.version,
        "comparison": run.comparison,
        "status": run.status,
        "trigger": run.trigger,
        "requested_by": run.requested_by_label,
        "requested_at": run.requested_at,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "seconds": seconds,
        "villages": run.villages,
        "bands": bands,
        "error": run.error,
    }


def _run_detail(request: HttpRequest, run: ScoreRun) -> dict[str, Any]:
    out = _run_out(run, selectors.band_counts(user=request.user, run=run))
    changes = selectors.run_changes(user=request.user, run=run)
    out["inputs"] = run.inputs or {}
    out["changes"] = (
        {
            "previous_run": changes.previous.pk,
            "compared": changes.compared,
            "changed": changes.changed,
            "up": changes.up,
            "down": changes.down,
            "mean_change": changes.mean_change,
            "moves": [{"old": m.old, "new": m.new, "count": m.count} for m in changes.moves],
        }
        if changes is not None
        else None
    )
    return out


@router.get(
    "/index/weights",
    response={200: WeightsOut, **_READ_ERRORS},
    summary="The index's weights: the current version and every version",
)
def weights_get(request: HttpRequest) -> Any:
    versions = [_weight_set_out(ws) for ws in selectors.weight_set_list(user=request.user)]
    return {"current": versions[0] if versions else None, "versions": versions}


@router.post(
    "/index/weights",
    response={201: WeightSetOut, **_WRITE_ERRORS},
    summary="Create the next version of the weights (national users)",
    description="Weights are never edited: the new version applies to the next run. Problems answer 422 "
    "with `details` naming `weights`, `band_cuts` or `comparison`.",
)
def weights_create(request: HttpRequest, body: WeightSetIn) -> Any:
    ensure_can_read_villages(request.user)
    weight_set = services.weight_set_create(
        actor=request.user,
        weights=body.weights,
        comparison=body.comparison,
        band_cuts=body.band_cuts,
        note=body.note,
    )
    return Status(201, _weight_set_out(selectors.weight_set_list(user=request.user).get(pk=weight_set.pk)))


@router.get("/index/runs", response={200: list[RunOut], **_READ_ERRORS}, summary="Score runs, newest first")
@paginate(LimitOffsetPagination)
def run_list(request: HttpRequest, filters: Query[RunQuery]) -> Any:
    runs = selectors.run_list(user=request.user, filters=filters.filters())
    return _RunPage(request, runs)


class _RunPage:
    """A lazily sliced run list whose page is turned into dicts with one band-count query."""

    def __init__(self, request: HttpRequest, runs: Any):
        self.request = request
        self.runs = runs

    def __len__(self) -> int:
        return self.runs.count()

    def count(self) -> int:
        return self.runs.count()

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        runs = list(self.runs[page])
        counts = selectors.runs_band_counts(user=self.request.user, runs=runs)
        return [_run_out(run, counts[run.pk]) for run in runs]


@router.get(
    "/index/runs/{run_id}",
    response={200: RunDetailOut, **_READ_ERRORS},
    summary="A score run: inputs, villages per band, and what changed since the run before",
)
def run_detail(request: HttpRequest, run_id: int) -> Any:
    return _run_detail(request, selectors.run_get(user=request.user, run_id=run_id))


@router.post(
    "/index/runs",
    response={202: RunOut, **_WRITE_ERRORS},
    summary="Recompute every village's score with the current weights (national users)",
    description="Queues the job and answers 202 with the run; poll `GET /index/runs/{id}` until `done`. "
    "While a run of the same weights waits in the queue, that run is answered.",
)
def run_request(request: HttpRequest) -> Any:
    ensure_can_read_villages(request.user)
    run = services.score_run_request(actor=request.user, trigger="api")
    run = selectors.run_get(user=request.user, run_id=run.pk)
    return Status(202, _run_out(run, selectors.band_counts(user=request.user, run=run)))
