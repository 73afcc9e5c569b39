"""The risk map: its page, and the JSON of kecamatan/kab-kota points and DBI villages (exact, small run)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse

from pimpasa.regions.models import Region
from tests.villages.test_villages_support import designate, make_run, score_villages

pytestmark = pytest.mark.django_db

MAP = "/api/v1/villages/map"
SCORES = {
    "35.02.01.2001": 80.0,
    "35.02.01.2002": 40.0,
    "35.02.01.2003": 10.0,
    "35.02.01.2004": None,
    "35.02.02.2001": 55.0,
    "35.01.01.2001": 20.0,
    "32.03.01.2001": 99.0,
}
CENTROIDS = {
    "35.01": ("-8.133330", "111.166670"),
    "35.02": ("-7.933330", "111.500000"),
    "35.03": ("-8.166670", "111.616670"),
    "35.02.01": ("-8.010000", "111.450000"),
    "35.02.02": ("-8.050000", "111.400000"),
    "32.03": ("-6.820000", "107.140000"),
    "32.03.01": ("-6.900000", "107.100000"),
    "35.02.01.2005": ("-7.990000", "111.510000"),
}


@pytest.fixture
def small_map(org):
    run = make_run(version=902)
    score_villages(run, scores=SCORES)
    for code, (lat, lon) in CENTROIDS.items():
        Region.objects.filter(code=code).update(latitude=Decimal(lat), longitude=Decimal(lon))
    unit = org.units["ponorogo"]
    designate("35.02.01.2002", unit, "designated")  # no village point: shown at the kecamatan
    designate("35.02.01.2005", unit, "active")  # own point, no score in the run
    designate("35.02.01.2003", unit, "proposed")  # not a DBI yet
    designate("32.03.01.2001", org.units["cianjur"], "active")  # outside Ponorogo's scope
    return run


def _get(client, **params):
    response = client.get(MAP, params)
    assert response.status_code == 200, response.content
    return response.json()


def _point(data, code):
    return next(p for p in data["points"] if p["code"] == code)


def test_district_points_take_the_highest_score_and_count_villages(org, small_map, login):
    client = login(org.users["intel_ponorogo"])

    data = _get(client, level="district", agg="max")

    assert data["level"] == "district"
    assert data["agg"] == "max"
    assert data["run"] == small_map.pk
    assert data["band_cuts"] == [25.0, 50.0, 75.0]
    assert data["points"] == [
        {
            "code": "35.02.01",
            "name": "Slahung",
            "parent": "Kabupaten Ponorogo",
            "lat": -8.01,
            "lon": 111.45,
            "villages": 22,
            "scored": 3,
            "dbi": 2,
            "score": 80.0,
            "band": "very_high",
        },
        {
            "code": "35.02.02",
            "name": "Ngrayun",
            "parent": "Kabupaten Ponorogo",
            "lat": -8.05,
            "lon": 111.4,
            "villages": 11,
            "scored": 1,
            "dbi": 0,
            "score": 55.0,
            "band": "high",
        },
    ]
    # 47 kecamatan in the work area, two with a centroid
    assert data["missing"] == 45
    assert data["bounds"] == [[-8.16667, 111.16667], [-7.93333, 111.61667]]


def test_mean_of_scored_villages(org, small_map, login):
    client = login(org.users["intel_ponorogo"])

    data = _get(client, level="district", agg="mean")

    slahung = _point(data, "35.02.01")
    assert (slahung["score"], slahung["band"], slahung["villages"]) == (43.33, "medium", 22)
    assert _point(data, "35.02.02")["score"] == 55.0


def test_regency_points(org, small_map, login):
    client = login(org.users["intel_ponorogo"])

    highest = _get(client, level="regency", agg="max")
    mean = _get(client, level="regency", agg="mean")

    summary = [
        (p["code"], p["villages"], p["scored"], p["dbi"], p["score"], p["band"]) for p in highest["points"]
    ]
    assert summary == [
        ("35.01", 172, 1, 0, 20.0, "low"),
        ("35.02", 307, 4, 2, 80.0, "very_high"),
        ("35.03", 157, 0, 0, None, ""),
    ]
    assert [(p["code"], p["score"], p["band"]) for p in mean["points"]] == [
        ("35.01", 20.0, "low"),
        ("35.02", 46.25, "medium"),
        ("35.03", None, ""),
    ]
    assert highest["missing"] == 0
    assert highest["points"][1]["parent"] == ""


def test_dbi_villages_at_their_own_point_or_their_kecamatan(org, small_map, login):
    client = login(org.users["intel_ponorogo"])

    data = _get(client)

    assert data["dbi"] == [
        {
            "code": "35.02.01.2002",
            "name": Region.objects.get(code="35.02.01.2002").name,
            "district": "Slahung",
            "lat": -8.01,
            "lon": 111.45,
            "exact": False,
            "status": "designated",
            "score": 40.0,
            "band": "medium",
        },
        {
            "code": "35.02.01.2005",
            "name": Region.objects.get(code="35.02.01.2005").name,
            "district": "Slahung",
            "lat": -7.99,
            "lon": 111.51,
            "exact": True,
            "status": "active",
            "score": None,
            "band": "",
        },
    ]


def test_band_and_dbi_filters_narrow_the_villages_counted(org, small_map, login):
    client = login(org.users["intel_ponorogo"])

    high = _get(client, level="district", band="high")
    dbi = _get(client, level="district", dbi="any")
    not_dbi = _get(client, level="district", dbi="none")

    assert [(p["code"], p["villages"], p["score"]) for p in high["points"]] == [("35.02.02", 1, 55.0)]
    assert high["dbi"] == []
    assert [(p["code"], p["villages"], p["scored"], p["score"], p["band"]) for p in dbi["points"]] == [
        ("35.02.01", 2, 1, 40.0, "medium")
    ]
    assert [v["code"] for v in dbi["dbi"]] == ["35.02.01.2002", "35.02.01.2005"]
    assert [(p["code"], p["villages"], p["dbi"]) for p in not_dbi["points"]] == [
        ("35.02.01", 20, 0),
        ("35.02.02", 11, 0),
    ]
    assert not_dbi["dbi"] == []


def test_national_map_has_every_province_and_bounds(org, small_map, login):
    client = login(org.users["national"])

    data = _get(client, level="regency")

    assert [p["code"] for p in data["points"]] == ["32.03", "35.01", "35.02", "35.03"]
    assert _point(data, "32.03")["score"] == 99.0
    assert [v["code"] for v in data["dbi"]] == ["32.03.01.2001", "35.02.01.2002", "35.02.01.2005"]
    assert data["bounds"] == [[-8.16667, 107.1], [-6.82, 111.61667]]


def test_map_with_no_run_has_unscored_points(org, login):
    Region.objects.filter(code="35.02").update(latitude=Decimal("-7.9"), longitude=Decimal("111.5"))
    client = login(org.users["intel_ponorogo"])

    data = _get(client, level="regency")

    assert data["run"] is None
    assert data["band_cuts"] == []
    assert [(p["code"], p["villages"], p["score"], p["band"]) for p in data["points"]] == [
        ("35.02", 307, None, "")
    ]


@pytest.mark.parametrize("username", ["admin", "partner_polres"])
def test_map_json_is_404_for_administrators_and_partners(org, small_map, login, username):
    response = login(org.users[username]).get(MAP)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_map_json_rejects_unknown_levels_and_requires_sign_in(org, small_map, client, login):
    assert client.get(MAP).status_code == 401
    response = login(org.users["intel_ponorogo"]).get(MAP, {"level": "village"})
    assert response.status_code == 422


def test_map_json_query_count_is_pinned(org, small_map, login, django_assert_num_queries):
    client = login(org.users["intel_ponorogo"])
    client.get(MAP)

    with django_assert_num_queries(10):
        client.get(MAP, {"level": "district"})


def test_map_page_without_tiles(org, small_map, login):
    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"

    with override_settings(PIMPASA_MAP_TILE_URL=""):
        response = client.get(reverse("villages:map"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="/static/vendor/leaflet/leaflet.js" defer></script>' in html
    assert '<script src="/static/villages/map.js" defer></script>' in html
    assert "style=" not in html
    assert "<script>" not in html
    config = response.context["config"]
    assert config["tileUrl"] == ""
    assert config["level"] == "district"
    assert config["areaScope"] is True
    assert config["api"] == MAP
    assert config["detailUrl"] == "/villages/00.00.00.0000/"
    legend = [(band, low, high) for band, _label, low, high in response.context["legend"]]
    assert legend == [
        ("low", None, 25.0),
        ("medium", 25.0, 50.0),
        ("high", 50.0, 75.0),
        ("very_high", 75.0, None),
    ]
    assert '<li data-band="very_high"><span class="swatch band-very_high"></span> Very high' in html
    assert (
        json.loads(
            html.split('<script id="village-map-config" type="application/json">')[1].split("</script>")[0]
        )["tileUrl"]
        == ""
    )


def test_map_page_passes_the_tile_setting(org, small_map, login):
    client = login(org.users["national"])

    with override_settings(PIMPASA_MAP_TILE_URL="https://tiles.example.go.id/{z}/{x}/{y}.png"):
        response = client.get(reverse("villages:map"))

    assert response.context["config"]["tileUrl"] == "https://tiles.example.go.id/{z}/{x}/{y}.png"
    assert response.context["config"]["level"] == "regency"
    assert response.context["config"]["areaScope"] is False
