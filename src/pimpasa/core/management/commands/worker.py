"""``pimpasa worker``: run a Procrastinate worker (jobs and the periodic scheduler)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand


def worker_run(
    *,
    queues: list[str] | None = None,
    concurrency: int = 1,
    name: str | None = None,
    wait: bool = True,
    install_signal_handlers: bool = True,
    listen_notify: bool = True,
    shutdown_graceful_timeout: float | None = None,
) -> None:
    """Run the project's Procrastinate app on a worker connection until stopped (or idle if not ``wait``).

    The Django connector serves deferring inside requests; a worker needs its own
    connection pool (and LISTEN/NOTIFY), which ``get_worker_connector`` builds from
    the same database settings.
    """
    from procrastinate.contrib.django import app

    options: dict[str, Any] = {
        "queues": queues,
        "concurrency": concurrency,
        "wait": wait,
        "install_signal_handlers": install_signal_handlers,
        "listen_notify": listen_notify,
    }
    if name:
        options["name"] = name
    if shutdown_graceful_timeout is not None:
        options["shutdown_graceful_timeout"] = shutdown_graceful_timeout
    connector = app.connector
    worker_connector = (
        connector.get_worker_connector() if hasattr(connector, "get_worker_connector") else connector
    )
    with app.replace_connector(worker_connector):
        app.run_worker(**options)


class Command(BaseCommand):
    help = (
        "Run a Procrastinate worker: executes deferred jobs and defers periodic ones. "
        "Ctrl-C or SIGTERM stops it after the running jobs finish."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queue", action="append", dest="queues", help="Queue to serve (repeatable; default: all)."
        )
        parser.add_argument(
            "--concurrency", type=int, default=1, help="Jobs run at the same time (default 1)."
        )
        parser.add_argument("--name", help="Worker name shown in logs and the job table.")
        parser.add_argument(
            "--once",
            action="store_true",
            help="Run the jobs waiting now, then exit (no periodic scheduling wait).",
        )
        parser.add_argument(
            "--graceful-timeout",
            type=float,
            default=30.0,
            help="Seconds to let running jobs finish after a stop signal before aborting them (default 30).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker_run(
            queues=options["queues"],
            concurrency=options["concurrency"],
            name=options["name"],
            wait=not options["once"],
            listen_notify=not options["once"],
            shutdown_graceful_timeout=options["graceful_timeout"],
        )
