"""GET /api/v1/regions and /api/v1/regions/{code}: public reference data, readable by anyone."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pimpasa.regions.models import Region

pytestmark = pytest.mark.django_db

PONOROGO = {
    "code": "35.02",
    "name": "Kabupaten Ponorogo",
    "level": 2,
    "kind": "kabupaten",
    "parent_code": "35",
}
JATIM = {"code": "35", "name": "Jawa Timur", "level": 1, "kind": "provinsi", "parent_code": None}


def get(client, url: str, **headers):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en", **headers)


@pytest.mark.parametrize("who", ["anonymous", "field_ponorogo", "partner_polres", "national"])
def test_everyone_reads_regions_including_outside_their_scope(org, client, login, who):
    # given a user of any role (or none); Cianjur lies outside the Ponorogo users' scope
    if who != "anonymous":
        login(org.users[who])

    listed = get(client, "/api/v1/regions?parent=32.03.01&limit=2")
    one = get(client, "/api/v1/regions/32.03")

    # then regions are public: the same answer for all, never 404 for scope
    assert listed.status_code == 200
    assert listed.json()["count"] == 11
    assert [r["code"] for r in listed.json()["items"]] == ["32.03.01.1006", "32.03.01.1007"]
    assert one.status_code == 200
    assert one.json()["name"] == "Kabupaten Cianjur"


def test_a_bad_bearer_token_does_not_matter_on_public_reads(regions, client):
    response = get(client, "/api/v1/regions/35.02", HTTP_AUTHORIZATION="Bearer not-a-token")

    assert response.status_code == 200


def test_list_children_of_a_parent_paginated(regions, client):
    response = get(client, "/api/v1/regions?parent=35&limit=2&offset=1")

    assert response.json() == {
        "items": [PONOROGO, {**PONOROGO, "code": "35.03", "name": "Kabupaten Trenggalek"}],
        "count": 38,
    }


def test_list_by_level_and_name_ignoring_case_and_accents(regions, client):
    response = get(client, "/api/v1/regions?level=2&q=PONORÓGO")

    assert response.json() == {"items": [PONOROGO], "count": 1}


def test_search_ranks_names_starting_with_the_text_first(regions, client):
    items = get(client, "/api/v1/regions?q=pono&limit=2").json()["items"]

    assert [(i["code"], i["name"]) for i in items] == [
        ("35.02", "Kabupaten Ponorogo"),
        ("35.02.17", "Ponorogo"),
    ]


def test_search_by_code_prefix(regions, client):
    body = get(client, "/api/v1/regions?q=35.02.01.201&limit=1").json()

    assert body["count"] == 10
    assert body["items"][0]["code"] == "35.02.01.2010"


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("level=5", 422, "validation_failed"),
        ("level=x", 422, "validation_failed"),
        ("parent=35.99", 422, "validation_failed"),
        ("limit=0", 422, "validation_failed"),
    ],
)
def test_bad_list_parameters_answer_in_the_error_shape(regions, client, query, status, code):
    response = get(client, f"/api/v1/regions?{query}")

    assert response.status_code == status
    assert response.json()["code"] == code
    assert set(response.json()) == {"code", "message", "details"}


def test_unknown_parent_is_named(regions, client):
    response = get(client, "/api/v1/regions?parent=35.99")

    assert response.json() == {
        "code": "validation_failed",
        "message": "No region has the code 35.99.",
        "details": {"parent": "unknown region code"},
    }


def test_detail_has_the_parent_chain_province_first_and_counts(regions, client):
    response = get(client, "/api/v1/regions/35.02.01.2001")

    assert response.status_code == 200
    assert response.json() == {
        "code": "35.02.01.2001",
        "name": "Tugurejo",
        "level": 4,
        "kind": "desa",
        "parent_code": "35.02.01",
        "parents": [
            JATIM,
            PONOROGO,
            {"code": "35.02.01", "name": "Slahung", "level": 3, "kind": "kecamatan", "parent_code": "35.02"},
        ],
        "children_count": 0,
        "descendant_counts": {"regencies": 0, "districts": 0, "villages": 0},
        "postal_code": "63463",
        "population": None,
        "population_male": None,
        "population_female": None,
        "area_km2": None,
        "latitude": None,
        "longitude": None,
    }


def test_detail_shows_population_area_and_point_when_known(regions, client):
    Region.objects.filter(code="35.02").update(
        population=979008,
        population_male=486147,
        population_female=492861,
        area_km2=Decimal("1418.618"),
        latitude=Decimal("-7.865123"),
        longitude=Decimal("111.4696"),
    )

    body = get(client, "/api/v1/regions/35.02").json()

    assert body == {
        **PONOROGO,
        "parents": [JATIM],
        "children_count": 21,
        "descendant_counts": {"regencies": 0, "districts": 21, "villages": 307},
        "postal_code": None,
        "population": 979008,
        "population_male": 486147,
        "population_female": 492861,
        "area_km2": 1418.618,
        "latitude": -7.865123,
        "longitude": 111.4696,
    }


def test_province_detail_counts_every_level_below(regions, client):
    body = get(client, "/api/v1/regions/35").json()

    assert body["parents"] == []
    assert body["children_count"] == 38
    assert body["descendant_counts"] == {"regencies": 38, "districts": 666, "villages": 8494}


@pytest.mark.parametrize("code", ["35.99", "99", "abc", "35.02.01.9999"])
def test_unknown_code_is_404_in_the_error_shape(regions, client, code):
    response = get(client, f"/api/v1/regions/{code}")

    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": f"No region has the code {code}.",
        "details": None,
    }


def test_error_messages_follow_the_language(regions, client):
    response = client.get("/api/v1/regions/35.99", HTTP_ACCEPT_LANGUAGE="id")

    assert response.json()["message"] == "Tidak ada wilayah dengan kode 35.99."


def test_list_reads_a_page_in_three_queries(regions, client, django_assert_num_queries):
    # the parent's existence, the count and the page, whatever the page size
    with django_assert_num_queries(3):
        response = get(client, "/api/v1/regions?parent=35.02&limit=50")

    assert len(response.json()["items"]) == 21
