"""The DBI evaluation checklist and its score: pure, no database."""

from __future__ import annotations

import pytest
from django.utils import translation

from pimpasa.villages.evaluation import (
    CHECKLIST,
    CHECKLIST_CODES,
    UnknownChecklistItem,
    checklist_clean,
    checklist_score,
    score_rating,
)


def test_checklist_has_between_six_and_ten_items_with_unique_codes():
    assert 6 <= len(CHECKLIST) <= 10
    assert len(set(CHECKLIST_CODES)) == len(CHECKLIST)
    assert all(item.weight > 0 for item in CHECKLIST)


def test_labels_follow_the_language():
    with translation.override("en"):
        assert str(CHECKLIST[0].label) == "The PIMPASA visited the village at least once a quarter"


@pytest.mark.parametrize(
    ("answers", "score"),
    [
        ({}, 0.0),
        ({code: True for code in CHECKLIST_CODES}, 100.0),
        ({"pimpasa_visits": True}, 16.7),
        ({"contact_reachable": True}, 8.3),
        ({"pimpasa_visits": True, "outreach_held": True, "reports_received": True}, 50.0),
        ({code: code not in {"nameplate_installed", "village_regulation"} for code in CHECKLIST_CODES}, 83.3),
        ({"pimpasa_visits": False, "outreach_held": 0}, 0.0),
    ],
)
def test_score_is_the_weighted_share_of_items_met(answers, score):
    assert checklist_score(answers) == score


def test_missing_items_count_as_not_met_and_unknown_items_are_refused():
    assert checklist_clean({"outreach_held": True}) == {
        code: code == "outreach_held" for code in CHECKLIST_CODES
    }
    with pytest.raises(UnknownChecklistItem) as exc:
        checklist_score({"outreach_held": True, "parade": True, "abc": False})
    assert exc.value.codes == ["abc", "parade"]


@pytest.mark.parametrize(
    ("score", "rating"),
    [(100.0, "good"), (80.0, "good"), (79.9, "fair"), (50.0, "fair"), (49.9, "poor"), (0.0, "poor")],
)
def test_rating_bands(score, rating):
    assert score_rating(score) == rating
