"""Reads of the vulnerability index: weight set versions, score runs, band counts, a village's scores.

Only staff who work with villages read these (``can_read_villages``); anyone else gets
``NotFound``. Scores are read through ``VillageScore.objects.visible_to(user)``: counts and
changes cover the villages of the reader's scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from pimpasa.core.errors import NotFound
from pimpasa.core.scoping import scope_of
from pimpasa.regions.models import Region

from .. import scoring
from ..filters.scoring import RunFilters
from ..models import Indicator, RunStatus, ScoreRun, VillageScore, Weight, WeightSet
from ..permissions import can_read_villages, is_system

#: The key of villages without a score (no indicator value at all) in band counts.
NO_SCORE = "none"
BAND_KEYS = (*scoring.BANDS, NO_SCORE)


def _ensure_reader(user: Any) -> None:
    if not can_read_villages(user):
        raise NotFound(_("Not found."))


def _sees_everything(user: Any) -> bool:
    return is_system(user) or scope_of(user).everything


def _scores(user: Any) -> QuerySet[VillageScore]:
    if _sees_everything(user):
        return VillageScore.objects.all()
    return VillageScore.objects.visible_to(user)


# --- Weights ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightRow:
    """One indicator of a weight set: its weight and its share of the total (0 to 1)."""

    indicator: Indicator
    weight: float
    share: float

    @property
    def percent(self) -> float:
        return self.share * 100


def _with_weights(weight_sets: QuerySet[WeightSet]) -> QuerySet[WeightSet]:
    return weight_sets.select_related("created_by").prefetch_related(
        Prefetch("weights", queryset=Weight.objects.select_related("indicator").order_by("indicator__code"))
    )


def weight_set_current(*, user: Any) -> WeightSet | None:
    """Return the weight set new runs use (the highest version), with its weights loaded."""
    _ensure_reader(user)
    return _with_weights(WeightSet.objects.visible_to(user)).order_by("-version").first()


def weight_set_list(*, user: Any) -> QuerySet[WeightSet]:
    """Return every version of the weights, newest first, with their weights loaded."""
    _ensure_reader(user)
    return _with_weights(WeightSet.objects.visible_to(user)).order_by("-version")


def weight_rows(weight_set: WeightSet) -> list[WeightRow]:
    """Return the weights of ``weight_set`` above zero, largest first, with their shares."""
    weights = [w for w in weight_set.weights.all() if w.weight > 0]
    total = sum(w.weight for w in weights)
    rows = [WeightRow(indicator=w.indicator, weight=w.weight, share=w.weight / total) for w in weights]
    return sorted(rows, key=lambda r: (-r.weight, r.indicator.code))


# --- Runs ------------------------------------------------------------------------------------------


def current_run() -> ScoreRun | None:
    """Return the latest finished run, with its weight set: the scores every page shows."""
    return ScoreRun.objects.done().select_related("weight_set").order_by("-finished_at", "-pk").first()


def run_list(*, user: Any, filters: RunFilters | None = None) -> QuerySet[ScoreRun]:
    """Return the score runs, newest first, narrowed by ``filters``."""
    _ensure_reader(user)
    runs = (
        ScoreRun.objects.visible_to(user)
        .select_related("weight_set", "requested_by")
        .order_by("-requested_at", "-pk")
    )
    return (filters or RunFilters()).apply(runs)


def run_get(*, user: Any, run_id: int) -> ScoreRun:
    """Return score run ``run_id``."""
    _ensure_reader(user)
    run = (
        ScoreRun.objects.visible_to(user)
        .select_related("weight_set", "requested_by")
        .filter(pk=run_id)
        .first()
    )
    if run is None:
        raise NotFound(_("No such score run."))
    return run


def _empty_counts() -> dict[str, int]:
    return dict.fromkeys(BAND_KEYS, 0)


def _stored_counts(run: ScoreRun) -> dict[str, int] | None:
    """Return the counts the run stored when it finished (every village), if it did."""
    summary = (run.inputs or {}).get("summary") if isinstance(run.inputs, dict) else None
    if run.status != RunStatus.DONE or not isinstance(summary, dict):
        return None
    counts = _empty_counts()
    for band, n in (summary.get("bands") or {}).items():
        if band in counts:
            counts[band] = int(n)
    counts[NO_SCORE] = run.villages - int(summary.get("scored", 0))
    return counts


def runs_band_counts(*, user: Any, runs: Iterable[ScoreRun]) -> dict[int, dict[str, int]]:
    """Return, per run, how many villages of the user's scope fall in each band ("none": no score)."""
    _ensure_reader(user)
    runs = list(runs)
    counts = {run.pk: _empty_counts() for run in runs}
    ask = []
    for run in runs:
        stored = _stored_counts(run) if _sees_everything(user) else None
        if stored is not None:
            counts[run.pk] = stored
        elif run.status == RunStatus.DONE:
            ask.append(run.pk)
    if ask:
        rows = (
            _scores(user).filter(run_id__in=ask).order_by().values("run_id", "band").annotate(n=Count("id"))
        )
        for row in rows:
            counts[row["run_id"]][row["band"] or NO_SCORE] = row["n"]
    return counts


def band_counts(*, user: Any, run: ScoreRun) -> dict[str, int]:
    """Return how many villages of the user's scope fall in each band of ``run`` ("none": no score)."""
    return runs_band_counts(user=user, runs=[run])[run.pk]


def previous_run(run: ScoreRun) -> ScoreRun | None:
    """Return the finished run before ``run`` (by finishing time), if any."""
    if run.finished_at is None:
        return None
    return (
        ScoreRun.objects.done()
        .exclude(pk=run.pk)
        .filter(finished_at__lte=run.finished_at)
        .select_related("weight_set")
        .order_by("-finished_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class BandChange:
    """How many villages went from one band to another between two runs ("none": no score)."""

    old: str
    new: str
    count: int


@dataclass
class RunChanges:
    """What changed between a run and the one before it, for the villages of the reader's scope."""

    previous: ScoreRun
    compared: int = 0
    changed: int = 0
    up: int = 0
    down: int = 0
    mean_change: float | None = None
    moves: list[BandChange] = field(default_factory=list)


def _band_rank(band: str) -> int:
    return scoring.BANDS.index(band) if band in scoring.BANDS else -1


def _scope_sql(user: Any) -> tuple[str, list[Any]]:
    if _sees_everything(user):
        return "", []
    codes = list(scope_of(user).region_codes)
    return (
        " AND (c.village_id = ANY(%s) OR c.village_id LIKE ANY(%s))",
        [codes, [code + ".%" for code in codes]],
    )


def run_changes(*, user: Any, run: ScoreRun) -> RunChanges | None:
    """Compare ``run`` with the finished run before it: band moves and the mean score change.

    None when ``run`` is not done or no run finished before it.
    """
    _ensure_reader(user)
    previous = previous_run(run) if run.status == RunStatus.DONE else None
    if previous is None:
        return None
    scope, params = _scope_sql(user)
    sql = (
        "SELECT p.band, c.band, count(*), avg(abs(c.score - p.score))"  # noqa: S608 - scope is fixed text
        " FROM villages_villagescore c"
        " JOIN villages_villagescore p ON p.village_id = c.village_id AND p.run_id = %s"
        f" WHERE c.run_id = %s{scope} GROUP BY p.band, c.band"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [previous.pk, run.pk, *params])
        rows = cursor.fetchall()
    changes = RunChanges(previous=previous)
    total_change = 0.0
    with_scores = 0
    for old, new, count, mean in rows:
        changes.compared += count
        if mean is not None:
            total_change += mean * count
            with_scores += count
        if old == new:
            continue
        changes.changed += count
        if _band_rank(new) > _band_rank(old):
            changes.up += count
        else:
            changes.down += count
        changes.moves.append(BandChange(old=old or NO_SCORE, new=new or NO_SCORE, count=count))
    changes.moves.sort(key=lambda m: (-m.count, _band_rank(m.old), _band_rank(m.new)))
    changes.mean_change = total_change / with_scores if with_scores else None
    return changes


# --- A village's scores ----------------------------------------------------------------------------


def village_score(*, user: Any, village: Region, run: ScoreRun | None = None) -> VillageScore | None:
    """Return ``village``'s score in ``run`` (default: the current run); None without one or out of scope."""
    _ensure_reader(user)
    run = run if run is not None else current_run()
    if run is None:
        return None
    return _scores(user).select_related("run__weight_set").filter(run=run, village=village).first()


def village_score_history(*, user: Any, village: Region) -> list[VillageScore]:
    """Return ``village``'s scores in every finished run, newest first, with run and weight set loaded."""
    _ensure_reader(user)
    return list(
        _scores(user)
        .filter(village=village, run__status=RunStatus.DONE)
        .select_related("run__weight_set")
        .order_by("-run__finished_at", "-run_id")
    )
