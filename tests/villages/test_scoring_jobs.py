"""The recompute job runs in a real Procrastinate worker, against committed data."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from tests.fixtures import build_org
from tests.villages.test_scoring_support import make_scenario, seed_indicators


def _job_statuses(run_id):
    """Return the jobs of run ``run_id`` (job rows are not flushed between transactional tests)."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    jobs = ProcrastinateJob.objects.filter(args__run_id=run_id).order_by("id")
    return [(j.task_name, j.status) for j in jobs]


def test_a_requested_run_is_computed_by_the_worker(run_jobs):
    from pimpasa.villages.models import ScoreRun
    from pimpasa.villages.services.scoring import score_run_request

    # given committed data and a run requested by a national user
    seed_indicators()
    org = build_org()
    make_scenario()
    run = score_run_request(actor=org.users["national"], trigger="page")
    assert _job_statuses(run.pk) == [("villages.compute_scores", "todo")]

    # when the worker runs the waiting jobs
    run_jobs()

    # then the job succeeded and the run is done with every village scored
    assert _job_statuses(run.pk) == [("villages.compute_scores", "succeeded")]
    run = ScoreRun.objects.get(pk=run.pk)
    assert (run.status, run.villages, run.error) == ("done", 14451, "")
    assert run.scores.get(village_id="32.03.01.2001").score == 75.0
    assert ScoreRun.objects.current() == run


def test_the_job_of_a_done_run_changes_nothing(run_jobs):
    from pimpasa.villages.models import ScoreRun
    from pimpasa.villages.services.scoring import score_run_now
    from pimpasa.villages.tasks import compute_scores

    seed_indicators()
    build_org()
    make_scenario()
    run = score_run_now(actor=None, trigger="cli")
    compute_scores.defer(run_id=run.pk)

    run_jobs()

    assert _job_statuses(run.pk) == [("villages.compute_scores", "succeeded")]
    again = ScoreRun.objects.get(pk=run.pk)
    assert (again.status, again.finished_at) == ("done", run.finished_at)


def test_a_database_error_fails_the_run_with_that_error(run_jobs):
    """A lock held elsewhere makes the engine's statement give up: the run says why."""
    import psycopg
    from django.db import connection

    from pimpasa.core.models import TimelineEvent
    from pimpasa.villages.models import ScoreRun
    from pimpasa.villages.services.scoring import score_run_execute, score_run_request

    seed_indicators()
    org = build_org()
    make_scenario()
    run = score_run_request(actor=org.users["national"], trigger="page")
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"],
    ) as other:
        other.execute("LOCK TABLE villages_villagescore IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        try:
            with pytest.raises(OperationalError, match="lock timeout"):
                score_run_execute(run_id=run.pk)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
        other.rollback()

    run = ScoreRun.objects.get(pk=run.pk)
    assert run.status == "failed"
    assert run.error.startswith("OperationalError: canceling statement due to lock timeout")
    assert run.scores.count() == 0
    assert TimelineEvent.objects.filter(event_type="score_run.failed", target_id=str(run.pk)).count() == 1
    # the next attempt, by the worker, succeeds
    run_jobs()
    assert ScoreRun.objects.get(pk=run.pk).status == "done"
