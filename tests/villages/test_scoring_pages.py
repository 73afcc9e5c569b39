"""Index pages: weights and runs for every village reader; new weights and recomputes for national users."""

from __future__ import annotations

import pytest
from django.urls import reverse

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


@pytest.fixture
def runs(org):
    """Two finished runs: weights v2 (scenario), then v3 with migrant workers weighing 1 instead of 3."""
    from pimpasa.villages.services.scoring import score_run_now, weight_set_create

    make_scenario()
    first = score_run_now(actor=None, trigger="cli")
    weight_set_create(actor=None, weights={**SCENARIO_WEIGHTS, "migrant_workers": 1.0}, note="Less migration")
    second = score_run_now(actor=None, trigger="cli")
    return first, second


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def _urls(run_id: int) -> list[str]:
    return [
        reverse("villages:scoring_index"),
        reverse("villages:scoring_run", args=[run_id]),
        reverse("villages:scoring_run_status", args=[run_id]),
        reverse("villages:scoring_weights"),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, runs):
    posts = [reverse("villages:scoring_run_request"), reverse("villages:scoring_weights")]
    for url, response in [
        *((url, client.get(url)) for url in _urls(runs[0].pk)),
        *((url, client.post(url)) for url in posts),
    ]:
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("username", ["admin", "partner_polres"])
def test_administrators_and_partners_get_404(org, runs, login, username):
    from pimpasa.villages.models import ScoreRun, WeightSet

    client = login(org.users[username])

    for url in _urls(runs[0].pk):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("villages:scoring_run_request")).status_code == 404
    assert client.post(reverse("villages:scoring_weights"), {"note": "x"}).status_code == 404
    assert ScoreRun.objects.count() == 2
    assert WeightSet.objects.count() == 3


@pytest.mark.parametrize("username", READERS)
def test_readers_see_the_index_and_runs(org, runs, login, username):
    client = login(org.users[username])

    for url in _urls(runs[0].pk)[:3]:
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("villages:scoring_run", args=[999999])).status_code == 404


@pytest.mark.parametrize("username", NOT_NATIONAL)
def test_other_readers_cannot_change_weights_or_recompute(org, runs, login, username):
    from pimpasa.villages.models import ScoreRun, WeightSet

    client = login(org.users[username])

    assert client.get(reverse("villages:scoring_weights")).status_code == 403
    assert client.post(reverse("villages:scoring_weights"), {"note": "x"}).status_code == 403
    assert client.post(reverse("villages:scoring_run_request")).status_code == 403
    assert ScoreRun.objects.count() == 2
    assert WeightSet.objects.count() == 3
    page = client.get(reverse("villages:scoring_index")).content.decode()
    assert 'id="edit-weights"' not in page and 'id="recompute"' not in page


def test_index_shows_the_current_weights_and_the_runs(org, runs, login):
    client = _english(login(org.users["national"]))
    first, second = runs

    response = client.get(reverse("villages:scoring_index"))

    page = response.content.decode()
    assert "Current weights (version 3)" in page
    assert [(r.indicator.code, r.weight, round(r.percent, 1)) for r in response.context["weights"]] == [
        ("distance_office", 1.0, 33.3),
        ("migrant_workers", 1.0, 33.3),
        ("poverty_rate", 1.0, 33.3),
    ]
    assert "low below 25.0 · medium from 25.0 · high from 50.0 · very high from 75.0" in page
    rows = response.context["rows"]
    assert [(r.run.pk, r.run.weight_set.version, r.run.status) for r in rows] == [
        (second.pk, 3, "done"),
        (first.pk, 2, "done"),
    ]
    assert [(b.key, b.count) for b in rows[1].bands] == [
        ("low", 316), ("medium", 1), ("high", 0), ("very_high", 1), ("none", 14133),
    ]  # fmt: skip
    assert 'id="edit-weights"' in page and 'id="recompute"' in page
    assert "Version 2" in page  # the earlier versions


def test_band_counts_cover_the_readers_area(org, runs, login):
    first, _second = runs
    # Kanim Ponorogo reads Pacitan (172 villages), Ponorogo (307, all scored) and Trenggalek (157)
    ponorogo = login(org.users["field_ponorogo"]).get(reverse("villages:scoring_run", args=[first.pk]))
    assert [(b.key, b.count) for b in ponorogo.context["bands"]] == [
        ("low", 306), ("medium", 1), ("high", 0), ("very_high", 0), ("none", 172 + 157),
    ]  # fmt: skip


def test_run_detail_shows_inputs_and_for_national_users_the_changes(org, runs, login):
    first, second = runs
    client = _english(login(org.users["national"]))

    response = client.get(reverse("villages:scoring_run", args=[second.pk]))

    assert [(i["code"], i["weight"]) for i in response.context["inputs"]] == [
        ("distance_office", 1.0),
        ("migrant_workers", 1.0),
        ("poverty_rate", 1.0),
    ]
    changes = response.context["changes"]
    assert changes.previous == first
    # 35.02.01.2001 low → medium; 35.02.01.2003 medium → low; 32.03.01.2001 very high → high
    assert (changes.compared, changes.changed, changes.up, changes.down) == (14451, 3, 1, 2)
    assert sorted((m["old"], m["new"], m["count"]) for m in response.context["moves"]) == [
        ("low", "medium", 1),
        ("medium", "low", 1),
        ("very_high", "high", 1),
    ]
    assert f"Compared with run {first.pk}" in response.content.decode()


def test_run_detail_hides_the_changes_from_other_readers(org, runs, login):
    response = login(org.users["intel_ponorogo"]).get(reverse("villages:scoring_run", args=[runs[1].pk]))

    assert response.context["changes"] is None
    assert 'id="changes"' not in response.content.decode()


def test_recompute_queues_a_run_and_its_page_polls_until_done(org, runs, login):
    from procrastinate.contrib.django.models import ProcrastinateJob

    from pimpasa.villages.models import ScoreRun
    from pimpasa.villages.services.scoring import score_run_execute

    client = _english(login(org.users["national"]))

    response = client.post(reverse("villages:scoring_run_request"))

    run = ScoreRun.objects.order_by("-pk").first()
    assert run is not None
    assert response.status_code == 302
    assert response["Location"] == reverse("villages:scoring_run", args=[run.pk])
    assert (run.status, run.trigger, run.requested_by) == ("queued", "page", org.users["national"])
    assert ProcrastinateJob.objects.filter(
        task_name="villages.compute_scores", args={"run_id": run.pk}
    ).exists()
    status_url = reverse("villages:scoring_run_status", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    assert f'hx-get="{status_url}?pending=1"' in page
    assert 'hx-trigger="every 2s"' in page

    # while queued, the badge keeps polling; once done, the page reloads
    queued = client.get(status_url, {"pending": "1"}, HTTP_HX_REQUEST="true")
    assert "hx-trigger" in queued.content.decode() and "HX-Refresh" not in queued
    score_run_execute(run_id=run.pk)
    done = client.get(status_url, {"pending": "1"}, HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in done.content.decode()
    assert done["HX-Refresh"] == "true"
    assert ">Done<" in done.content.decode()


def test_weights_form_is_prefilled_and_saves_a_new_version(org, runs, login):
    from pimpasa.villages.models import WeightSet

    client = _english(login(org.users["national"]))

    form = client.get(reverse("villages:scoring_weights")).context["form"]
    assert form["weight_migrant_workers"].value() == 1.0
    assert form["weight_poverty_rate"].value() == 1.0
    assert form["weight_border_coast"].value() == 0.0
    assert (form["comparison"].value(), form["cut_very_high"].value()) == ("national", 75.0)

    data = {
        f"weight_{code}": "0"
        for code in WeightSet.objects.get(version=1).weights.values_list("indicator__code", flat=True)
    }
    data.update(weight_poverty_rate="2", weight_migrant_workers="3", comparison="province", cut_medium="20",
                cut_high="40", cut_very_high="60", note="Migration first")  # fmt: skip
    response = client.post(reverse("villages:scoring_weights"), data, follow=True)

    assert response.redirect_chain == [(reverse("villages:scoring_index"), 302)]
    assert "Weights version 4 is saved. Recompute the index to apply it." in response.content.decode()
    v4 = WeightSet.objects.get(version=4)
    assert (v4.comparison, v4.band_cuts, v4.note, v4.created_by) == (
        "province", [20.0, 40.0, 60.0], "Migration first", org.users["national"],
    )  # fmt: skip
    assert {w.indicator.code: w.weight for w in v4.weights.all() if w.weight} == {
        "migrant_workers": 3.0,
        "poverty_rate": 2.0,
    }


def test_weights_form_refuses_all_zero_weights(org, runs, login):
    from pimpasa.villages.models import WeightSet

    client = _english(login(org.users["national"]))

    response = client.post(
        reverse("villages:scoring_weights"),
        {"weight_poverty_rate": "0", "comparison": "national", "cut_medium": "25", "cut_high": "50",
         "cut_very_high": "75", "note": "Nothing"},
    )  # fmt: skip

    assert response.status_code == 422
    assert "At least one weight must be above zero." in response.content.decode()
    assert WeightSet.objects.count() == 3


@pytest.mark.parametrize("username", ["national", "intel_ponorogo"])
def test_index_queries_do_not_grow_with_the_runs(org, runs, login, username):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pimpasa.villages.models import ScoreRun

    client = login(org.users[username])
    client.get(reverse("villages:scoring_index"))  # warm the session
    with CaptureQueriesContext(connection) as two:
        assert client.get(reverse("villages:scoring_index")).status_code == 200
    for run in runs:
        ScoreRun.objects.create(weight_set=run.weight_set, comparison="national", status="queued")
    with CaptureQueriesContext(connection) as four:
        response = client.get(reverse("villages:scoring_index"))

    assert len(response.context["rows"]) == 4
    assert len(four.captured_queries) == len(two.captured_queries)
