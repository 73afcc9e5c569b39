"""Sign-in, lockout after five wrong passwords, sign-out and the BSSN password rule."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

from pimpasa.core.models import TimelineEvent
from tests.fixtures import PASSWORD

pytestmark = pytest.mark.django_db

BSSN_EN = (
    "The password must have at least 12 characters and mix upper-case and lower-case letters, "
    "digits and symbols."
)
BSSN_ID = (
    "Kata sandi harus terdiri atas sedikitnya 12 karakter dan memadukan huruf besar, huruf kecil, "
    "angka, dan simbol."
)


def test_login_page_renders_in_indonesian_by_default(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert '<html lang="id">' in response.text
    assert "Masuk" in response.text
    assert 'name="username"' in response.text


def test_right_password_signs_in_and_goes_home(org, client):
    user = org.users["field_ponorogo"]

    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_follows_a_safe_next_but_not_another_host(org, client):
    user = org.users["field_ponorogo"]
    data = {"username": user.username, "password": PASSWORD}

    safe = client.post("/accounts/login/?next=/accounts/profile/", data)
    client.logout()
    evil = client.post("/accounts/login/?next=https://evil.example/", data)

    assert safe["Location"] == "/accounts/profile/"
    assert evil["Location"] == "/"


def test_wrong_password_is_refused_without_signing_in(org, client):
    user = org.users["field_ponorogo"]

    response = client.post("/accounts/login/", {"username": user.username, "password": "Salah-Sandi#2026"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username=user.username).failures_since_start == 1


def test_five_wrong_passwords_lock_the_account(org, client):
    user = org.users["field_ponorogo"]
    statuses = [
        client.post(
            "/accounts/login/", {"username": user.username, "password": f"Salah-Sandi#{i}xx"}
        ).status_code
        for i in range(5)
    ]

    client.cookies["django_language"] = "en"
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})

    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert 'id="locked"' in response.text
    assert "The account “field_ponorogo” is locked after 5 failed sign-in attempts." in response.text
    assert "You can try again in 1\xa0hour." in response.text


def test_locked_page_is_in_indonesian(org, client):
    user = org.users["field_ponorogo"]
    for i in range(5):
        client.post("/accounts/login/", {"username": user.username, "password": f"Salah-Sandi#{i}xx"})

    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "Akun “field_ponorogo” dikunci setelah 5 kali gagal masuk." in response.text
    assert "Anda dapat mencoba lagi dalam 1\xa0jam." in response.text


def test_lockout_is_per_username(org, client):
    locked, other = org.users["field_ponorogo"], org.users["intel_ponorogo"]
    for i in range(5):
        client.post("/accounts/login/", {"username": locked.username, "password": f"Salah-Sandi#{i}xx"})

    response = client.post("/accounts/login/", {"username": other.username, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_logout_needs_post_and_ends_the_session(org, login):
    client = login(org.users["field_ponorogo"])

    refused = client.get("/accounts/logout/")
    response = client.post("/accounts/logout/")

    assert refused.status_code == 405
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", BSSN_EN), ("id", BSSN_ID)],
)
def test_validator_chain_refuses_password1234_with_translated_message(language, message):
    with translation.override(language), pytest.raises(ValidationError) as caught:
        validate_password("password1234")

    assert message in caught.value.messages


@pytest.mark.parametrize(
    "password",
    ["Pendek#1Aa", "semuahurufkecil#2026", "SEMUAHURUFBESAR#2026", "TanpaAngka#Sama", "TanpaSimbol2026x"],
)
def test_validator_chain_refuses_each_missing_class(password):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_password(password)

    assert BSSN_EN in caught.value.messages


def test_validator_chain_accepts_a_bssn_password():
    assert validate_password("Desa-Binaan#2026") is None


@pytest.mark.parametrize(("language", "message"), [("en", BSSN_EN), ("id", BSSN_ID)])
def test_password_change_form_refuses_password1234(org, login, language, message):
    user = org.users["field_ponorogo"]
    client = login(user)

    client.cookies["django_language"] = language
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "password1234", "new_password2": "password1234"},
    )

    assert response.status_code == 200
    assert message in response.text
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not TimelineEvent.objects.filter(event_type="user.password_changed").exists()


def test_password_change_accepts_a_bssn_password_and_audits_it(org, login, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    user = org.users["field_ponorogo"]
    client = login(user)

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Desa-Binaan#2026", "new_password2": "Desa-Binaan#2026"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    user.refresh_from_db()
    assert user.check_password("Desa-Binaan#2026")
    assert user.password.startswith("argon2")
    event = TimelineEvent.objects.get(event_type="user.password_changed")
    assert (event.actor_id, event.target_id, event.region_code, event.data) == (
        user.pk,
        str(user.pk),
        "35",
        {},
    )
    assert client.get("/accounts/profile/").status_code == 200  # the session survives the change


def test_password_change_needs_the_old_password(org, login):
    user = org.users["field_ponorogo"]
    client = login(user)

    response = client.post(
        "/accounts/password/",
        {
            "old_password": "Bukan-Sandi#2026",
            "new_password1": "Desa-Binaan#2026",
            "new_password2": "Desa-Binaan#2026",
        },
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_change_page_needs_sign_in(client):
    response = client.get("/accounts/password/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password/"
