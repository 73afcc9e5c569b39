"""The SQL engine: exact values on a hand-checked scenario, and the same numbers as the reference module.

The test registry holds Jawa Timur and Jawa Barat: 307 villages in Ponorogo (35.02), 22 of them in
kecamatan 35.02.01, and 11 in kecamatan 32.03.01 of Cianjur. In the scenario (see
``test_scoring_support.make_scenario``) poverty values resolve to 8 for 11 villages, 15 for 21,
30 for one and 99 (the kabupaten's latest) for the other 285 of Ponorogo: percentiles 0, 11/317,
32/317 and 33/317 nationally.
"""

from __future__ import annotations

import math

import pytest

from tests.villages.test_scoring_support import (
    make_random_values,
    make_scenario,
    reference,
    seed_indicators,
    stored,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(regions):
    """The hand-checked scenario of ``test_scoring_support.make_scenario``."""
    make_scenario()


def _run_now():
    from pimpasa.villages.services.scoring import score_run_now

    return score_run_now(actor=None, trigger="test")


def _scores(run, *codes):
    rows = {v: (s, b, c) for v, s, b, c in run.scores.values_list("village_id", "score", "band", "coverage")}
    return [rows[code] for code in codes]


def test_scenario_scores_by_hand(scenario):
    run = _run_now()

    assert run.status == "done"
    assert _scores(
        run,
        "35.02.01.2001", "35.02.01.2002", "35.02.01.2003", "35.02.01.2004", "35.02.02.2001",
        "32.03.01.2001", "32.03.01.2002", "35.01.01.2001",
    ) == [
        (22.0189, "low", 1.0),  # 100 × (1×1 + 1×32/317 + 3×0) / 5
        (20.694, "low", 1.0),  # 100 × (3×⅓ + 1×11/317 + 1×0) / 5
        (25.8675, "medium", 0.8),  # no distance: 100 × (3×⅓ + 11/317) / 4, coverage 4/5
        (3.47, "low", 0.2),  # poverty only: 100 × 11/317
        (10.4101, "low", 0.2),  # the kabupaten's latest value, 99: 100 × 33/317
        (75.0, "very_high", 0.8),  # 100 × (3×1 + 1×0) / 4
        (0.0, "low", 0.2),
        (None, "", 0.0),  # no value at all
    ]  # fmt: skip


def test_scenario_explanation_by_hand(scenario):
    run = _run_now()

    explanation = run.scores.get(village_id="35.02.01.2001").explanation
    assert explanation == [
        {"indicator": "distance_office", "value": 5, "period": 2024, "source": "Ditjen",
         "source_region": "35.02.01.2001", "percentile": 1, "weight": 1, "share": 0.2, "contribution": 20},
        {"indicator": "poverty_rate", "value": 30, "period": 2021, "source": "Desa",
         "source_region": "35.02.01.2001", "percentile": 0.1009, "weight": 1, "share": 0.2,
         "contribution": 2.0189},
        {"indicator": "migrant_workers", "value": 10, "period": 2024, "source": "BP2MI",
         "source_region": "35.02.01.2001", "percentile": 0, "weight": 3, "share": 0.6, "contribution": 0},
    ]  # fmt: skip
    inherited = run.scores.get(village_id="35.02.01.2005").explanation
    assert inherited == [
        {"indicator": "poverty_rate", "value": 15, "period": 2022, "source": "BPS kecamatan",
         "source_region": "35.02.01", "percentile": 0.0347, "weight": 1, "share": 1, "contribution": 3.47},
    ]  # fmt: skip


def test_scenario_province_comparison(scenario):
    from pimpasa.villages.models import WeightSet

    WeightSet.objects.filter(version=2).update(comparison="province")
    run = _run_now()

    assert run.comparison == "province"
    assert _scores(run, "35.02.01.2001", "35.02.01.2002", "32.03.01.2001") == [
        (21.3725, "low", 1.0),  # poverty 30 ranks 21/306 within Jawa Timur
        (30.0, "medium", 1.0),  # migrant workers 20 ranks ½ among 10, 20, 20
        (0.0, "low", 0.8),  # alone in Jawa Barat: rank 0
    ]


def test_the_run_records_its_inputs(scenario):
    run = _run_now()

    assert run.inputs["weight_set"] == 2
    assert run.inputs["comparison"] == "national"
    assert run.inputs["band_cuts"] == [25.0, 50.0, 75.0]
    assert run.inputs["total_weight"] == 5.0
    assert run.inputs["indicators"] == [
        {"code": "distance_office", "weight": 1.0, "direction": "higher_less"},
        {"code": "migrant_workers", "weight": 3.0, "direction": "higher_more"},
        {"code": "poverty_rate", "weight": 1.0, "direction": "higher_more"},
    ]
    assert run.inputs["summary"]["scored"] == run.scores.exclude(score=None).count()
    assert run.villages == 14451


@pytest.mark.parametrize("comparison", ["national", "province"])
def test_engine_equals_the_reference_for_every_village(regions, comparison):
    from pimpasa.villages.models import Direction, Indicator, WeightSet

    # given values at every level, weights v1 and one "higher means less vulnerable" indicator
    seed_indicators()
    Indicator.objects.filter(code="distance_office").update(direction=Direction.HIGHER_LESS)
    WeightSet.objects.filter(version=1).update(comparison=comparison)
    make_random_values()

    # when the engine scores every village
    run = _run_now()

    # then every village has exactly the reference implementation's score, band, coverage, explanation
    expected = reference(run.inputs)
    got = stored(run)
    assert len(got) == len(expected) == 14451
    assert sum(1 for r in got.values() if r.score is not None) == 839  # Pacitan, Ponorogo, Cianjur
    mismatches = [v for v in expected if got[v] != expected[v]]
    assert mismatches == []


def test_contributions_add_up_to_the_score(regions):
    seed_indicators()
    make_random_values(seed=11)

    run = _run_now()

    scored = run.scores.exclude(score=None)
    assert scored.count() == 839
    for score, explanation in scored.values_list("score", "explanation"):
        assert math.isclose(
            sum(e["contribution"] for e in explanation), score, abs_tol=5e-4 * len(explanation)
        )
        contributions = [e["contribution"] for e in explanation]
        assert contributions == sorted(contributions, reverse=True)


def test_a_second_computation_of_the_same_run_replaces_its_rows(scenario):
    from pimpasa.villages import engine

    run = _run_now()
    before = stored(run)

    result = engine.compute(run_id=run.pk, inputs=run.inputs)

    assert result.villages == 14451
    assert stored(run) == before
    assert result.bands == run.inputs["summary"]["bands"]


def test_engine_settings_do_not_outlive_the_computation(scenario):
    from django.db import connection

    query = "SELECT current_setting('enable_nestloop'), current_setting('work_mem'), current_setting('jit')"
    with connection.cursor() as cursor:
        cursor.execute(query)
        before = cursor.fetchone()

    _run_now()

    with connection.cursor() as cursor:
        cursor.execute(query)
        assert cursor.fetchone() == before
