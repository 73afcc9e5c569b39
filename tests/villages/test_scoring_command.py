"""``pimpasa villages score [--async]``: compute now with a summary, or queue the job."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.villages.test_scoring_support import make_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(regions):
    """The hand-checked scenario of ``test_scoring_support.make_scenario``."""
    make_scenario()


def _call(*args):
    out = io.StringIO()
    with translation.override("en"):
        call_command("villages", *args, stdout=out)
    return out.getvalue()


def test_score_computes_now_and_prints_the_summary(scenario):
    from pimpasa.villages.models import ScoreRun

    output = _call("score")

    run = ScoreRun.objects.get()
    assert (run.status, run.trigger, run.requested_by_label) == ("done", "cli", "system")
    lines = output.splitlines()
    assert re.fullmatch(
        rf"Run {run.pk} \(weights version 2\): 14,451 villages scored in \d+\.\d\d s\.", lines[0]
    ), lines[0]
    # 318 villages have a value (Ponorogo and kecamatan 32.03.01); 35.02.01.2003 scores 25.87
    # and 32.03.01.2001 scores 75 (see test_scoring_engine)
    assert lines[1:] == [
        "  Low               316",
        "  Medium              1",
        "  High                0",
        "  Very high           1",
        "  no score       14,133",
    ]


def test_score_async_queues_the_job(scenario):
    from procrastinate.contrib.django.models import ProcrastinateJob

    from pimpasa.villages.models import ScoreRun

    output = _call("score", "--async")

    run = ScoreRun.objects.get()
    assert output == f"Run {run.pk} is queued (weights version 2); a worker computes it.\n"
    assert run.status == "queued"
    assert ProcrastinateJob.objects.filter(
        task_name="villages.compute_scores", args={"run_id": run.pk}
    ).exists()


def test_score_without_weights_is_a_clear_error(regions):
    from pimpasa.villages.models import WeightSet

    WeightSet.objects.all().delete()

    with pytest.raises(CommandError, match=r"There are no weights to compute the index with\."):
        _call("score")
