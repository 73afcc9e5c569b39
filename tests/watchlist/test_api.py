"""Watchlist API: the search contract, the list and detail with masked NIK, writes, and who sees it at all."""

from __future__ import annotations

import pytest

from tests.watchlist.helpers import events_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(login):
    """Sign in and read the API's messages in English."""

    def _login(user):
        client = login(user)
        client.cookies["django_language"] = "en"
        return client

    return _login


READERS = ["intel_ponorogo", "head_ponorogo", "regional_jatim", "regional_jabar", "national"]
OUTSIDERS = ["field_ponorogo", "passport_ponorogo", "field_cianjur", "partner_polres", "admin"]


def test_search_returns_the_contract_shape(listed, login, org):
    client = login(org.users["intel_ponorogo"])

    response = client.post(
        "/api/v1/watchlist/search",
        {"full_name": "Joko Soesilo", "birth_date": "1980-01-12", "limit": 5},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json() == {
        "matches": [
            {
                "ref": "WL-001",
                "full_name": "H. Moch. Djoko Soesilo",
                "score": 0.941,
                "reasons": ["name:0.91", "birth_date:match"],
            }
        ]
    }


def test_search_takes_name_nik_and_phone(listed, login, org):
    client = login(org.users["national"])

    by_name = client.post("/api/v1/watchlist/search", {"name": "Nur Hayati"}, content_type="application/json")
    by_phone = client.post(
        "/api/v1/watchlist/search", {"phone": "0857-1234-5678"}, content_type="application/json"
    )
    by_nik = client.post(
        "/api/v1/watchlist/search", {"nik": "3502011201800001"}, content_type="application/json"
    )

    assert [m["ref"] for m in by_name.json()["matches"]] == ["WL-002"]
    assert by_phone.json()["matches"] == [
        {
            "ref": "WL-002",
            "full_name": "Siti Nurhayati binti Abdullah",
            "score": 0.8,
            "reasons": ["name:0.00", "phone:match"],
        }
    ]
    assert by_nik.json()["matches"][0]["reasons"] == ["name:0.00", "nik_birth_date:match", "nik:match"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, None),
        ({"full_name": "Budi", "nik": "12345"}, "nik"),
        ({"full_name": "Budi", "phone": "0812"}, "phone"),
        ({"full_name": "Budi", "birth_date": "1980-02-30"}, None),
        ({"full_name": "Budi", "limit": 0}, None),
    ],
)
def test_search_refuses_bad_input(listed, login, org, body, field):
    client = login(org.users["national"])

    response = client.post("/api/v1/watchlist/search", body, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    if field:
        assert field in response.json()["details"]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_the_whole_surface_is_404_for_users_without_an_intelligence_role(listed, login, org, username):
    client = login(org.users[username])

    responses = [
        client.post("/api/v1/watchlist/search", {"full_name": "Joko"}, content_type="application/json"),
        client.get("/api/v1/watchlist"),
        client.get("/api/v1/watchlist/WL-001"),
        client.get("/api/v1/watchlist/WL-001?reveal_nik=true"),
        client.get("/api/v1/watchlist/settings"),
        client.post(
            "/api/v1/watchlist", {"ref": "X-1", "full_name": "Budi"}, content_type="application/json"
        ),
        client.patch("/api/v1/watchlist/WL-001", {"reason": "x"}, content_type="application/json"),
        client.post(
            "/api/v1/watchlist/WL-001/status",
            {"status": "inactive", "reason": "x"},
            content_type="application/json",
        ),
    ]

    assert [r.status_code for r in responses] == [404] * len(responses)
    assert responses[0].json() == {"code": "not_found", "message": "Not found.", "details": None}
    assert events_of("watchlist.nik_viewed") == []


def test_anonymous_callers_get_401(listed, client):
    assert client.get("/api/v1/watchlist").status_code == 401
    assert (
        client.post(
            "/api/v1/watchlist/search", {"full_name": "Joko"}, content_type="application/json"
        ).status_code
        == 401
    )


@pytest.mark.parametrize("username", READERS)
def test_intelligence_roles_read_every_entry_with_the_nik_masked(listed, login, org, username):
    client = login(org.users[username])

    body = client.get("/api/v1/watchlist").json()

    assert body["count"] == 3
    assert [(e["ref"], e["nik"]) for e in body["items"]] == [
        ("WL-001", "3502********0001"),
        ("WL-003", ""),
        ("WL-002", ""),
    ]


def test_list_filters_by_text_kind_and_status(listed, login, org):
    from pimpasa.watchlist import services

    services.entry_set_status(actor=None, entry=listed["siti"], status="inactive", reason="Moved abroad.")
    client = login(org.users["national"])

    def refs(query):
        return [e["ref"] for e in client.get(f"/api/v1/watchlist?{query}").json()["items"]]

    assert refs("q=djoko") == ["WL-001"]
    assert refs("q=joko%20susilo") == ["WL-001"]
    assert refs("q=nurhayati") == ["WL-002"]
    assert refs("q=3502011201800001") == ["WL-001"]
    assert refs("q=%2B6281311112222") == ["WL-003"]
    assert refs("q=wl-003") == ["WL-003"]
    assert refs("kind=organization") == ["WL-003"]
    assert refs("status=inactive") == ["WL-002"]
    assert client.get("/api/v1/watchlist?kind=company").status_code == 422


def test_detail_masks_the_nik_unless_asked_and_the_full_nik_is_logged(listed, login, org):
    client = login(org.users["intel_ponorogo"])

    masked = client.get("/api/v1/watchlist/WL-001").json()
    assert (masked["nik"], masked["nik_revealed"]) == ("3502********0001", False)
    assert masked["phones"] == ["+6281234567890"]
    assert events_of("watchlist.nik_viewed") == []

    full = client.get("/api/v1/watchlist/WL-001?reveal_nik=true").json()

    assert (full["nik"], full["nik_revealed"]) == ("3502011201800001", True)
    (event,) = events_of("watchlist.nik_viewed")
    assert (event.actor, event.target_id, event.data) == (
        org.users["intel_ponorogo"],
        str(listed["joko"].pk),
        {"nik": "3502********0001"},
    )
    assert client.get("/api/v1/watchlist/NOPE").status_code == 404


def test_office_writers_create_for_their_office_and_change_only_its_entries(listed, login, org):
    client = login(org.users["intel_ponorogo"])

    created = client.post(
        "/api/v1/watchlist",
        {"ref": "WL-010", "full_name": "Slamet Riyadi", "phones": ["0812 9999 8888"], "reason": "Sponsor."},
        content_type="application/json",
    )
    changed = client.patch(
        "/api/v1/watchlist/WL-001",
        {"aliases": ["Pak Joko"], "note": "Alias checked."},
        content_type="application/json",
    )
    refused = client.patch("/api/v1/watchlist/WL-003", {"reason": "x"}, content_type="application/json")

    assert created.status_code == 201
    assert (created.json()["unit"], created.json()["phones"]) == ("kanim-ponorogo", ["+6281299998888"])
    assert changed.status_code == 200
    assert changed.json()["aliases"] == ["Pak Joko"]
    assert refused.status_code == 403
    listed["pt"].refresh_from_db()
    assert listed["pt"].reason == ""
    (event,) = events_of("watchlist.updated")
    assert event.data == {"old": {"aliases": ["Pak Joko", "Joko Kumis"]}, "new": {"aliases": ["Pak Joko"]}}
    assert event.reason == "Alias checked."


def test_creating_for_another_office_is_refused_for_an_office_but_allowed_nationally(listed, login, org):
    office = login(org.users["intel_ponorogo"]).post(
        "/api/v1/watchlist",
        {"ref": "WL-011", "full_name": "Budi", "unit": "kanim-cianjur"},
        content_type="application/json",
    )
    national = login(org.users["national"]).post(
        "/api/v1/watchlist",
        {"ref": "WL-012", "full_name": "Budi", "unit": "kanim-cianjur"},
        content_type="application/json",
    )
    regional = login(org.users["regional_jatim"]).post(
        "/api/v1/watchlist", {"ref": "WL-013", "full_name": "Budi"}, content_type="application/json"
    )

    assert office.status_code == 403
    assert national.status_code == 201
    assert national.json()["unit"] == "kanim-cianjur"
    assert regional.status_code == 403


def test_create_refuses_duplicates_and_bad_values(listed, login, org):
    client = login(org.users["national"])

    duplicate = client.post(
        "/api/v1/watchlist", {"ref": "WL-001", "full_name": "Budi"}, content_type="application/json"
    )
    bad = client.post(
        "/api/v1/watchlist",
        {"ref": "WL-020", "full_name": "Budi", "nik": "3502011201800001", "birth_date": "1985-01-01"},
        content_type="application/json",
    )

    assert (duplicate.status_code, duplicate.json()["code"]) == (422, "duplicate_ref")
    assert bad.status_code == 422
    assert bad.json()["details"] == {"nik": ["the NIK encodes the birth date 12-01-80, not 1985-01-01"]}


def test_status_follows_the_allowed_transitions(listed, login, org):
    client = login(org.users["head_ponorogo"])
    url = "/api/v1/watchlist/WL-001/status"

    off = client.post(url, {"status": "inactive", "reason": "Arrested."}, content_type="application/json")
    again = client.post(url, {"status": "inactive", "reason": "Again."}, content_type="application/json")

    assert off.status_code == 200
    assert off.json()["status"] == "inactive"
    assert again.status_code == 422
    assert again.json() == {
        "code": "invalid_transition",
        "message": "An entry that is Inactive cannot become Inactive.",
        "details": {"current": "inactive", "requested": "inactive"},
    }
    assert [e.reason for e in events_of("watchlist.deactivated")] == ["Arrested."]


def test_only_national_staff_change_the_threshold(listed, login, org):
    refused = login(org.users["intel_ponorogo"]).put(
        "/api/v1/watchlist/settings", {"match_threshold": 0.5}, content_type="application/json"
    )
    changed = login(org.users["national"]).put(
        "/api/v1/watchlist/settings",
        {"match_threshold": 0.8, "reason": "Fewer false alarms."},
        content_type="application/json",
    )

    assert refused.status_code == 403
    assert changed.json() == {"match_threshold": 0.8}
    (event,) = events_of("watchlist.settings_changed")
    assert event.data == {"old": {"match_threshold": "0.75"}, "new": {"match_threshold": "0.80"}}
