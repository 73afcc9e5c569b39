"""API of the index: /index/weights and /index/runs, with the shared error shape."""

from __future__ import annotations

import pytest

from tests.villages.test_scoring_support import SCENARIO_WEIGHTS, make_scenario

pytestmark = pytest.mark.django_db

READERS = [
    "field_ponorogo",
    "intel_ponorogo",
    "head_ponorogo",
    "passport_ponorogo",
    "regional_jatim",
    "national",
]
NOT_NATIONAL = READERS[:-1]
CUTS = "Band cut points must be three numbers between 0 and 100, each higher than the one before."


@pytest.fixture
def runs(org):
    """Two finished runs: weights v2 (scenario), then v3 with migrant workers weighing 1 instead of 3."""
    from pimpasa.villages.services.scoring import score_run_now, weight_set_create

    make_scenario()
    first = score_run_now(actor=None, trigger="cli")
    weight_set_create(actor=None, weights={**SCENARIO_WEIGHTS, "migrant_workers": 1.0}, note="Less migration")
    second = score_run_now(actor=None, trigger="cli")
    return first, second


def _client(login, user):
    client = login(user)
    client.cookies["django_language"] = "en"
    return client


def test_anonymous_callers_get_401(client, runs):
    for path in ("/api/v1/index/weights", "/api/v1/index/runs", f"/api/v1/index/runs/{runs[0].pk}"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json()["code"] == "unauthenticated"
    assert client.post("/api/v1/index/runs").status_code == 401
    assert client.post("/api/v1/index/weights", {}, content_type="application/json").status_code == 401


@pytest.mark.parametrize("username", ["admin", "partner_polres"])
def test_administrators_and_partners_get_404(org, runs, login, username):
    from pimpasa.villages.models import ScoreRun, WeightSet

    client = _client(login, org.users[username])

    for path in ("/api/v1/index/weights", "/api/v1/index/runs", f"/api/v1/index/runs/{runs[0].pk}"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"code": "not_found", "message": "Not found.", "details": None}
    assert client.post("/api/v1/index/runs").status_code == 404
    body = {"weights": {"poverty_rate": 1}}
    assert client.post("/api/v1/index/weights", body, content_type="application/json").status_code == 404
    assert (ScoreRun.objects.count(), WeightSet.objects.count()) == (2, 3)


@pytest.mark.parametrize("username", READERS)
def test_readers_read_weights_and_runs(org, runs, login, username):
    client = _client(login, org.users[username])

    assert client.get("/api/v1/index/weights").status_code == 200
    assert client.get("/api/v1/index/runs").status_code == 200
    assert client.get(f"/api/v1/index/runs/{runs[0].pk}").status_code == 200
    missing = client.get("/api/v1/index/runs/999999")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


@pytest.mark.parametrize("username", NOT_NATIONAL)
def test_other_readers_cannot_change_weights_or_recompute(org, runs, login, username):
    from pimpasa.villages.models import ScoreRun, WeightSet

    client = _client(login, org.users[username])

    response = client.post(
        "/api/v1/index/weights", {"weights": {"poverty_rate": 1}}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json() == {
        "code": "permission_denied",
        "message": "Only national users change indicators, weights and imports.",
        "details": None,
    }
    assert client.post("/api/v1/index/runs").status_code == 403
    assert (ScoreRun.objects.count(), WeightSet.objects.count()) == (2, 3)


def test_weights_lists_the_current_version_and_every_version(org, runs, login):
    client = _client(login, org.users["field_ponorogo"])

    body = client.get("/api/v1/index/weights").json()

    assert body["current"]["version"] == 3
    assert [v["version"] for v in body["versions"]] == [3, 2, 1]
    v2 = body["versions"][1]
    assert (v2["comparison"], v2["band_cuts"], v2["note"], v2["created_by"]) == (
        "national", [25.0, 50.0, 75.0], "Scenario", None,
    )  # fmt: skip
    assert v2["weights"] == [
        {"indicator": "migrant_workers", "name": "Migrant-worker placements per 1,000 residents",
         "direction": "higher_more", "weight": 3.0, "share": 0.6},
        {"indicator": "distance_office", "name": "Distance to the nearest immigration office or LTSA",
         "direction": "higher_less", "weight": 1.0, "share": 0.2},
        {"indicator": "poverty_rate", "name": "Poverty rate", "direction": "higher_more", "weight": 1.0,
         "share": 0.2},
    ]  # fmt: skip


def test_national_user_creates_weights(org, runs, login):
    client = _client(login, org.users["national"])

    response = client.post(
        "/api/v1/index/weights",
        {
            "weights": {"poverty_rate": 1, "tppo_cases_3y": 3},
            "band_cuts": [20, 40, 60],
            "note": "Cases first",
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["version"], body["comparison"], body["band_cuts"], body["created_by"]) == (
        4, "national", [20.0, 40.0, 60.0], "national",
    )  # fmt: skip
    assert [(w["indicator"], w["share"]) for w in body["weights"]] == [
        ("tppo_cases_3y", 0.75),
        ("poverty_rate", 0.25),
    ]


@pytest.mark.parametrize(
    ("body", "details"),
    [
        ({"weights": {"poverty_rate": 0}}, {"weights": ["At least one weight must be above zero."]}),
        ({"weights": {"nope": 1}}, {"weights": ["Unknown or inactive indicators: nope"]}),
        ({"weights": {"poverty_rate": 1}, "band_cuts": [60, 40, 80]}, {"band_cuts": [CUTS]}),
    ],
)  # fmt: skip
def test_invalid_weights_answer_422(org, runs, login, body, details):
    from pimpasa.villages.models import WeightSet

    client = _client(login, org.users["national"])

    response = client.post("/api/v1/index/weights", body, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert response.json()["details"] == details
    assert WeightSet.objects.count() == 3


def test_runs_list_newest_first_with_band_counts_of_the_callers_area(org, runs, login):
    first, second = runs
    national = _client(login, org.users["national"]).get("/api/v1/index/runs").json()
    ponorogo = (
        _client(login, org.users["intel_ponorogo"]).get("/api/v1/index/runs", {"status": "done"}).json()
    )

    assert national["count"] == 2
    assert [(r["id"], r["weight_set"], r["status"]) for r in national["items"]] == [
        (second.pk, 3, "done"),
        (first.pk, 2, "done"),
    ]
    assert national["items"][1]["bands"] == {
        "low": 316,
        "medium": 1,
        "high": 0,
        "very_high": 1,
        "none": 14133,
    }
    assert ponorogo["items"][1]["bands"] == {"low": 306, "medium": 1, "high": 0, "very_high": 0, "none": 329}
    assert national["items"][0]["villages"] == 14451
    assert national["items"][0]["requested_by"] == "system"


def test_run_detail_has_inputs_and_changes(org, runs, login):
    first, second = runs
    client = _client(login, org.users["national"])

    body = client.get(f"/api/v1/index/runs/{second.pk}").json()

    assert body["inputs"]["weight_set"] == 3
    assert [i["code"] for i in body["inputs"]["indicators"]] == [
        "distance_office",
        "migrant_workers",
        "poverty_rate",
    ]
    changes = body["changes"]
    counts = [changes[key] for key in ("previous_run", "compared", "changed", "up", "down")]
    assert counts == [first.pk, 14451, 3, 1, 2]
    assert sorted((m["old"], m["new"], m["count"]) for m in changes["moves"]) == [
        ("low", "medium", 1), ("medium", "low", 1), ("very_high", "high", 1),
    ]  # fmt: skip


def test_national_user_requests_a_recompute(org, runs, login):
    from procrastinate.contrib.django.models import ProcrastinateJob

    client = _client(login, org.users["national"])

    response = client.post("/api/v1/index/runs")

    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["weight_set"], body["trigger"], body["requested_by"]) == (
        "queued", 3, "api", "national",
    )  # fmt: skip
    assert body["bands"] == {"low": 0, "medium": 0, "high": 0, "very_high": 0, "none": 0}
    assert ProcrastinateJob.objects.filter(
        task_name="villages.compute_scores", args={"run_id": body["id"]}
    ).exists()
    # asked again while it waits: the same run
    assert client.post("/api/v1/index/runs").json()["id"] == body["id"]
