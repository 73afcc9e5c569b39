"""API tokens: shown once, stored hashed, listed, revoked, expired; via command, service, page and API."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from pimpasa.accounts import services
from pimpasa.accounts.models import ApiToken
from pimpasa.core.errors import PermissionDenied, ValidationFailed
from pimpasa.core.models import TimelineEvent

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def database_text() -> str:
    """Return every stored token row and timeline event as text, to look for secrets in."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(t)::text FROM accounts_apitoken t")
        tokens = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT row_to_json(e)::text FROM core_timelineevent e")
        events = [r[0] for r in cursor.fetchall()]
    return "\n".join(tokens + events)


# --- command ---------------------------------------------------------------------------------


def test_command_create_prints_the_token_once_and_stores_only_its_hash(org):
    out, err = run("create", "field_ponorogo", "--name", "sistem-antrian", "--days", "30")

    raw = out.strip()
    token = ApiToken.objects.get()
    assert raw.startswith("pmp_") and len(raw) == 47
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.key_prefix == raw[:12]
    assert (token.user.username, token.name) == ("field_ponorogo", "sistem-antrian")
    assert token.expires_at is not None
    assert dt.timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    assert raw not in database_text()
    assert raw not in err and token.key_prefix in err


def test_command_create_is_audited_without_the_token(org):
    out, _ = run("create", "field_ponorogo", "--name", "sistem-antrian")

    event = TimelineEvent.objects.get(event_type="api_token.created")
    token = ApiToken.objects.get()
    assert event.actor is None
    assert event.actor_label == "system"
    assert event.region_code == "35"
    assert event.data == {
        "new": {
            "user": "field_ponorogo",
            "name": "sistem-antrian",
            "prefix": token.key_prefix,
            "expires_at": None,
        }
    }
    assert out.strip() not in json.dumps(event.data)


def test_command_create_refuses_unknown_user_and_duplicate_name(org):
    run("create", "field_ponorogo", "--name", "ci")

    with pytest.raises(CommandError, match="No user named 'nobody'"):
        run("create", "nobody", "--name", "ci")
    with pytest.raises(CommandError, match="already has a token named"):
        run("create", "field_ponorogo", "--name", "ci")
    with pytest.raises(CommandError, match="at least one day"):
        run("create", "field_ponorogo", "--name", "other", "--days", "0")
    assert ApiToken.objects.count() == 1


def test_command_list_shows_tokens_with_their_state(org):
    run("create", "field_ponorogo", "--name", "a")
    run("create", "intel_ponorogo", "--name", "b", "--days", "7")
    first = ApiToken.objects.get(name="a")
    run("revoke", str(first.pk))

    everyone, _ = run("list")
    one, _ = run("list", "intel_ponorogo")

    lines = everyone.splitlines()
    assert lines[0].split() == [
        "ID",
        "PREFIX",
        "USER",
        "NAME",
        "CREATED",
        "EXPIRES",
        "LAST",
        "USED",
        "REVOKED",
    ]
    assert len(lines) == 3
    assert lines[1].split()[:4] == [str(first.pk), first.key_prefix, "field_ponorogo", "a"]
    assert lines[1].split()[-2:] != ["-", "-"]  # revoked at a time
    assert len(one.splitlines()) == 2
    assert "intel_ponorogo" in one.splitlines()[1]
    assert one.splitlines()[1].rstrip().endswith("-")  # not revoked


def test_command_revoke_by_prefix_stops_the_token(org, client):
    raw = run("create", "field_ponorogo", "--name", "ci")[0].strip()
    assert client.get("/api/v1/me", **bearer(raw)).status_code == 200

    out, _ = run("revoke", raw[:12], "--reason", "laptop lost")

    token = ApiToken.objects.get()
    assert out.strip() == f"Revoked token {token.pk} ({token.key_prefix}…) of field_ponorogo."
    assert token.revoked_at is not None
    event = TimelineEvent.objects.get(event_type="api_token.revoked")
    assert event.reason == "laptop lost"
    assert event.data["old"] == {"revoked_at": None}
    response = client.get("/api/v1/me", **bearer(raw))
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Authentication required.",
        "details": None,
    }


def test_command_revoke_refuses_unknown_and_already_revoked(org):
    run("create", "field_ponorogo", "--name", "ci")
    token = ApiToken.objects.get()
    run("revoke", str(token.pk))
    revoked_at = ApiToken.objects.get().revoked_at

    with pytest.raises(CommandError, match="No single token"):
        run("revoke", "pmp_notthere")
    with pytest.raises(CommandError, match="No single token"):
        run("revoke", "²")  # a digit to str.isdigit(), not a number to int()
    with pytest.raises(CommandError, match="already revoked"):
        run("revoke", str(token.pk))
    assert ApiToken.objects.get().revoked_at == revoked_at
    assert TimelineEvent.objects.filter(event_type="api_token.revoked").count() == 1


# --- services --------------------------------------------------------------------------------


def test_user_cannot_create_or_revoke_tokens_of_someone_else(org):
    field, intel = org.users["field_ponorogo"], org.users["intel_ponorogo"]
    token, _ = services.token_create(actor=intel, user=intel, name="own")

    with pytest.raises(PermissionDenied):
        services.token_create(actor=field, user=intel, name="theirs")
    with pytest.raises(PermissionDenied):
        services.token_revoke(actor=field, token=token)

    token.refresh_from_db()
    assert token.revoked_at is None
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["own"]


def test_administrator_may_revoke_any_token(org):
    intel, admin = org.users["intel_ponorogo"], org.users["admin"]
    token, _ = services.token_create(actor=intel, user=intel, name="own")

    services.token_revoke(actor=admin, token=token)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert TimelineEvent.objects.get(event_type="api_token.revoked").actor_id == admin.pk


def test_inactive_user_gets_no_token(org):
    user = org.users["field_ponorogo"]
    user.is_active = False
    user.save(update_fields=["is_active"])

    with pytest.raises(ValidationFailed):
        services.token_create(actor=None, user=user, name="ci")
    assert not ApiToken.objects.exists()


# --- API -------------------------------------------------------------------------------------


def test_bearer_token_authenticates_me_and_records_use(org, client):
    token, raw = services.token_create(actor=None, user=org.users["field_ponorogo"], name="ci")

    response = client.get("/api/v1/me", **bearer(raw))

    assert response.status_code == 200
    assert response.json()["username"] == "field_ponorogo"
    assert response.json()["scope"]["region_codes"] == ["35.01", "35.02", "35.03"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_bearer_token_of_a_second_factor_role_works_without_session(org, client):
    _, raw = services.token_create(actor=None, user=org.users["regional_jatim"], name="dashboard")

    response = client.get("/api/v1/me", **bearer(raw))

    assert response.status_code == 200
    assert response.json()["scope"]["region_codes"] == ["35"]


@pytest.mark.parametrize("state", ["expired", "revoked", "inactive_user", "garbage", "wrong_scheme"])
def test_unusable_token_is_401_in_the_error_shape(org, client, state):
    user = org.users["field_ponorogo"]
    token, raw = services.token_create(actor=None, user=user, name="ci")
    headers = bearer(raw)
    if state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    elif state == "revoked":
        services.token_revoke(actor=None, token=token)
    elif state == "inactive_user":
        user.is_active = False
        user.save(update_fields=["is_active"])
    elif state == "garbage":
        headers = bearer(raw[:-1] + ("A" if raw[-1] != "A" else "B"))
    else:
        headers = {"HTTP_AUTHORIZATION": f"Token {raw}"}

    response = client.get("/api/v1/me", **headers)

    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Authentication required.",
        "details": None,
    }
    token.refresh_from_db()
    assert token.last_used_at is None


# --- profile page ----------------------------------------------------------------------------


def test_profile_needs_sign_in(db, client):
    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_profile_shows_user_roles_unit_second_factor_and_own_tokens_only(org, login):
    field, intel = org.users["field_ponorogo"], org.users["intel_ponorogo"]
    services.token_create(actor=None, user=field, name="antrian-paspor")
    services.token_create(actor=None, user=intel, name="rahasia-intel")
    client = login(field)

    client.cookies["django_language"] = "en"

    response = client.get("/accounts/profile/")

    assert response.status_code == 200
    text = response.text
    assert '<dd id="profile-username">field_ponorogo</dd>' in text
    assert "Field officer (PIMPASA)" in text
    assert "Kantor Imigrasi Kelas II Non TPI Ponorogo" in text
    assert "Not required for your role" in text
    assert "antrian-paspor" in text
    assert "rahasia-intel" not in text
    assert 'style="' not in text


def test_profile_of_verified_regional_shows_authenticator(org, login):
    client = login(org.users["regional_jatim"])

    client.cookies["django_language"] = "en"

    response = client.get("/accounts/profile/")

    assert response.status_code == 200
    assert "Authenticator set up" in response.text
    assert "Regional (Kanwil)" in response.text


def test_profile_revoke_via_htmx_returns_the_token_panel(org, login):
    user = org.users["field_ponorogo"]
    token, _ = services.token_create(actor=None, user=user, name="ci")
    client = login(user)

    client.cookies["django_language"] = "en"

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section class="card" id="tokens">')
    assert "Revoked" in response.text
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert TimelineEvent.objects.get(event_type="api_token.revoked").actor_id == user.pk


def test_profile_revoke_without_htmx_redirects_back(org, login):
    user = org.users["field_ponorogo"]
    token, _ = services.token_create(actor=None, user=user, name="ci")
    client = login(user)

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert (response.status_code, response["Location"]) == (302, "/accounts/profile/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_revoking_another_users_token_is_404_and_changes_nothing(org, login):
    token, _ = services.token_create(actor=None, user=org.users["intel_ponorogo"], name="ci")
    client = login(org.users["field_ponorogo"])

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not TimelineEvent.objects.filter(event_type="api_token.revoked").exists()


def test_revoke_by_anonymous_redirects_to_login_and_changes_nothing(org, client):
    token, _ = services.token_create(actor=None, user=org.users["field_ponorogo"], name="ci")

    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_needs_post(org, login):
    token, _ = services.token_create(actor=None, user=org.users["field_ponorogo"], name="ci")
    client = login(org.users["field_ponorogo"])

    assert client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_profile_creates_a_token_and_shows_it_once(org, login):
    user = org.users["field_ponorogo"]
    client = login(user)

    response = client.post("/accounts/tokens/", {"name": "laporan", "days": "90"}, HTTP_HX_REQUEST="true")

    token = ApiToken.objects.get(user=user)
    shown = re.findall(r"pmp_[A-Za-z0-9_-]{43}", response.text)
    assert response.status_code == 200
    assert len(shown) == 1
    raw = shown[0]
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in client.get("/accounts/profile/").text
    assert client.get("/api/v1/me", **bearer(raw)).json()["username"] == "field_ponorogo"


def test_profile_refuses_a_duplicate_token_name(org, login):
    user = org.users["field_ponorogo"]
    services.token_create(actor=None, user=user, name="laporan")
    client = login(user)

    client.cookies["django_language"] = "en"

    response = client.post("/accounts/tokens/", {"name": "laporan"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert "field_ponorogo already has a token named “laporan”." in response.text
    assert ApiToken.objects.filter(user=user).count() == 1


def test_create_token_by_anonymous_changes_nothing(db, client):
    response = client.post("/accounts/tokens/", {"name": "x"})

    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_profile_query_count_does_not_grow_with_tokens(org, login):
    from django.test.utils import CaptureQueriesContext

    user = org.users["field_ponorogo"]
    client = login(user)
    for i in range(2):
        services.token_create(actor=None, user=user, name=f"t{i}")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/accounts/profile/").status_code == 200
    for i in range(2, 12):
        services.token_create(actor=None, user=user, name=f"t{i}")

    with CaptureQueriesContext(connection) as many:
        assert client.get("/accounts/profile/").status_code == 200

    assert len(many) == len(few)
