"""The reference implementation of the index (``villages.scoring``), table-driven, without a database."""

from __future__ import annotations

import math

import pytest

from pimpasa.villages import scoring
from pimpasa.villages.scoring import (
    HIGHER_LESS,
    HIGHER_MORE,
    IndicatorWeight,
    Term,
    Value,
    band_for,
    compute_index,
    directed,
    percent_ranks,
    resolve,
    round4,
    score_village,
    weight_problems,
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], []),
        ([7.0], [0.0]),  # a single village ranks 0, as PostgreSQL's percent_rank
        ([1.0, 2.0, 3.0], [0.0, 0.5, 1.0]),
        ([3.0, 1.0, 2.0], [1.0, 0.0, 0.5]),  # input order kept
        ([5.0, 5.0, 5.0], [0.0, 0.0, 0.0]),  # all tied
        ([10.0, 20.0, 20.0, 40.0], [0.0, 1 / 3, 1 / 3, 1.0]),  # ties share the lowest rank
        ([2.0, 1.0, 2.0, 1.0, 3.0], [0.5, 0.0, 0.5, 0.0, 1.0]),
        ([-1.5, 0.0], [0.0, 1.0]),
    ],
)
def test_percent_ranks_follow_postgresql(values, expected):
    assert percent_ranks(values) == expected


@pytest.mark.parametrize(
    ("p", "direction", "expected"),
    [(0.25, HIGHER_MORE, 0.25), (0.25, HIGHER_LESS, 0.75), (0.0, HIGHER_LESS, 1.0), (1.0, HIGHER_LESS, 0.0)],
)
def test_direction_turns_the_percentile(p, direction, expected):
    assert directed(p, direction) == expected


def test_unknown_direction_is_an_error():
    with pytest.raises(ValueError, match="sideways"):
        directed(0.5, "sideways")


@pytest.mark.parametrize(
    ("score", "expected"),
    [(None, ""), (0.0, "low"), (24.9999, "low"), (25.0, "medium"), (49.99, "medium"), (50.0, "high"),
     (74.9999, "high"), (75.0, "very_high"), (100.0, "very_high")],
)  # fmt: skip
def test_band_for_default_cuts(score, expected):
    assert band_for(score, (25.0, 50.0, 75.0)) == expected


def test_band_for_other_cuts():
    assert [band_for(s, (10.0, 20.0, 90.0)) for s in (5, 10, 19, 20, 89, 90)] == [
        "low", "medium", "medium", "high", "high", "very_high",
    ]  # fmt: skip


def test_bands_match_the_model():
    from pimpasa.villages.models.scoring import BAND_ORDER

    assert tuple(b.value for b in BAND_ORDER) == scoring.BANDS


@pytest.mark.parametrize(
    ("x", "expected"),
    [(28.648648648648648, 28.6486), (0.12345, 0.1234), (0.12355, 0.1236), (1 / 3, 0.3333), (2.5e-05, 0.0),
     (100.0, 100.0)],
)  # fmt: skip
def test_round4_rounds_half_to_even_in_float(x, expected):
    assert round4(x) == expected


VILLAGE = "35.02.01.2001"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([Value("35.02", 2024, 1.0)], Value("35.02", 2024, 1.0)),
        # latest period within the region
        ([Value("35.02", 2023, 1.0), Value("35.02", 2024, 2.0)], Value("35.02", 2024, 2.0)),
        # the kecamatan beats the kabupaten, even with an older period
        ([Value("35.02", 2024, 1.0), Value("35.02.01", 2020, 3.0)], Value("35.02.01", 2020, 3.0)),
        # the village beats both
        (
            [Value("35.02", 2024, 1.0), Value("35.02.01", 2024, 3.0), Value(VILLAGE, 2019, 9.0)],
            Value(VILLAGE, 2019, 9.0),
        ),
        # other regions do not apply
        ([Value("35.03", 2024, 1.0), Value("35.02.02", 2024, 2.0), Value("35.02.01.2002", 2024, 3.0)], None),
    ],
)
def test_resolve_takes_the_most_specific_region_then_the_latest_period(values, expected):
    assert resolve(VILLAGE, values) == expected


def _term(code, weight, p, value=1.0, direction=HIGHER_MORE):
    return Term(
        code=code, weight=weight, percentile=directed(p, direction), value=Value(VILLAGE, 2024, value, "BPS")
    )


def test_score_reweights_over_the_indicators_present():
    # given weights 3, 1, 1 (total 5) with only two indicators present
    result = score_village(
        [_term("migrant_workers", 3, 0.5), _term("poverty_rate", 1, 1.0)], total_weight=5, cuts=(25, 50, 75)
    )

    # then the score divides by the present weights (4), and coverage is 4/5
    assert result.score == 62.5  # 100 × (3×0.5 + 1×1.0) / 4
    assert result.band == "high"
    assert result.coverage == 0.8
    assert result.explanation == [
        {"indicator": "migrant_workers", "value": 1.0, "period": 2024, "source": "BPS",
         "source_region": VILLAGE, "percentile": 0.5, "weight": 3, "share": 0.75, "contribution": 37.5},
        {"indicator": "poverty_rate", "value": 1.0, "period": 2024, "source": "BPS",
         "source_region": VILLAGE, "percentile": 1.0, "weight": 1, "share": 0.25, "contribution": 25.0},
    ]  # fmt: skip


def test_score_without_any_indicator_is_none():
    assert score_village([], total_weight=5, cuts=(25, 50, 75)) == scoring.VillageResult(None, "", 0.0, [])


def test_explanation_is_ordered_by_contribution_then_code():
    result = score_village(
        [_term("b_code", 1, 0.5), _term("c_code", 2, 0.5), _term("a_code", 1, 0.5), _term("d_code", 1, 0.0)],
        total_weight=5,
        cuts=(25, 50, 75),
    )
    assert [e["indicator"] for e in result.explanation] == ["c_code", "a_code", "b_code", "d_code"]
    assert [e["contribution"] for e in result.explanation] == [20.0, 10.0, 10.0, 0.0]


def test_contributions_add_up_to_the_score():
    terms = [
        _term(f"i{n}", w, p) for n, (w, p) in enumerate([(15, 0.123), (10, 0.987), (7.5, 1 / 3), (2, 0.5)])
    ]
    result = score_village(terms, total_weight=40, cuts=(25, 50, 75))
    assert result.score is not None
    assert math.isclose(sum(e["contribution"] for e in result.explanation), result.score, abs_tol=5e-4)
    assert sum(e["share"] for e in result.explanation) == pytest.approx(1.0, abs=5e-4)


def test_higher_less_turns_the_ranking():
    # given distance to the office where nearer means more vulnerable
    result = compute_index(
        villages=["35.02.01.2001", "35.02.01.2002", "35.02.01.2003"],
        indicators=[IndicatorWeight("distance_office", 1, HIGHER_LESS)],
        values={
            "distance_office": [
                Value("35.02.01.2001", 2024, 5.0),
                Value("35.02.01.2002", 2024, 50.0),
                Value("35.02.01.2003", 2024, 20.0),
            ]
        },
    )
    # then the nearest village ranks most vulnerable
    assert {v: r.score for v, r in result.items()} == {
        "35.02.01.2001": 100.0,
        "35.02.01.2002": 0.0,
        "35.02.01.2003": 50.0,
    }


def test_a_single_village_with_a_value_scores_zero():
    result = compute_index(
        villages=["35.02.01.2001", "35.02.01.2002"],
        indicators=[IndicatorWeight("poverty_rate", 1)],
        values={"poverty_rate": [Value("35.02.01.2001", 2024, 30.0)]},
    )
    assert result["35.02.01.2001"].score == 0.0
    assert result["35.02.01.2001"].band == "low"
    assert result["35.02.01.2002"].score is None


def test_province_comparison_ranks_within_each_province():
    villages = ["35.02.01.2001", "35.02.01.2002", "32.03.01.2001", "32.03.01.2002"]
    values = {
        "poverty_rate": [
            Value("35.02.01.2001", 2024, 10.0),
            Value("35.02.01.2002", 2024, 20.0),
            Value("32.03.01.2001", 2024, 30.0),
            Value("32.03.01.2002", 2024, 40.0),
        ]
    }
    indicators = [IndicatorWeight("poverty_rate", 1)]
    national = compute_index(villages=villages, indicators=indicators, values=values)
    province = compute_index(villages=villages, indicators=indicators, values=values, comparison="province")
    assert [national[v].score for v in villages] == [0.0, 33.3333, 66.6667, 100.0]
    assert [province[v].score for v in villages] == [0.0, 100.0, 0.0, 100.0]


def test_inherited_values_rank_with_everyone_they_apply_to():
    # given a kabupaten value for two villages and a village value of a third
    result = compute_index(
        villages=["35.02.01.2001", "35.02.01.2002", "35.03.01.2001"],
        indicators=[IndicatorWeight("poverty_rate", 1)],
        values={
            "poverty_rate": [Value("35.02", 2024, 12.0, "BPS"), Value("35.03.01.2001", 2024, 5.0, "Desa")]
        },
    )
    # then both villages of 35.02 carry the kabupaten value and tie above the third: (rank 2 − 1) / (3 − 1)
    assert result["35.02.01.2001"].score == result["35.02.01.2002"].score == 50.0
    assert result["35.03.01.2001"].score == 0.0
    assert result["35.02.01.2001"].explanation[0]["source_region"] == "35.02"
    assert result["35.02.01.2001"].explanation[0]["source"] == "BPS"


def test_zero_weights_leave_an_indicator_out():
    result = compute_index(
        villages=["35.02.01.2001", "35.02.01.2002"],
        indicators=[IndicatorWeight("poverty_rate", 1), IndicatorWeight("border_coast", 0)],
        values={
            "poverty_rate": [Value("35.02.01.2001", 2024, 1.0), Value("35.02.01.2002", 2024, 2.0)],
            "border_coast": [Value("35.02.01.2001", 2024, 1.0)],
        },
    )
    assert [e["indicator"] for e in result["35.02.01.2001"].explanation] == ["poverty_rate"]
    assert result["35.02.01.2001"].coverage == 1.0


def test_values_that_are_not_finite_are_ignored():
    result = compute_index(
        villages=["35.02.01.2001", "35.02.01.2002"],
        indicators=[IndicatorWeight("poverty_rate", 1)],
        values={
            "poverty_rate": [
                Value("35.02.01.2001", 2024, 1.0),
                Value("35.02.01.2001", 2025, math.nan),
                Value("35.02.01.2002", 2024, math.inf),
            ]
        },
    )
    assert result["35.02.01.2001"].explanation[0]["period"] == 2024
    assert result["35.02.01.2001"].score == 0.0
    assert result["35.02.01.2002"].score is None


def test_unknown_comparison_is_an_error():
    with pytest.raises(ValueError, match="galaxy"):
        compute_index(villages=[], indicators=[], values={}, comparison="galaxy")


KNOWN = ("poverty_rate", "migrant_workers")
OK_CUTS = (25.0, 50.0, 75.0)


@pytest.mark.parametrize(
    ("weights", "cuts", "comparison", "expected"),
    [
        ({"poverty_rate": 1, "migrant_workers": 0}, OK_CUTS, "national", {}),
        ({"poverty_rate": 0.5}, (0.0, 0.1, 100.0), "province", {}),
        ({"poverty_rate": 0, "migrant_workers": 0}, OK_CUTS, "national", {"weights": "no_positive_weight"}),
        ({}, OK_CUTS, "national", {"weights": "no_positive_weight"}),
        ({"poverty_rate": -1, "migrant_workers": 2}, OK_CUTS, "national", {"weights": "negative_weight"}),
        ({"poverty_rate": math.nan}, OK_CUTS, "national", {"weights": "negative_weight"}),
        ({"poverty_rate": math.inf}, OK_CUTS, "national", {"weights": "negative_weight"}),
        ({"recruiters": 1}, OK_CUTS, "national", {"weights": "unknown_indicator"}),
        ({"poverty_rate": 1}, (50.0, 25.0, 75.0), "national", {"band_cuts": "invalid_band_cuts"}),
        ({"poverty_rate": 1}, (25.0, 25.0, 75.0), "national", {"band_cuts": "invalid_band_cuts"}),
        ({"poverty_rate": 1}, (25.0, 50.0, 101.0), "national", {"band_cuts": "invalid_band_cuts"}),
        ({"poverty_rate": 1}, (-1.0, 50.0, 75.0), "national", {"band_cuts": "invalid_band_cuts"}),
        ({"poverty_rate": 1}, (25.0, 50.0), "national", {"band_cuts": "invalid_band_cuts"}),
        ({"poverty_rate": 1}, OK_CUTS, "galaxy", {"comparison": "invalid_comparison"}),
        ({"poverty_rate": 0}, (1.0, 1.0, 1.0), "galaxy",
         {"weights": "no_positive_weight", "band_cuts": "invalid_band_cuts",
          "comparison": "invalid_comparison"}),
    ],
)  # fmt: skip
def test_weight_problems(weights, cuts, comparison, expected):
    assert weight_problems(weights, known_codes=KNOWN, band_cuts=cuts, comparison=comparison) == expected
