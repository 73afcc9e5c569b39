"""TOTP second factor: enrolment, verification, throttling, and no way around it (pages, admin, API)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from ninja.errors import HttpError

from pimpasa.accounts.api import VerifiedSessionAuth
from pimpasa.core.models import TimelineEvent
from tests.fixtures import PASSWORD

from .helpers import current_code, password_login, wrong_code

pytestmark = pytest.mark.django_db

ENROL = "/accounts/otp/enrol/"
VERIFY = "/accounts/otp/verify/"
GUARDED = [
    "/",
    "/accounts/profile/",
    "/accounts/password/",
    "/admin/",
    "/admin/accounts/apitoken/",
    "/audit/",
    "/regions/",
    "/organization/units/",
]


@pytest.mark.parametrize("path", GUARDED)
def test_regional_user_without_device_is_sent_to_enrolment_from_any_page(org, client, path):
    password_login(client, org.users["regional_jatim"])

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(ENROL + "?next=")


@pytest.mark.parametrize("username", ["head_ponorogo", "regional_jabar", "national", "admin"])
def test_every_second_factor_role_is_sent_to_enrolment(org, client, username):
    password_login(client, org.users[username])

    response = client.get("/")

    assert (response.status_code, response["Location"]) == (302, ENROL + "?next=%2F")


def test_superuser_without_role_is_sent_to_enrolment(db, client, django_user_model):
    root = django_user_model.objects.create_superuser(username="root", password=PASSWORD)
    password_login(client, root)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == ENROL + "?next=%2Fadmin%2F"


@pytest.mark.parametrize(
    "username", ["field_ponorogo", "intel_ponorogo", "passport_ponorogo", "partner_polres"]
)
def test_roles_without_second_factor_reach_their_profile(org, client, username):
    password_login(client, org.users[username])

    response = client.get("/accounts/profile/")

    assert response.status_code == 200


def test_user_with_device_but_unverified_is_sent_to_verification(org, client):
    user = org.users["regional_jatim"]
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    password_login(client, user)

    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == VERIFY + "?next=%2Faccounts%2Fprofile%2F"


def test_htmx_request_gets_a_full_page_redirect(org, client):
    password_login(client, org.users["regional_jatim"])

    response = client.get("/accounts/profile/", HTTP_HX_REQUEST="true")

    assert response.status_code == 204
    assert response["HX-Redirect"] == ENROL


def test_unverified_post_is_refused_and_changes_nothing(org, client):
    user = org.users["regional_jatim"]
    password_login(client, user)

    response = client.post("/accounts/tokens/", {"name": "sneaky"})

    assert (response.status_code, response["Location"]) == (302, ENROL)
    assert not user.api_tokens.exists()


def test_second_factor_pages_do_not_loop(org, client):
    password_login(client, org.users["regional_jatim"])

    enrol = client.get(ENROL)
    verify = client.get(VERIFY)  # no device yet: verification sends to enrolment, which answers
    health = client.get("/healthz")
    language = client.post("/i18n/setlang/", {"language": "en", "next": ENROL})
    logout = client.post("/accounts/logout/")

    assert enrol.status_code == 200
    assert (verify.status_code, verify["Location"]) == (302, ENROL)
    assert health.status_code == 200
    assert (language.status_code, language["Location"]) == (302, ENROL)
    assert (logout.status_code, logout["Location"]) == (302, "/accounts/login/")


def test_unknown_path_answers_404_without_redirect(org, client):
    password_login(client, org.users["regional_jatim"])

    assert client.get("/no-such-page/").status_code == 404


def test_enrolment_shows_qr_code_and_secret_of_an_unconfirmed_device(org, client):
    user = org.users["regional_jatim"]
    password_login(client, user)

    response = client.get(ENROL)

    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed is False
    assert '<svg viewBox="0 0' in response.text
    secret = response.context["secret"].replace(" ", "")
    import base64

    assert base64.b32decode(secret) == device.bin_key
    assert 'style="' not in response.text
    assert client.get(ENROL).context["secret"] == response.context["secret"]  # reloading keeps the key
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_enrolment_with_a_real_code_lets_the_user_in(org, client):
    user = org.users["regional_jatim"]
    password_login(client, user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(ENROL, {"code": current_code(device), "next": "/accounts/profile/"})

    assert (response.status_code, response["Location"]) == (302, "/accounts/profile/")
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200
    event = TimelineEvent.objects.get(event_type="totp_device.confirmed")
    assert (event.actor_id, event.target_id, event.region_code) == (user.pk, str(user.pk), "35")
    assert device.key not in str(event.data)


def test_enrolment_with_a_wrong_code_keeps_the_device_unconfirmed(org, client):
    user = org.users["regional_jatim"]
    password_login(client, user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)

    client.cookies["django_language"] = "en"
    response = client.post(ENROL, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert "This code is not valid." in response.text
    device.refresh_from_db()
    assert (device.confirmed, device.throttling_failure_count) == (False, 1)
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/").status_code == 302


def test_enrolment_is_not_offered_to_roles_without_second_factor(org, client):
    user = org.users["field_ponorogo"]
    password_login(client, user)

    response = client.get(ENROL)

    assert (response.status_code, response["Location"]) == (302, "/accounts/profile/")
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_enrolment_of_an_enrolled_user_sends_to_verification(org, client):
    user = org.users["regional_jatim"]
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    password_login(client, user)

    response = client.get(ENROL)

    assert (response.status_code, response["Location"]) == (302, VERIFY)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_verification_with_the_current_code_opens_the_next_page(org, client):
    user = org.users["regional_jatim"]
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    password_login(client, user)
    old_session_key = client.session.session_key

    response = client.post(VERIFY, {"code": current_code(device), "next": "/accounts/profile/"})

    assert (response.status_code, response["Location"]) == (302, "/accounts/profile/")
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != old_session_key
    assert client.get("/accounts/profile/").status_code == 200


def test_verification_accepts_the_code_with_a_space(org, client):
    user = org.users["regional_jatim"]
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    password_login(client, user)
    code = current_code(device)

    response = client.post(VERIFY, {"code": f"{code[:3]} {code[3:]}"})

    assert (response.status_code, response["Location"]) == (302, "/")


def test_verification_refuses_a_replayed_code(org, client):
    user = org.users["regional_jatim"]
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    code = current_code(device)
    password_login(client, user)
    client.post(VERIFY, {"code": code})
    client.post("/accounts/logout/")
    password_login(client, user)

    response = client.post(VERIFY, {"code": code})

    assert response.status_code == 200
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_verification_is_throttled_after_a_wrong_code(org, client):
    user = org.users["regional_jatim"]
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    password_login(client, user)

    client.cookies["django_language"] = "en"
    wrong = client.post(VERIFY, {"code": wrong_code(device)})
    throttled = client.post(VERIFY, {"code": current_code(device)})

    assert "This code is not valid." in wrong.text
    assert throttled.status_code == 200
    assert "Too many wrong codes. Wait" in throttled.text
    assert DEVICE_ID_SESSION_KEY not in client.session
    device.refresh_from_db()
    assert device.throttling_enabled
    assert device.throttling_failure_count == 1


def test_verification_works_again_once_the_wait_has_passed(org, client):
    user = org.users["regional_jatim"]
    device = TOTPDevice.objects.create(
        user=user,
        name="authenticator",
        confirmed=True,
        throttling_failure_count=3,
        throttling_failure_timestamp=timezone.now() - dt.timedelta(seconds=5),
    )
    password_login(client, user)

    response = client.post(VERIFY, {"code": current_code(device)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_verification_page_is_in_indonesian(org, client):
    user = org.users["regional_jatim"]
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    password_login(client, user)

    response = client.get(VERIFY)

    assert response.status_code == 200
    assert "Faktor kedua" in response.text


def test_admin_login_goes_through_the_second_factor(org, client):
    admin_user = org.users["admin"]
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])

    login = client.post("/admin/login/?next=/admin/", {"username": "admin", "password": PASSWORD})
    admin_index = client.get("/admin/")

    assert (login.status_code, login["Location"]) == (302, "/admin/")
    assert (admin_index.status_code, admin_index["Location"]) == (302, ENROL + "?next=%2Fadmin%2F")


def test_verified_administrator_reaches_the_admin(org, login):
    admin_user = org.users["admin"]
    admin_user.is_staff = True
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_staff", "is_superuser"])
    client = login(admin_user)

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/apitoken/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_api_session_of_unverified_user_is_401(org, client):
    password_login(client, org.users["regional_jatim"])

    response = client.get("/api/v1/me")

    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "second_factor_required"
    assert set(body) == {"code", "message", "details"}


def test_api_session_of_verified_user_is_200(org, login):
    client = login(org.users["regional_jatim"])

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["username"] == "regional_jatim"


def test_api_session_of_user_without_second_factor_role_is_200(org, client):
    password_login(client, org.users["field_ponorogo"])

    assert client.get("/api/v1/me").status_code == 200


def test_api_anonymous_is_401(db, client):
    response = client.get("/api/v1/me")

    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Authentication required.",
        "details": None,
    }


def test_api_session_auth_checks_csrf_on_writes(org):
    request = RequestFactory().post("/api/v1/anything")
    request.user = org.users["field_ponorogo"]
    request.COOKIES["sessionid"] = "present"

    with pytest.raises(HttpError) as caught:
        VerifiedSessionAuth()(request)

    assert caught.value.status_code == 403
