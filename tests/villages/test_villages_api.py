"""API: GET /api/v1/villages (filters shared with the page) and GET /api/v1/villages/{code}."""

from __future__ import annotations

import pytest

from pimpasa.regions.models import Region
from tests.villages.test_villages_list import WORK_AREA, _expected
from tests.villages.test_villages_support import UNSCORED, build_scored, designate, score_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(org):
    """A finished run scoring every village of the work area and its neighbours."""
    return build_scored()


LIST = "/api/v1/villages"


def test_list_is_the_ranked_work_area(org, scored, login):
    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"

    data = client.get(LIST, {"limit": 3}).json()

    expected = _expected(WORK_AREA)
    assert data["count"] == 636
    assert [item["code"] for item in data["items"]] == expected[:3]
    first = data["items"][0]
    village = Region.objects.select_related("parent__parent").get(code=first["code"])
    score = score_of(first["code"])
    assert first == {
        "rank": 1,
        "code": village.code,
        "name": village.name,
        "district": {"code": village.parent.code, "name": village.parent.name},
        "regency": {"code": village.parent.parent.code, "name": village.parent.parent.name},
        "score": score,
        "band": "very_high" if score >= 75 else "high",
        "coverage": 0.75,
        "dbi_status": "",
        "top_factors": [
            {
                "indicator": "migrant_workers",
                "name": "Migrant-worker placements per 1,000 residents",
                "contribution": round(score * 0.5, 4),
            },
            {"indicator": "poverty_rate", "name": "Poverty rate", "contribution": round(score * 0.3, 4)},
            {
                "indicator": "education_low",
                "name": "Share with education up to SMP",
                "contribution": round(score - round(score * 0.5, 4) - round(score * 0.3, 4), 4),
            },
        ],
    }


def test_list_filters_and_pages_like_the_page(org, scored, login):
    designate("35.02.01.2001", org.units["ponorogo"], "active")
    client = login(org.users["intel_ponorogo"])

    second_page = client.get(LIST, {"region": "35.02", "limit": 10, "offset": 10}).json()
    by_name = client.get(LIST, {"region": "35.02.01", "sort": "name", "limit": 500}).json()
    dbi = client.get(LIST, {"dbi": "any"}).json()
    high = client.get(LIST, {"band": "high", "min_score": 60, "limit": 500}).json()

    assert second_page["count"] == 307
    assert [i["code"] for i in second_page["items"]] == _expected(("35.02",))[10:20]
    assert [i["rank"] for i in second_page["items"]] == list(range(11, 21))
    names = (
        Region.objects.filter(parent_id="35.02.01").order_by("name", "code").values_list("code", flat=True)
    )
    assert [i["code"] for i in by_name["items"]] == list(names)
    assert [(i["code"], i["dbi_status"]) for i in dbi["items"]] == [("35.02.01.2001", "active")]
    expected_high = [c for c in _expected(WORK_AREA) if c not in UNSCORED and 60 <= score_of(c) < 75]
    assert [i["code"] for i in high["items"]] == expected_high
    assert high["count"] == len(high["items"])


@pytest.mark.parametrize(
    "params",
    [{"region": "Ponorogo"}, {"band": "extreme"}, {"dbi": "revoked"}, {"sort": "rank"}, {"min_score": 101}],
)
def test_list_rejects_bad_filters(org, scored, login, params):
    response = login(org.users["intel_ponorogo"]).get(LIST, params)

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"


@pytest.mark.parametrize("username", ["admin", "partner_polres"])
def test_list_and_detail_are_404_for_administrators_and_partners(org, scored, login, username):
    client = login(org.users[username])

    assert client.get(LIST).status_code == 404
    assert client.get(f"{LIST}/35.02.01.2001").status_code == 404


def test_list_requires_sign_in(client, scored):
    assert client.get(LIST).status_code == 401
    assert client.get(f"{LIST}/35.02.01.2001").status_code == 401


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("intel_ponorogo", "35.04.01.2001"),  # Tulungagung: same province, other office
        ("intel_ponorogo", "32.03.01.2001"),
        ("regional_jabar", "35.02.01.2001"),
        ("field_cianjur", "35.02.01.2001"),
        ("national", "35.02.01"),  # a kecamatan is not a village
        ("national", "99.99.99.9999"),
    ],
)
def test_detail_outside_scope_or_missing_is_404(org, scored, login, username, code):
    response = login(org.users[username]).get(f"{LIST}/{code}")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_list_query_count_is_pinned(org, scored, login, django_assert_num_queries):
    client = login(org.users["intel_ponorogo"])
    client.get(LIST)

    with django_assert_num_queries(11):
        data = client.get(LIST, {"limit": 100}).json()

    assert len(data["items"]) == 100
