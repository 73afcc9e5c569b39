"""Bahasa Indonesia is the default whatever the browser asks; the language buttons switch it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_indonesian_by_default(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert page.headers["Content-Language"] == "id"
    assert '<html lang="id">' in page.content.decode()


def test_the_language_button_switches_to_english_and_back(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    english = client.get("/accounts/login/")
    client.post("/i18n/setlang/", {"language": "id", "next": "/accounts/login/"})
    indonesian = client.get("/accounts/login/")

    assert english.headers["Content-Language"] == "en"
    assert indonesian.headers["Content-Language"] == "id"


def test_a_signed_in_user_gets_their_preferred_language_until_they_choose(org, login):
    user = org.users["field_ponorogo"]
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    client = login(user)

    home = client.get("/")
    assert home.headers["Content-Language"] == "en"
    assert "Your scope" in home.content.decode()

    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert "Cakupan Anda" in client.get("/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_indonesian(client):
    client.cookies["django_language"] = "xx"

    assert client.get("/accounts/login/").headers["Content-Language"] == "id"


def test_api_clients_choose_the_language_of_error_messages(client):
    english = client.get("/api/v1/regions/99.99", HTTP_ACCEPT_LANGUAGE="en")
    indonesian = client.get("/api/v1/regions/99.99")

    assert english.json()["message"] == "No region has the code 99.99."
    assert indonesian.json()["message"] == "Tidak ada wilayah dengan kode 99.99."
