"""Writes of the index: weight set versions (national users only) and score runs (request, execute, now)."""

from __future__ import annotations

import pytest

from pimpasa.core.errors import NotFound, PermissionDenied, ValidationFailed
from tests.villages.test_scoring_support import (
    SCENARIO_WEIGHTS,
    make_scenario,
    stored,
)

pytestmark = pytest.mark.django_db
NO_WEIGHT = "At least one weight must be above zero."


@pytest.fixture
def scenario(regions):
    """The hand-checked scenario of ``test_scoring_support.make_scenario``."""
    make_scenario()


def _events(event_type):
    from pimpasa.core.models import TimelineEvent

    return list(TimelineEvent.objects.filter(event_type=event_type).order_by("id"))


_JOBS_BEFORE: list[int] = []


@pytest.fixture(autouse=True)
def _job_baseline(db):
    """Remember the last job id, so each test sees only the jobs it deferred."""
    from django.db.models import Max
    from procrastinate.contrib.django.models import ProcrastinateJob

    _JOBS_BEFORE[:] = [ProcrastinateJob.objects.aggregate(last=Max("id"))["last"] or 0]


def _jobs():
    from procrastinate.contrib.django.models import ProcrastinateJob

    jobs = ProcrastinateJob.objects.filter(id__gt=_JOBS_BEFORE[0]).order_by("id")
    return [(j.task_name, j.args, j.status) for j in jobs]


def _weights(weight_set):
    return {w.indicator.code: w.weight for w in weight_set.weights.select_related("indicator")}


# --- Weight sets ---------------------------------------------------------------------------------


def test_national_user_creates_the_next_version(org):
    from pimpasa.villages.models import WeightSet
    from pimpasa.villages.services.scoring import weight_set_create

    national = org.users["national"]
    v1 = WeightSet.objects.get(version=1)

    weight_set = weight_set_create(
        actor=national,
        weights={"poverty_rate": 20, "migrant_workers": 25, "border_coast": 0},
        comparison="province",
        band_cuts=[30, 55, 80],
        note="  More weight on migration  ",
    )

    assert weight_set.version == 2
    assert (weight_set.comparison, weight_set.band_cuts, weight_set.note) == (
        "province",
        [30.0, 55.0, 80.0],
        "More weight on migration",
    )
    assert weight_set.created_by == national
    assert _weights(weight_set) == {"border_coast": 0.0, "migrant_workers": 25.0, "poverty_rate": 20.0}
    assert WeightSet.objects.current() == weight_set
    # the old version is untouched
    assert _weights(v1)["poverty_rate"] == 15.0
    [event] = _events("weight_set.created")
    assert event.actor == national
    assert event.reason == "More weight on migration"
    assert event.data["old"]["version"] == 1
    assert event.data["old"]["weights"]["poverty_rate"] == 15.0
    assert event.data["new"] == {
        "version": 2,
        "comparison": "province",
        "band_cuts": [30.0, 55.0, 80.0],
        "weights": {"border_coast": 0.0, "migrant_workers": 25.0, "poverty_rate": 20.0},
    }


@pytest.mark.parametrize(
    "username",
    ["field_ponorogo", "intel_ponorogo", "head_ponorogo", "regional_jatim", "admin", "partner_polres"],
)
def test_only_national_users_create_weights(org, username):
    from pimpasa.villages.models import Weight, WeightSet
    from pimpasa.villages.services.scoring import weight_set_create

    with pytest.raises(PermissionDenied):
        weight_set_create(actor=org.users[username], weights={"poverty_rate": 1})

    assert list(WeightSet.objects.values_list("version", flat=True)) == [1]
    assert Weight.objects.count() == 10
    assert _events("weight_set.created") == []


@pytest.mark.parametrize(
    ("weights", "cuts", "field", "message"),
    [
        ({"poverty_rate": 0, "migrant_workers": 0}, [25, 50, 75], "weights", NO_WEIGHT),
        ({}, [25, 50, 75], "weights", NO_WEIGHT),
        ({"poverty_rate": -2}, [25, 50, 75], "weights", "Weights must be numbers of zero or more."),
        ({"recruiters": 1, "poverty_rate": 1}, [25, 50, 75], "weights",
         "Unknown or inactive indicators: recruiters"),
        ({"poverty_rate": 1}, [50, 25, 75], "band_cuts",
         "Band cut points must be three numbers between 0 and 100, each higher than the one before."),
    ],
)  # fmt: skip
def test_invalid_weights_are_refused_and_nothing_changes(org, weights, cuts, field, message):
    from django.utils import translation

    from pimpasa.villages.models import WeightSet
    from pimpasa.villages.services.scoring import weight_set_create

    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        weight_set_create(actor=org.users["national"], weights=weights, band_cuts=cuts)

    assert caught.value.details == {field: [message]}
    assert caught.value.message == message
    assert list(WeightSet.objects.values_list("version", flat=True)) == [1]


def test_an_inactive_indicator_cannot_be_weighted(org):
    from django.utils import translation

    from pimpasa.villages.models import Indicator
    from pimpasa.villages.services.scoring import weight_set_create

    Indicator.objects.filter(code="border_coast").update(active=False)

    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        weight_set_create(actor=org.users["national"], weights={"border_coast": 1, "poverty_rate": 1})

    assert caught.value.details == {"weights": ["Unknown or inactive indicators: border_coast"]}


# --- Runs ------------------------------------------------------------------------------------------


def test_request_queues_a_run_and_defers_its_job(org):
    from pimpasa.villages.services.scoring import score_run_request

    national = org.users["national"]

    run = score_run_request(actor=national, trigger="page")

    assert (run.status, run.trigger, run.weight_set.version, run.comparison) == (
        "queued",
        "page",
        1,
        "national",
    )
    assert (run.requested_by, run.requested_by_label) == (national, "national")
    assert run.started_at is None and run.villages == 0
    assert _jobs() == [("villages.compute_scores", {"run_id": run.pk}, "todo")]
    [event] = _events("score_run.requested")
    assert (event.target_id, event.actor) == (str(run.pk), national)


def test_a_waiting_run_of_the_same_weights_is_not_queued_twice(org):
    from pimpasa.villages.services.scoring import score_run_request, weight_set_create

    national = org.users["national"]
    first = score_run_request(actor=national, trigger="page")

    again = score_run_request(actor=national, trigger="api")

    assert again == first
    assert len(_jobs()) == 1
    # new weights make a new run
    weight_set_create(actor=national, weights={"poverty_rate": 1})
    third = score_run_request(actor=national, trigger="api")
    assert third != first and third.weight_set.version == 2
    assert [args["run_id"] for _, args, _ in _jobs()] == [first.pk, third.pk]


@pytest.mark.parametrize("username", ["intel_ponorogo", "head_ponorogo", "regional_jatim", "admin"])
def test_only_national_users_request_runs(org, username):
    from pimpasa.villages.models import ScoreRun
    from pimpasa.villages.services.scoring import score_run_now, score_run_request

    with pytest.raises(PermissionDenied):
        score_run_request(actor=org.users[username], trigger="page")
    with pytest.raises(PermissionDenied):
        score_run_now(actor=org.users[username])

    assert ScoreRun.objects.count() == 0
    assert _jobs() == []


def test_execute_marks_the_run_done_with_its_counts(org, scenario):
    from pimpasa.villages.services.scoring import score_run_execute, score_run_request

    run = score_run_request(actor=org.users["national"], trigger="page")

    done = score_run_execute(run_id=run.pk)

    assert done.status == "done"
    assert done.started_at is not None and done.finished_at is not None
    assert done.started_at <= done.finished_at
    assert done.villages == 14451
    assert done.inputs["summary"]["scored"] == 318  # Ponorogo (307) and kecamatan 32.03.01 (11)
    assert sum(done.inputs["summary"]["bands"].values()) == done.inputs["summary"]["scored"]
    [event] = _events("score_run.done")
    assert event.actor is None and event.actor_label == "system"
    assert event.data["new"]["villages"] == 14451


def test_execute_is_idempotent(org, scenario):
    from pimpasa.villages.services.scoring import score_run_execute, score_run_now

    run = score_run_now(actor=org.users["national"], trigger="cli")
    rows = stored(run)

    again = score_run_execute(run_id=run.pk)

    assert (again.status, again.finished_at, again.started_at) == ("done", run.finished_at, run.started_at)
    assert stored(again) == rows
    assert len(_events("score_run.done")) == 1


def test_execute_of_a_missing_run_is_not_found(db):
    from pimpasa.villages.services.scoring import score_run_execute

    with pytest.raises(NotFound):
        score_run_execute(run_id=987654)


def test_a_failed_run_records_the_error_and_can_be_tried_again(org, scenario):
    from pimpasa.villages.models import ScoreRun, WeightSet
    from pimpasa.villages.services.scoring import score_run_execute, score_run_request

    # given weights whose comparison the engine does not know (written around the service's checks)
    WeightSet.objects.filter(version=2).update(comparison="galaxy")
    run = score_run_request(actor=org.users["national"], trigger="page")

    with pytest.raises(KeyError, match="galaxy"):
        score_run_execute(run_id=run.pk)

    run = ScoreRun.objects.get(pk=run.pk)
    assert run.status == "failed"
    assert run.error == "KeyError: 'galaxy'"
    assert run.finished_at is not None
    assert run.scores.count() == 0
    [event] = _events("score_run.failed")
    assert event.data["new"]["error"] == "KeyError: 'galaxy'"

    # when the weights are mended, the same run computes
    WeightSet.objects.filter(version=2).update(comparison="national")
    done = score_run_execute(run_id=run.pk)
    assert (done.status, done.error, done.villages) == ("done", "", 14451)


def test_transitions_of_a_run():
    from pimpasa.villages.services.scoring import ALLOWED_TRANSITIONS

    assert {k: sorted(v) for k, v in ALLOWED_TRANSITIONS.items()} == {
        "queued": ["running"],
        "running": ["done", "failed", "running"],
        "failed": ["running"],
        "done": [],
    }


def test_changing_one_weight_and_recomputing_changes_scores_and_keeps_the_old_run(org, scenario):
    from pimpasa.villages.selectors.scoring import run_list, village_score_history
    from pimpasa.villages.services.scoring import score_run_execute, score_run_request, weight_set_create

    national = org.users["national"]
    first = score_run_execute(run_id=score_run_request(actor=national, trigger="page").pk)
    old_rows = stored(first)

    # when a national user lowers one weight and recomputes
    weight_set_create(
        actor=national, weights={**SCENARIO_WEIGHTS, "migrant_workers": 1.0}, note="Less migration"
    )
    second = score_run_execute(run_id=score_run_request(actor=national, trigger="page").pk)

    # then the scores changed, the new run used version 3, and the old run kept its scores
    assert second.pk != first.pk and second.weight_set.version == 3
    assert second.scores.get(village_id="32.03.01.2001").score == 50.0  # 100 × (1×1 + 1×0) / 2
    assert first.scores.get(village_id="32.03.01.2001").score == 75.0
    assert stored(first) == old_rows
    assert [r.pk for r in run_list(user=national)] == [second.pk, first.pk]
    history = village_score_history(
        user=national, village=second.scores.get(village_id="32.03.01.2001").village
    )
    assert [(h.run_id, h.score, h.run.weight_set.version) for h in history] == [
        (second.pk, 50.0, 3),
        (first.pk, 75.0, 2),
    ]


def test_a_run_without_any_active_weighted_indicator_scores_nobody(org, scenario):
    from pimpasa.villages.models import Indicator
    from pimpasa.villages.services.scoring import score_run_now

    Indicator.objects.filter(code__in=SCENARIO_WEIGHTS).update(active=False)

    run = score_run_now(actor=org.users["national"])

    assert (run.status, run.villages) == ("done", 14451)
    assert run.inputs["indicators"] == []
    assert run.inputs["total_weight"] == 0.0
    assert run.scores.exclude(score=None).count() == 0
    rows = list(run.scores.values_list("band", "coverage", "explanation"))
    assert all(row == ("", 0.0, []) for row in rows)
