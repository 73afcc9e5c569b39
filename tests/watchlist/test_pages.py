"""Watchlist pages: who sees them (404 for everyone without an intelligence role), masked and revealed
NIKs, forms, the name check, the CSV upload and the settings page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.watchlist.helpers import HEADER, entries, events_of

pytestmark = pytest.mark.django_db

READERS = ["intel_ponorogo", "head_ponorogo", "regional_jatim", "national"]
OUTSIDERS = ["field_ponorogo", "passport_ponorogo", "field_cianjur", "partner_polres", "admin"]


@pytest.fixture
def login(login):
    """Sign in and read the pages in English."""

    def _login(user):
        client = login(user)
        client.cookies["django_language"] = "en"
        return client

    return _login


def urls() -> list[str]:
    return [
        "/watchlist/",
        "/watchlist/check/?full_name=Joko",
        "/watchlist/new/",
        "/watchlist/import/",
        "/watchlist/settings/",
        "/watchlist/WL-001/",
        "/watchlist/WL-001/edit/",
    ]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_every_page_is_404_without_an_intelligence_role(listed, login, org, username):
    client = login(org.users[username])

    statuses = [client.get(url).status_code for url in urls()]
    posts = [
        client.post("/watchlist/WL-001/nik/").status_code,
        client.post("/watchlist/WL-001/status/", {"reason": "x"}).status_code,
    ]

    assert statuses == [404] * len(statuses)
    assert posts == [404, 404]
    assert events_of("watchlist.nik_viewed") == []
    listed["joko"].refresh_from_db()
    assert listed["joko"].status == "active"


def test_anonymous_visitors_are_sent_to_sign_in(listed, client):
    response = client.get("/watchlist/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("username", READERS)
def test_readers_see_the_list_with_masked_niks(listed, login, org, username):
    client = login(org.users[username])

    page = client.get("/watchlist/").content.decode()

    assert "H. Moch. Djoko Soesilo" in page
    assert "PT Maju Djaja Abadi" in page
    assert "3502********0001" in page
    assert "3502011201800001" not in page
    assert "3 entries" in page


def test_the_list_filters_by_text_and_answers_htmx_with_the_results_only(listed, login, org):
    client = login(org.users["intel_ponorogo"])

    full = client.get("/watchlist/?q=djoko").content.decode()
    partial = client.get("/watchlist/?q=djoko", headers={"HX-Request": "true"}).content.decode()

    assert "1 entry" in full
    assert "PT Maju" not in full
    assert "<html" not in partial
    assert "H. Moch. Djoko Soesilo" in partial


def test_the_detail_masks_the_nik_and_shows_it_whole_on_request_with_a_log(listed, login, org):
    client = login(org.users["intel_ponorogo"])

    page = client.get("/watchlist/WL-001/").content.decode()
    assert "3502********0001" in page
    assert "3502011201800001" not in page
    assert 'id="entry-nik"' in page
    assert events_of("watchlist.nik_viewed") == []

    revealed = client.post("/watchlist/WL-001/nik/", headers={"HX-Request": "true"}).content.decode()

    assert "3502011201800001" in revealed
    assert "<html" not in revealed
    (event,) = events_of("watchlist.nik_viewed")
    assert (event.actor, event.target_type, event.target_id) == (
        org.users["intel_ponorogo"],
        "watchlist.watchlistentry",
        str(listed["joko"].pk),
    )
    # Without htmx the whole page comes back, with the NIK.
    assert "3502011201800001" in client.post("/watchlist/WL-001/nik/").content.decode()
    assert len(events_of("watchlist.nik_viewed")) == 2


def test_the_detail_leaves_a_hook_for_linked_reports_and_no_nik_form_without_a_nik(listed, login, org):
    client = login(org.users["national"])

    page = client.get("/watchlist/WL-002/").content.decode()

    assert "Show the full NIK" not in page
    assert client.get("/watchlist/NOPE/").status_code == 404


def test_check_a_name_shows_scored_candidates_with_reasons(listed, login, org):
    client = login(org.users["regional_jabar"])

    page = client.get("/watchlist/check/?full_name=Djoko+Susilo&birth_date=1980-01-12").content.decode()
    partial = client.get(
        "/watchlist/check/?full_name=Djoko+Susilo&birth_date=1975-06-03", headers={"HX-Request": "true"}
    ).content.decode()

    assert 'id="matches"' in page
    assert "WL-001" in page
    assert "94%" in page
    assert "same birth date" in page
    assert "No entry of the watchlist matches." in partial
    assert "<html" not in partial


def test_check_a_name_asks_for_something_to_look_for(listed, login, org):
    client = login(org.users["intel_ponorogo"])

    page = client.get("/watchlist/check/?full_name=&nik=").content.decode()
    bad = client.get("/watchlist/check/?nik=123").content.decode()

    assert "Give a name, a NIK or a phone number." in page
    assert "a NIK has 16 digits" in bad


def test_an_office_writer_creates_an_entry_for_the_office(listed, login, org):
    client = login(org.users["intel_ponorogo"])

    response = client.post(
        "/watchlist/new/",
        {
            "ref": "WL-010",
            "kind": "person",
            "full_name": "Slamet Riyadi",
            "aliases": "Pak Slamet\nMet",
            "phones": "0812 9999 8888",
            "reason": "Sponsor ke Malaysia.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/watchlist/WL-010/"
    from pimpasa.watchlist.models import WatchlistEntry

    entry = WatchlistEntry.objects.get(ref="WL-010")
    assert (entry.aliases, entry.phones, entry.unit, entry.created_by) == (
        ["Pak Slamet", "Met"],
        ["+6281299998888"],
        org.units["ponorogo"],
        org.users["intel_ponorogo"],
    )
    (event,) = events_of("watchlist.created")[-1:]
    assert event.data["new"]["phones"] == ["0812****8888"]


def test_the_form_shows_field_errors_and_keeps_nothing(listed, login, org):
    client = login(org.users["intel_ponorogo"])

    response = client.post(
        "/watchlist/new/",
        {
            "ref": "WL-001",
            "kind": "person",
            "full_name": "Budi",
            "nik": "3502011201800001",
            "birth_date": "1985-01-01",
        },
    )

    assert response.status_code == 422
    assert "the NIK encodes the birth date 12-01-80, not 1985-01-01" in response.content.decode()
    assert [e[0] for e in entries()] == ["WL-001", "WL-002", "WL-003"]


def test_readers_who_may_not_write_get_403_on_forms(listed, login, org):
    regional = login(org.users["regional_jatim"])
    assert regional.get("/watchlist/new/").status_code == 403
    assert regional.get("/watchlist/WL-001/edit/").status_code == 403

    other_office = login(org.users["intel_ponorogo"])
    assert other_office.get("/watchlist/WL-003/edit/").status_code == 403
    assert other_office.post("/watchlist/WL-003/status/", {"reason": "x"}).status_code == 403
    listed["pt"].refresh_from_db()
    assert listed["pt"].status == "active"


def test_edit_and_deactivate_an_entry(listed, login, org):
    client = login(org.users["head_ponorogo"])

    edited = client.post(
        "/watchlist/WL-001/edit/",
        {
            "kind": "person",
            "full_name": "H. Moch. Djoko Soesilo",
            "aliases": "Pak Joko",
            "birth_date": "1980-01-12",
            "nik": "3502011201800001",
            "phones": "0812-3456-7890",
            "reason": "Calo.",
            "note": "Checked with Polres.",
        },
    )
    deactivated = client.post("/watchlist/WL-001/status/", {"reason": "Arrested."})
    empty_reason = client.post("/watchlist/WL-001/status/", {"reason": ""})

    assert edited.status_code == 302
    assert deactivated.status_code == 302
    assert empty_reason.status_code == 422
    listed["joko"].refresh_from_db()
    assert (listed["joko"].aliases, listed["joko"].reason, listed["joko"].status) == (
        ["Pak Joko"],
        "Calo.",
        "inactive",
    )
    (updated,) = events_of("watchlist.updated")
    assert updated.reason == "Checked with Polres."
    assert set(updated.data["new"]) == {"aliases", "reason"}


def test_national_staff_upload_a_file_like_the_import_command(listed, login, org):
    client = login(org.users["national"])
    good = (
        HEADER + "WL-001,person,Djoko Soesilo,,1980-01-12,3502011201800001,\nWL-050,person,Rina,,,,\n"
    ).encode()
    bad = (HEADER + "WL-060,person,Rina,,1990-13-01,,\n").encode()

    rejected = client.post("/watchlist/import/", {"file": SimpleUploadedFile("bad.csv", bad, "text/csv")})
    loaded = client.post("/watchlist/import/", {"file": SimpleUploadedFile("good.csv", good, "text/csv")})

    assert rejected.status_code == 422
    assert (
        "row 1 (line 2), birth_date: “1990-13-01” is not a date in the form YYYY-MM-DD"
        in rejected.content.decode()
    )
    assert loaded.status_code == 302
    assert [e[0] for e in entries()] == ["WL-001", "WL-002", "WL-003", "WL-050"]
    assert login(org.users["intel_ponorogo"]).get("/watchlist/import/").status_code == 403


def test_the_settings_page_shows_the_threshold_and_national_staff_change_it(listed, login, org):
    reader = login(org.users["intel_ponorogo"])
    page = reader.get("/watchlist/settings/").content.decode()
    assert "0.75" in page
    assert 'id="settings-form"' not in page
    assert reader.post("/watchlist/settings/", {"match_threshold": "0.5"}).status_code == 403

    national = login(org.users["national"])
    assert national.post("/watchlist/settings/", {"match_threshold": "1.5"}).status_code == 422
    assert (
        national.post("/watchlist/settings/", {"match_threshold": "0.8", "reason": "Tuning."}).status_code
        == 302
    )

    from pimpasa.watchlist.selectors import match_threshold

    assert match_threshold() == 0.8


def test_pages_speak_indonesian_by_default(listed, client, org):
    client.force_login(org.users["intel_ponorogo"])
    page = client.get("/watchlist/").content.decode()
    detail = client.get("/watchlist/WL-001/").content.decode()
    assert "Daftar pantauan" in page
    assert "Periksa nama" in page
    assert "3 entri" in page
    assert "Tampilkan NIK lengkap" in detail
