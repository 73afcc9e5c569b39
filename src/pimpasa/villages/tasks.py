"""Background jobs of the villages app (Procrastinate)."""

from __future__ import annotations

from procrastinate.contrib.django import app

from .services.scoring import score_run_execute


@app.task(name="villages.compute_scores", queue="scores")
def compute_scores(run_id: int) -> int:
    """Compute score run ``run_id`` for every village; return how many villages it scored.

    Safe to run twice: a run already done is left as it is.
    """
    return score_run_execute(run_id=run_id).villages
