"""Village list and candidate list: scoped to the work area, ranked by score, filters, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pimpasa.core.scoping import region_q
from pimpasa.regions.models import Region
from tests.villages.test_villages_support import (
    SCORED_REGENCIES,
    UNSCORED,
    build_scored,
    designate,
    expected_ranking,
    score_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(org):
    """A finished run scoring every village of the work area and its neighbours."""
    return build_scored()


WORK_AREA = ("35.01", "35.02", "35.03")


def _codes_in(prefixes: tuple[str, ...]) -> list[str]:
    return list(
        Region.objects.filter(level=4).filter(region_q("code", prefixes)).values_list("code", flat=True)
    )


def _expected(prefixes: tuple[str, ...], *, scored_prefixes: tuple[str, ...] = SCORED_REGENCIES) -> list[str]:
    scores = {}
    for code in _codes_in(prefixes):
        in_run = any(code.startswith(p + ".") for p in scored_prefixes)
        scores[code] = score_of(code) if in_run and code not in UNSCORED else None
    return expected_ranking(scores)


def _all_pages(client, url, params=None):
    rows, page = [], 1
    while True:
        response = client.get(url, {**(params or {}), "page": page})
        assert response.status_code == 200
        rows.extend(response.context["rows"])
        if not response.context["page"].has_next():
            return rows
        page += 1


def test_pages_send_anonymous_visitors_to_sign_in(client, scored):
    for url in (
        reverse("villages:list"),
        reverse("villages:candidates"),
        reverse("villages:export", args=["csv"]),
        reverse("villages:candidates_export", args=["xlsx"]),
        reverse("villages:map"),
        reverse("villages:detail", args=["35.02.01.2001"]),
    ):
        response = client.get(url)

        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("username", ["admin", "partner_polres"])
@pytest.mark.parametrize("name", ["villages:list", "villages:candidates", "villages:map"])
def test_administrators_and_partners_get_404(org, scored, login, username, name):
    client = login(org.users[username])

    assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse("villages:export", args=["csv"])).status_code == 404
    assert client.get(reverse("villages:candidates_export", args=["xlsx"])).status_code == 404


def test_ponorogo_intelligence_sees_its_work_area_ranked_by_score(org, scored, login):
    client = login(org.users["intel_ponorogo"])

    rows = _all_pages(client, reverse("villages:list"))

    expected = _expected(WORK_AREA)
    assert len(expected) == 636  # Pacitan 172, Ponorogo 307, Trenggalek 157
    assert [row.code for row in rows] == expected
    assert [row.rank for row in rows] == list(range(1, 637))
    assert {row.code[:5] for row in rows} == set(WORK_AREA)
    # unscored villages come last, without band or factors
    assert [row.code for row in rows[-2:]] == sorted(UNSCORED)
    assert all(row.score is None and row.band == "" and row.factors == [] for row in rows[-2:])


def test_each_row_explanation_adds_up_to_its_score(org, scored, login):
    client = login(org.users["intel_ponorogo"])

    rows = client.get(reverse("villages:list")).context["rows"]

    assert len(rows) == 50
    for row in rows:
        assert row.score == score_of(row.code)
        assert round(sum(entry["contribution"] for entry in row.explanation), 4) == row.score
        assert [f.indicator for f in row.factors] == ["migrant_workers", "poverty_rate", "education_low"]
        assert row.factors[0].contribution == round(row.score * 0.5, 4)


def test_first_row_shows_rank_names_score_band_and_factors(org, scored, login):
    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"

    response = client.get(reverse("villages:list"))

    first = response.context["rows"][0]
    village = Region.objects.select_related("parent__parent").get(code=first.code)
    assert first.district == village.parent.name
    assert first.regency == village.parent.parent.name
    html = response.content.decode()
    assert f'<tr data-code="{first.code}">' in html
    assert f"{first.score:.1f}" in html
    assert f'<span class="badge band-{first.band}">{first.band_label}</span>' in html
    assert "Migrant-worker placements per 1,000 residents" in html
    assert "Cianjur" not in html


@pytest.mark.parametrize(
    ("username", "prefixes"),
    [
        ("field_ponorogo", WORK_AREA),
        ("regional_jatim", ("35",)),
        ("national", ("35", "32")),
    ],
)
def test_scope_decides_which_villages_are_listed(org, scored, login, username, prefixes):
    client = login(org.users[username])

    response = client.get(reverse("villages:list"))

    assert response.context["page"].paginator.count == len(_codes_in(prefixes))
    assert [row.code for row in response.context["rows"]] == _expected(prefixes)[:50]


def test_filters_narrow_and_order_the_list(org, scored, login):
    client = login(org.users["intel_ponorogo"])
    url = reverse("villages:list")
    ponorogo = _expected(("35.02",))
    district = _expected(("35.02.01",))

    by_region = client.get(url, {"region": "35.02"}).context
    by_district_name = client.get(url, {"region": "35.02.01", "sort": "name"}).context["rows"]
    by_code = client.get(url, {"region": "35.02.01", "sort": "code"}).context["rows"]
    very_high = _all_pages(client, url, {"band": "very_high"})
    at_least_90 = _all_pages(client, url, {"min_score": "90"})
    outside = client.get(url, {"region": "32.03"}).context["page"].paginator.count
    text = client.get(url, {"q": ponorogo[0]}).context["rows"]

    assert by_region["page"].paginator.count == 307
    assert [row.code for row in by_region["rows"]] == ponorogo[:50]
    names = (
        Region.objects.filter(parent_id="35.02.01").order_by("name", "code").values_list("code", flat=True)
    )
    assert [row.code for row in by_district_name] == list(names)
    assert [row.code for row in by_code] == sorted(district)
    # the rank stays the position by score whatever the order
    assert {row.code: row.rank for row in by_code} == {code: i for i, code in enumerate(district, start=1)}
    everything = _expected(WORK_AREA)
    assert [row.code for row in very_high] == [
        c for c in everything if c not in UNSCORED and score_of(c) >= 75
    ]
    assert [row.code for row in at_least_90] == [
        c for c in everything if c not in UNSCORED and score_of(c) >= 90
    ]
    assert outside == 0
    assert [row.code for row in text] == [ponorogo[0]]


def test_invalid_filters_are_reported_and_ignored(org, scored, login):
    client = login(org.users["intel_ponorogo"])

    response = client.get(reverse("villages:list"), {"region": "Ponorogo", "min_score": "120"})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"region", "min_score"}
    assert response.context["page"].paginator.count == 636


def test_dbi_filter_and_status_column(org, scored, login):
    unit = org.units["ponorogo"]
    designate("35.02.01.2001", unit, "active")
    designate("35.02.01.2002", unit, "proposed")
    designate("35.02.01.2004", unit, "revoked")
    client = login(org.users["intel_ponorogo"])
    url = reverse("villages:list")

    dbi = client.get(url, {"dbi": "any"}).context["rows"]
    proposed = client.get(url, {"dbi": "proposed"}).context["rows"]
    not_dbi = client.get(url, {"dbi": "none", "region": "35.02.01"}).context

    assert [(row.code, row.dbi_status, row.is_dbi) for row in dbi] == [("35.02.01.2001", "active", True)]
    assert [(row.code, row.dbi_status) for row in proposed] == [("35.02.01.2002", "proposed")]
    codes = [row.code for row in not_dbi["rows"]]
    assert "35.02.01.2001" not in codes
    assert "35.02.01.2002" in codes
    assert "35.02.01.2004" in codes  # revoked: no open designation
    assert not_dbi["page"].paginator.count == Region.objects.filter(parent_id="35.02.01").count() - 1


def test_candidate_list_leaves_out_dbi_and_links_designations(org, scored, login):
    unit = org.units["ponorogo"]
    active = designate("35.02.01.2001", unit, "active")
    evaluated = designate("35.02.01.2005", unit, "evaluated")
    proposed = designate("35.02.01.2002", unit, "proposed")
    client = login(org.users["intel_ponorogo"])

    response = client.get(reverse("villages:candidates"), {"region": "35.02.01"})

    rows = response.context["rows"]
    codes = [row.code for row in rows]
    assert active.village_id not in codes
    assert evaluated.village_id not in codes
    expected = [c for c in _expected(("35.02.01",)) if c not in {"35.02.01.2001", "35.02.01.2005"}]
    assert codes == expected
    assert [row.rank for row in rows] == list(range(1, len(expected) + 1))
    html = response.content.decode()
    start = reverse("villages:designation_start")
    assert f'href="{start}?village=35.02.01.2003"' in html
    assert f'href="{start}?village=35.02.01.2002"' not in html
    assert f'href="{reverse("villages:designation_detail", args=[proposed.pk])}"' in html


def test_candidate_list_hides_the_start_link_from_field_officers(org, scored, login):
    client = login(org.users["field_ponorogo"])

    response = client.get(reverse("villages:candidates"), {"region": "35.02.01"})

    assert response.status_code == 200
    assert response.context["can_propose"] is False
    assert "?village=" not in response.content.decode()


def test_candidate_status_filter_offers_only_steps_before_dbi(org, scored, login):
    client = login(org.users["intel_ponorogo"])

    form = client.get(reverse("villages:candidates")).context["form"]

    assert [value for value, _label in form.fields["dbi"].choices] == [
        "",
        "candidate",
        "proposed",
        "meeting_held",
    ]


def test_htmx_request_gets_the_results_partial(org, scored, login):
    client = login(org.users["intel_ponorogo"])

    response = client.get(reverse("villages:list"), {"region": "35.02.01"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="village-table">')
    assert "<html" not in html


def test_list_without_a_run_shows_villages_unscored(org, login):
    client = login(org.users["intel_ponorogo"])

    response = client.get(reverse("villages:list"), {"region": "35.02.01", "sort": "score"})

    rows = response.context["rows"]
    assert [row.code for row in rows] == sorted(_codes_in(("35.02.01",)))
    assert all(row.score is None and row.band == "" for row in rows)


@pytest.mark.parametrize(("username", "queries"), [("intel_ponorogo", 11), ("national", 10)])
def test_list_query_count_is_pinned(org, scored, login, django_assert_num_queries, username, queries):
    client = login(org.users[username])
    client.get(reverse("villages:list"))  # warm the session

    with django_assert_num_queries(queries):
        response = client.get(reverse("villages:list"), {"page": 2})

    assert len(response.context["rows"]) == 50
