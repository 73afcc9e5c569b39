"""Database backend for the embedded server: PostgreSQL with the host filled in at connect time."""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base

from . import ensure_database, ensure_server


class DatabaseWrapper(base.DatabaseWrapper):
    """PostgreSQL wrapper that starts the embedded server before the first connection."""

    _database_checked = False

    def get_connection_params(self) -> dict[str, Any]:
        server = ensure_server()
        # Django's test runner creates its own database through the "postgres" one.
        name = self.settings_dict["NAME"]
        if name and name != "postgres" and not DatabaseWrapper._database_checked:
            ensure_database(server, name)
            DatabaseWrapper._database_checked = True
        self.settings_dict["HOST"] = server.socket_dir
        self.settings_dict["PORT"] = str(server.port)
        return super().get_connection_params()
