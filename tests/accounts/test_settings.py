"""Production settings: secure cookies and HSTS; the CSP header on every page."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'session_secure': s.SESSION_COOKIE_SECURE, 'csrf_secure': s.CSRF_COOKIE_SECURE, "
    "'hsts': s.SECURE_HSTS_SECONDS, 'ssl_redirect': s.SECURE_SSL_REDIRECT, 'debug': s.DEBUG}))"
)


def probe_settings(**env: str) -> dict[str, object]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PIMPASA_")}
    environment.update(DJANGO_SETTINGS_MODULE="pimpasa.settings", **env)
    result = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", PROBE],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_are_secure():
    values = probe_settings(PIMPASA_PRODUCTION="1", PIMPASA_SECRET_KEY="x" * 50)

    assert values == {
        "session_secure": True,
        "csrf_secure": True,
        "hsts": 31536000,
        "ssl_redirect": True,
        "debug": False,
    }


def test_production_refuses_to_start_without_a_secret_key():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PIMPASA_")}
    environment.update(DJANGO_SETTINGS_MODULE="pimpasa.settings", PIMPASA_PRODUCTION="1")

    result = subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", PROBE],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert result.returncode != 0
    assert "PIMPASA_SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_pages_carry_the_content_security_policy(client):
    response = client.get("/accounts/login/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'style="' not in response.text
