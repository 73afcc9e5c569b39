"""Admin for users and tokens: no secrets shown, tokens revoked through the service."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from pimpasa.accounts import services
from pimpasa.accounts.models import ApiToken
from pimpasa.core.models import TimelineEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(org, login):
    user = org.users["admin"]
    user.is_staff = True
    user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return login(user)


def test_token_admin_shows_no_hash_and_cannot_add(org, admin_client):
    token, raw = services.token_create(actor=None, user=org.users["field_ponorogo"], name="ci")

    changelist = admin_client.get("/admin/accounts/apitoken/")
    detail = admin_client.get(f"/admin/accounts/apitoken/{token.pk}/change/")
    add = admin_client.get("/admin/accounts/apitoken/add/")

    assert changelist.status_code == 200
    assert token.key_prefix in changelist.text
    assert detail.status_code == 200
    assert token.key_hash not in detail.text
    assert raw not in detail.text
    assert add.status_code == 403


def test_token_admin_revoke_action_uses_the_service(org, admin_client):
    token, _ = services.token_create(actor=None, user=org.users["field_ponorogo"], name="ci")

    response = admin_client.post(
        "/admin/accounts/apitoken/",
        {"action": "revoke_tokens", "_selected_action": [str(token.pk)], "index": "0"},
    )

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = TimelineEvent.objects.get(event_type="api_token.revoked")
    assert (event.actor_id, event.reason) == (org.users["admin"].pk, "admin")


def test_token_admin_cannot_delete(org, admin_client):
    token, _ = services.token_create(actor=None, user=org.users["field_ponorogo"], name="ci")

    response = admin_client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_user_admin_shows_the_posting_read_only(org, admin_client):
    user = org.users["field_ponorogo"]

    response = admin_client.get(f"/admin/accounts/user/{user.pk}/change/")

    assert response.status_code == 200
    assert "Kantor Imigrasi Kelas II Non TPI Ponorogo" in response.text
    assert user.password not in response.text


def test_totp_device_admin_hides_the_secret_key(org, admin_client):
    device = TOTPDevice.objects.create(user=org.users["regional_jatim"], name="authenticator", confirmed=True)

    response = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")

    assert response.status_code == 200
    assert device.key not in response.text


def test_non_staff_user_cannot_open_the_admin(org, login):
    client = login(org.users["national"])

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
