"""Indicators API: who reads (village staff), who writes (national users), what comes back."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pimpasa.core.models import TimelineEvent
from pimpasa.villages.models import ImportBatch, Indicator, IndicatorValue
from tests.villages.test_indicators_support import CIANJUR_VILLAGE, KAB, V1, counts

pytestmark = pytest.mark.django_db

READERS = [
    "field_ponorogo",
    "intel_ponorogo",
    "head_ponorogo",
    "passport_ponorogo",
    "regional_jatim",
    "national",
]
NON_READERS = ["admin", "partner_polres"]
SEEDED = [
    "border_coast",
    "distance_office",
    "education_low",
    "migrant_workers",
    "passport_postponements",
    "poverty_rate",
    "returned_migrants",
    "tppo_cases_3y",
    "unemployment_rate",
    "young_adults",
]
NEW = {
    "code": "recruiter_reports",
    "name_id": "Laporan calo",
    "name_en": "Recruiter reports",
    "unit": "count",
    "direction": "higher_more",
    "level": 4,
    "source": "PIMPASA",
    "description": "Reports of unlicensed recruiters in the last year.",
}


def _codes(body):
    return [item["code"] for item in body["items"]]


def test_anonymous_callers_get_401(client, org):
    for method, url in [
        ("get", "/api/v1/indicators"),
        ("get", "/api/v1/indicators/poverty_rate"),
        ("get", "/api/v1/indicators/poverty_rate/values"),
        ("get", "/api/v1/indicator-imports"),
        ("post", "/api/v1/indicators"),
        ("patch", "/api/v1/indicators/poverty_rate"),
        ("post", "/api/v1/indicator-imports"),
    ]:
        response = getattr(client, method)(url, data={}, content_type="application/json")
        assert response.status_code == 401, url


@pytest.mark.parametrize("username", READERS)
def test_village_staff_read_the_indicators(org, login, username):
    client = login(org.users[username])

    listing = client.get("/api/v1/indicators")
    detail = client.get("/api/v1/indicators/poverty_rate")

    assert listing.status_code == 200
    assert _codes(listing.json()) == SEEDED
    assert detail.status_code == 200
    assert detail.json() == {
        "code": "poverty_rate",
        "name": "Persentase penduduk miskin",
        "name_id": "Persentase penduduk miskin",
        "name_en": "Poverty rate",
        "unit": "percent",
        "direction": "higher_more",
        "level": 2,
        "source": "BPS",
        "description": "Share of residents below the poverty line.",
        "active": True,
        "value_count": 0,
        "periods": [],
    }


@pytest.mark.parametrize("username", NON_READERS)
def test_administrators_and_partners_find_nothing(org, login, username):
    client = login(org.users[username])

    for url in [
        "/api/v1/indicators",
        "/api/v1/indicators/poverty_rate",
        "/api/v1/indicators/poverty_rate/values",
        "/api/v1/indicator-imports",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post("/api/v1/indicators", NEW, content_type="application/json").status_code == 404
    assert (
        client.patch(
            "/api/v1/indicators/poverty_rate", {"active": False}, content_type="application/json"
        ).status_code
        == 404
    )
    assert not Indicator.objects.filter(code="recruiter_reports").exists()
    assert Indicator.objects.get(code="poverty_rate").active


def test_the_list_filters_and_the_name_follows_the_language(org, login):
    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"

    assert _codes(client.get("/api/v1/indicators?level=2").json()) == ["poverty_rate", "unemployment_rate"]
    assert _codes(client.get("/api/v1/indicators?unit=flag").json()) == ["border_coast"]
    assert _codes(client.get("/api/v1/indicators?q=migrant").json()) == [
        "migrant_workers",
        "returned_migrants",
    ]
    assert client.get("/api/v1/indicators/poverty_rate").json()["name"] == "Poverty rate"
    assert client.get("/api/v1/indicators?level=1").status_code == 422
    assert client.get("/api/v1/indicators/gdp_growth").status_code == 404


def test_a_national_user_adds_an_indicator(org, login):
    client = login(org.users["national"])

    response = client.post("/api/v1/indicators", NEW, content_type="application/json")

    assert response.status_code == 201
    assert response.json() == {**NEW, "name": "Laporan calo", "active": True, "value_count": 0, "periods": []}
    indicator = Indicator.objects.get(code="recruiter_reports")
    assert indicator.created_by == org.users["national"]
    event = TimelineEvent.objects.get(event_type="indicator.created")
    assert (event.actor, event.target_id) == (org.users["national"], str(indicator.pk))
    assert event.data["new"]["code"] == "recruiter_reports"


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"code": "poverty_rate"}, 422, "validation_failed"),
        ({"code": "imports"}, 422, "validation_failed"),
        ({"code": "Recruiters"}, 422, "validation_failed"),
        ({"unit": "litres"}, 422, "validation_failed"),
        ({"level": 1}, 422, "validation_failed"),
        ({"name_en": ""}, 422, "validation_failed"),
    ],
)
def test_a_bad_definition_is_refused(org, login, change, status, code):
    client = login(org.users["national"])

    response = client.post("/api/v1/indicators", {**NEW, **change}, content_type="application/json")

    assert response.status_code == status
    assert response.json()["code"] == code
    assert Indicator.objects.count() == 10


@pytest.mark.parametrize("username", ["intel_ponorogo", "head_ponorogo", "regional_jatim", "field_ponorogo"])
def test_other_readers_may_not_write(org, login, username):
    client = login(org.users[username])

    created = client.post("/api/v1/indicators", NEW, content_type="application/json")
    patched = client.patch(
        "/api/v1/indicators/poverty_rate", {"active": False}, content_type="application/json"
    )
    upload = client.post(
        "/api/v1/indicator-imports",
        {
            "file": SimpleUploadedFile("v.csv", b"code,poverty_rate\n35.02,10\n"),
            "source": "BPS",
            "period": 2024,
        },
    )

    assert (created.status_code, patched.status_code, upload.status_code) == (403, 403, 403)
    assert created.json()["code"] == "permission_denied"
    assert not Indicator.objects.filter(code="recruiter_reports").exists()
    assert Indicator.objects.get(code="poverty_rate").active
    assert counts() == {"values": 0, "history": 0, "batches": 0, "events": 0}


def test_a_national_user_changes_an_indicator_and_the_code_locks_once_values_exist(org, login):
    client = login(org.users["national"])

    renamed = client.patch(
        "/api/v1/indicators/young_adults",
        {"code": "young_residents", "name_en": "Share aged 20 to 45", "reason": "clearer"},
        content_type="application/json",
    )
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code="young_residents"),
        region_id=KAB,
        period=2024,
        value=40,
        source="x",
    )
    locked = client.patch(
        "/api/v1/indicators/young_residents", {"code": "youth"}, content_type="application/json"
    )
    unit_locked = client.patch(
        "/api/v1/indicators/young_residents", {"unit": "count"}, content_type="application/json"
    )
    deactivated = client.patch(
        "/api/v1/indicators/young_residents", {"active": False}, content_type="application/json"
    )

    assert renamed.status_code == 200
    assert (renamed.json()["code"], renamed.json()["name_en"]) == ("young_residents", "Share aged 20 to 45")
    assert (locked.status_code, locked.json()["code"]) == (422, "indicator_code_locked")
    assert (unit_locked.status_code, unit_locked.json()["code"]) == (422, "indicator_unit_locked")
    assert deactivated.status_code == 200
    indicator = Indicator.objects.get(code="young_residents")
    assert (indicator.unit, indicator.active) == ("percent", False)
    events = TimelineEvent.objects.filter(event_type="indicator.updated").order_by("id")
    assert [(e.data, e.reason) for e in events] == [
        (
            {
                "old": {"code": "young_adults", "name_en": "Share aged 20–45"},
                "new": {"code": "young_residents", "name_en": "Share aged 20 to 45"},
            },
            "clearer",
        ),
        ({"old": {"active": True}, "new": {"active": False}}, ""),
    ]


def test_values_of_an_indicator_stay_in_the_callers_area(org, login):
    poverty = Indicator.objects.get(code="poverty_rate")
    for region, value in [(KAB, 11.5), ("32.03", 10.1), (V1, 13.0), (CIANJUR_VILLAGE, 9.0)]:
        IndicatorValue.objects.create(
            indicator=poverty, region_id=region, period=2024, value=value, source="BPS"
        )

    ponorogo = login(org.users["intel_ponorogo"]).get("/api/v1/indicators/poverty_rate/values").json()

    assert ponorogo["count"] == 2
    assert [(i["region"]["code"], i["value"]) for i in ponorogo["items"]] == [(KAB, 11.5), (V1, 13.0)]
    assert ponorogo["items"][0]["region"] == {"code": KAB, "name": "Kabupaten Ponorogo", "level": 2}
    national = login(org.users["national"])
    assert national.get("/api/v1/indicators/poverty_rate/values?region=32.03").json()["count"] == 2
    assert national.get("/api/v1/indicators/poverty_rate/values?period=2025").json()["count"] == 0
    assert national.get("/api/v1/indicators/poverty_rate").json()["value_count"] == 4
    assert national.get("/api/v1/indicators/poverty_rate/values?region=3x").status_code == 422


def test_a_national_user_imports_a_file_and_a_bad_one_is_refused_with_its_rows(org, login):
    client = login(org.users["national"])

    good = client.post(
        "/api/v1/indicator-imports",
        {
            "file": SimpleUploadedFile("v.csv", f"code,poverty_rate\n{KAB},10\n".encode()),
            "source": "BPS",
            "period": 2024,
        },
    )
    bad = client.post(
        "/api/v1/indicator-imports",
        {
            "file": SimpleUploadedFile("bad.csv", f"code,poverty_rate\n{KAB},10\n35.99,x\n".encode()),
            "source": "BPS",
            "period": 2024,
        },
    )
    client.cookies["django_language"] = "en"
    english = client.post(
        "/api/v1/indicator-imports",
        {
            "file": SimpleUploadedFile("bad.csv", b"code,poverty_rate\n35.99,5\n"),
            "source": "BPS",
            "period": 2024,
        },
    )

    assert good.status_code == 201
    body = good.json()
    assert (body["values"], body["unchanged"], body["indicators"]) == (1, 0, ["poverty_rate"])
    assert {k: body["batch"][k] for k in ("source", "period", "file_name", "layout", "rows", "created")} == {
        "source": "BPS",
        "period": 2024,
        "file_name": "v.csv",
        "layout": "wide",
        "rows": 1,
        "created": 1,
    }
    assert body["batch"]["imported_by"] == "national"
    assert bad.status_code == 422
    assert bad.json()["code"] == "indicator_file_rejected"
    assert bad.json()["details"]["error_count"] == 2
    assert [(e["row"], e["column"], e["value"]) for e in bad.json()["details"]["errors"]] == [
        (3, "code", "35.99"),
        (3, "poverty_rate", "x"),
    ]
    assert english.json()["message"] == "bad.csv was rejected (1 problem); nothing was written."
    assert english.json()["details"]["errors"][0]["reason"] == "unknown region code"
    assert ImportBatch.objects.count() == 1
    listing = client.get("/api/v1/indicator-imports").json()
    assert [(i["file_name"], i["created"]) for i in listing["items"]] == [("v.csv", 1)]
