"""Pytest plugin: run deferred Procrastinate jobs for real, against the test database.

Jobs are rows in PostgreSQL, deferred in the same transaction as the data that
causes them. A test that wants them executed uses ``run_jobs``: it needs
committed data (``transactional_db``), then runs a worker until the queues are
empty.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator

import pytest


@contextlib.contextmanager
def isolated_worker() -> Iterator[None]:
    """Run a worker meanwhile that executes only the jobs the test deferred, and leaks no connection.

    The periodic scheduler would defer its own jobs whenever a test runs near their
    time, so it is emptied. Sync jobs run in worker threads; without persistent
    connections each job closes its own, so none outlives the test and blocks
    dropping the test database.
    """
    from django.db import connection
    from procrastinate.contrib.django import app

    settings_dict = connection.settings_dict  # shared by every thread's connection
    max_age = settings_dict.get("CONN_MAX_AGE", 0)
    periodic = app.periodic_registry.periodic_tasks
    settings_dict["CONN_MAX_AGE"] = 0
    app.periodic_registry.periodic_tasks = {}
    try:
        yield
    finally:
        settings_dict["CONN_MAX_AGE"] = max_age
        app.periodic_registry.periodic_tasks = periodic


@pytest.fixture
def run_jobs(transactional_db: None) -> Callable[..., None]:
    """Return a function that runs every waiting job (optionally of some queues), then returns.

    The worker uses its own connection pool, like ``pimpasa worker``; jobs see
    only committed rows, so tests using this fixture run without the wrapping
    test transaction.
    """
    from pimpasa.core.management.commands.worker import worker_run

    def _run(*, queues: Iterable[str] | None = None) -> None:
        with isolated_worker():
            worker_run(
                queues=list(queues) if queues is not None else None,
                wait=False,
                install_signal_handlers=False,
                listen_notify=False,
            )

    return _run
