"""Test set-up: a fresh embedded PostgreSQL per run unless DATABASE_URL is set."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_FRESH_PGDATA: Path | None = None
if not os.environ.get("DATABASE_URL"):
    # Set before any connection: the embedded backend reads it when it first connects.
    _FRESH_PGDATA = Path(tempfile.mkdtemp(prefix="pimpasa-test-pg-"))
    os.environ["PIMPASA_PGDATA"] = str(_FRESH_PGDATA)


@pytest.fixture(scope="session", autouse=True)
def _stop_fresh_embedded_server() -> Iterator[None]:
    yield
    if _FRESH_PGDATA is not None:
        from django.db import connections

        from pimpasa.core.embedded_db import stop_server

        connections.close_all()
        stop_server(_FRESH_PGDATA)
        shutil.rmtree(_FRESH_PGDATA, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Hash test passwords with a fast hasher: Argon2 takes ~0.4 s per user.

    Tests of Argon2 itself put it back (tests/accounts/test_login.py).
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


pytest_plugins = ["tests.fixtures", "tests.jobs"]
