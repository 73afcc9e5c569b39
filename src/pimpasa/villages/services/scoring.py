"""Writes of the vulnerability index: weight set versions (national users) and score runs.

Weight sets are never edited: a change is a new version. A run is requested (queued, with
its Procrastinate job deferred in the same transaction) or computed at once by the command;
executing it marks it running, computes every village's score in one statement
(``villages.engine``) and marks it done, or failed with the error. Every step is on the timeline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pimpasa.core.audit import event_record
from pimpasa.core.errors import NotFound, ValidationFailed

from .. import engine, permissions, scoring
from ..models import Comparison, Indicator, RunStatus, ScoreRun, Weight, WeightSet

#: Run states and where each may go. A failed run may be tried again; a run found "running"
#: is one whose worker stopped mid-way (its writes were rolled back), so it may start again.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    RunStatus.QUEUED: frozenset({RunStatus.RUNNING}),
    RunStatus.RUNNING: frozenset({RunStatus.RUNNING, RunStatus.DONE, RunStatus.FAILED}),
    RunStatus.FAILED: frozenset({RunStatus.RUNNING}),
    RunStatus.DONE: frozenset(),
}

#: Ways a run is started; recorded on the run.
TRIGGERS = ("page", "api", "cli", "job", "demo")

_WEIGHT_SET_LOCK = "villages.weight_set_create"


def _actor_user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _actor_label(actor: Any) -> str:
    user = _actor_user(actor)
    return user.get_username()[:150] if user is not None else "system"


def _move(run: ScoreRun, status: str) -> None:
    if status not in ALLOWED_TRANSITIONS[run.status]:
        raise ValidationFailed(
            _("A run that is “%(current)s” cannot become “%(requested)s”.")
            % {"current": RunStatus(run.status).label, "requested": RunStatus(status).label},
            code="invalid_transition",
            details={"status": run.status, "requested": status},
        )
    run.status = status


# --- Weight sets ---------------------------------------------------------------------------------


def _weights_of(weight_set: WeightSet | None) -> dict[str, float]:
    if weight_set is None:
        return {}
    return {w.indicator.code: w.weight for w in weight_set.weights.select_related("indicator")}


def _snapshot(weight_set: WeightSet | None) -> dict[str, Any] | None:
    if weight_set is None:
        return None
    return {
        "version": weight_set.version,
        "comparison": weight_set.comparison,
        "band_cuts": list(weight_set.band_cuts),
        "weights": _weights_of(weight_set),
    }


_PROBLEM_MESSAGES = {
    "negative_weight": lambda: _("Weights must be numbers of zero or more."),
    "no_positive_weight": lambda: _("At least one weight must be above zero."),
    "invalid_band_cuts": lambda: _(
        "Band cut points must be three numbers between 0 and 100, each higher than the one before."
    ),
    "invalid_comparison": lambda: _("Choose national or provincial comparison."),
}


def _check_weight_set(
    *, weights: Mapping[str, float], comparison: str, band_cuts: Sequence[float], known: list[str]
) -> None:
    problems = scoring.weight_problems(weights, known_codes=known, band_cuts=band_cuts, comparison=comparison)
    if not problems:
        return
    details: dict[str, list[str]] = {}
    for field, problem in problems.items():
        if problem == "unknown_indicator":
            unknown = ", ".join(sorted(set(weights) - set(known)))
            message = _("Unknown or inactive indicators: %(codes)s") % {"codes": unknown}
        else:
            message = str(_PROBLEM_MESSAGES[problem]())
        details[field] = [message]
    raise ValidationFailed(" ".join(m for messages in details.values() for m in messages), details=details)


def weight_set_create(
    *,
    actor: Any,
    weights: Mapping[str, float],
    comparison: str = Comparison.NATIONAL,
    band_cuts: Sequence[float] = (25.0, 50.0, 75.0),
    note: str = "",
) -> WeightSet:
    """Create the next version of the index's weights (national users).

    ``weights`` maps active indicator codes to weights ≥ 0 (at least one above 0); indicators
    left out weigh nothing. ``band_cuts`` are the three scores where medium, high and very
    high begin. The previous version stays as it was, with the runs that used it.
    """
    permissions.ensure_can_configure(actor)
    weights = {str(code): float(w) for code, w in weights.items()}
    cuts = [float(c) for c in band_cuts]
    _check_weight_set(weights=weights, comparison=comparison, band_cuts=cuts, known=engine.indicator_codes())
    with transaction.atomic():
        with connection.cursor() as cursor:  # one new version at a time
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [_WEIGHT_SET_LOCK])
        previous = WeightSet.objects.current()
        weight_set = WeightSet.objects.create(
            version=(previous.version + 1) if previous else 1,
            note=note.strip(),
            comparison=comparison,
            band_cuts=cuts,
            created_by=_actor_user(actor),
        )
        indicators = {i.code: i for i in Indicator.objects.filter(code__in=weights)}
        Weight.objects.bulk_create(
            [
                Weight(weight_set=weight_set, indicator=indicators[code], weight=weight)
                for code, weight in sorted(weights.items())
            ]
        )
        event_record(
            actor=actor,
            event_type="weight_set.created",
            target=weight_set,
            data={"old": _snapshot(previous), "new": _snapshot(weight_set)},
            reason=weight_set.note,
        )
    return weight_set


# --- Runs ------------------------------------------------------------------------------------------


def _run_create(*, actor: Any, trigger: str) -> ScoreRun:
    weight_set = WeightSet.objects.select_for_update().order_by("-version").first()
    if weight_set is None:
        raise ValidationFailed(_("There are no weights to compute the index with."), code="no_weight_set")
    run = ScoreRun.objects.create(
        weight_set=weight_set,
        comparison=weight_set.comparison,
        status=RunStatus.QUEUED,
        trigger=trigger[:20],
        requested_by=_actor_user(actor),
        requested_by_label=_actor_label(actor),
    )
    event_record(
        actor=actor,
        event_type="score_run.requested",
        target=run,
        data={"new": {"status": run.status, "weight_set": weight_set.version, "trigger": trigger}},
    )
    return run


def score_run_request(*, actor: Any, trigger: str) -> ScoreRun:
    """Queue a recompute of every village's score with the current weights (national users).

    The job is deferred in the same transaction. While a run of the same weights still
    waits in the queue, that run is returned instead of a second one: it reads the values
    when it starts.
    """
    from ..tasks import compute_scores

    permissions.ensure_can_configure(actor)
    with transaction.atomic():
        current = WeightSet.objects.select_for_update().order_by("-version").first()
        waiting = (
            ScoreRun.objects.filter(status=RunStatus.QUEUED, weight_set=current).order_by("-pk").first()
            if current is not None
            else None
        )
        if waiting is not None:
            return waiting
        run = _run_create(actor=actor, trigger=trigger)
        compute_scores.defer(run_id=run.pk)
    return run


def _start(run_id: int) -> ScoreRun | None:
    """Mark the run running (committed, so pages show it); return None when it is already done."""
    with transaction.atomic():
        run = ScoreRun.objects.select_for_update().select_related("weight_set").filter(pk=run_id).first()
        if run is None:
            raise NotFound(_("No such score run."))
        if run.status == RunStatus.DONE:
            return None
        _move(run, RunStatus.RUNNING)
        run.started_at = timezone.now()
        run.finished_at = None
        run.error = ""
        # What the computation uses, read now: a queued run computes with the indicators
        # (active, direction) of the moment it starts.
        run.inputs = engine.inputs_for(run.weight_set)
        run.save(update_fields=["status", "started_at", "finished_at", "error", "inputs"])
    return run


def _finish(run_id: int) -> ScoreRun:
    with transaction.atomic():
        run = ScoreRun.objects.select_for_update().get(pk=run_id)
        if run.status == RunStatus.DONE:  # a second worker got here first
            return run
        result = engine.compute(run_id=run.pk, inputs=run.inputs)
        _move(run, RunStatus.DONE)
        run.finished_at = timezone.now()
        run.villages = result.villages
        run.inputs = {
            **run.inputs,
            "summary": {"scored": result.scored, "bands": result.bands, "seconds": round(result.seconds, 3)},
        }
        run.save(update_fields=["status", "finished_at", "villages", "inputs"])
        event_record(
            actor=permissions.SYSTEM,
            event_type="score_run.done",
            target=run,
            data={"new": {"status": run.status, "villages": result.villages, "bands": result.bands}},
        )
    return run


def _fail(run_id: int, error: Exception) -> None:
    with transaction.atomic():
        run = ScoreRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.RUNNING:
            return
        _move(run, RunStatus.FAILED)
        run.finished_at = timezone.now()
        run.error = f"{type(error).__name__}: {error}"[:2000]
        run.save(update_fields=["status", "finished_at", "error"])
        event_record(
            actor=permissions.SYSTEM,
            event_type="score_run.failed",
            target=run,
            data={"new": {"status": run.status, "error": run.error}},
        )


def score_run_execute(*, run_id: int) -> ScoreRun:
    """Compute run ``run_id``: running, then done with its counts, or failed with the error.

    Idempotent: a run already done is returned as it is. The scores and the "done" state
    are written in one transaction, so a run is never done with half its villages. A
    failure is recorded on the run and raised again (the job shows as failed too).
    """
    started = _start(run_id)
    if started is None:
        return ScoreRun.objects.select_related("weight_set").get(pk=run_id)
    try:
        return _finish(run_id)
    except Exception as exc:
        _fail(run_id, exc)
        raise


def score_run_now(*, actor: Any, trigger: str = "cli") -> ScoreRun:
    """Compute every village's score now with the current weights (the command; national or system)."""
    permissions.ensure_can_configure(actor)
    with transaction.atomic():
        run = _run_create(actor=actor, trigger=trigger)
    return score_run_execute(run_id=run.pk)
