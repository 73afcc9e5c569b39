"""Write checked indicator values into the database in bulk (the one part of importing that needs it).

Called by ``pimpasa.villages.services.indicators`` inside its transaction, after
every row was checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pgtrigger
from django.apps import apps
from django.db import connection

from ..models import ImportBatch, IndicatorValue

Progress = Callable[[str, int, int], None]

#: The history triggers of IndicatorValue that an import replaces with one set-based insert.
_HISTORY_TRIGGERS = ("villages.IndicatorValue:insert_insert", "villages.IndicatorValue:update_update")
_HISTORY_COLUMNS = "batch_id, id, indicator_id, period, region_id, source, updated_at, value"


@contextmanager
def _history_triggers_off(cursor: Any, table: str) -> Iterator[None]:
    """Keep pghistory's row triggers of the value table from firing inside the block.

    The table's owner disables them for the transaction (``ALTER TABLE … DISABLE
    TRIGGER`` takes the same lock as the import's, and they are enabled again
    before the block ends); any other database role asks pgtrigger to skip them,
    which still calls each trigger once per row.
    """
    cursor.execute("SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = %s::regclass", [table])
    if not cursor.fetchone()[0]:
        with pgtrigger.ignore(*_HISTORY_TRIGGERS):
            yield
        return
    names = [trigger.get_pgid(model) for model, trigger in pgtrigger.registered(*_HISTORY_TRIGGERS)]
    for name in names:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
    yield
    # A table with pending foreign-key checks cannot be altered: run them now rather than at
    # commit, then defer again (every deferrable constraint of the schema is initially deferred).
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for name in names:
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def merge_values(
    records: list[tuple[int, str, float]],
    *,
    period: int,
    source: str,
    batch: ImportBatch,
    progress: Progress | None,
) -> tuple[int, int]:
    """Copy ``(indicator id, region code, value)`` records into a temporary table and merge them.

    Return (created, updated).

    A value whose number and source are unchanged is left alone (and keeps its batch),
    so importing a file again writes nothing and adds no history. The table is locked
    against other writers (readers carry on), so the split into an update of the
    existing values and an insert of the new ones cannot race a concurrent import.
    The history rows pghistory's row triggers would write one by one (far too slow
    for 840,000 values) are written by the same statement, in pghistory's event
    table with its labels and context.
    """
    table = IndicatorValue._meta.db_table
    events = apps.get_model("villages", "IndicatorValueEvent")._meta.db_table
    total = len(records)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(
            "CREATE TEMP TABLE indicator_import "
            "(indicator_id bigint, region_id varchar(13), value double precision) ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY indicator_import (indicator_id, region_id, value) FROM STDIN") as copy:
            for done, record in enumerate(records, 1):
                copy.write_row(record)
                if progress and (done % 20000 == 0 or done == total):
                    progress("copy", done, total)
        cursor.execute("ANALYZE indicator_import")
        if progress:
            progress("merge", 0, total)
        with _history_triggers_off(cursor, table):
            cursor.execute(
                f"""
                WITH context AS (SELECT _pgh_attach_context() AS id),
                changed AS (
                    UPDATE {table} AS v
                    SET value = i.value, source = %s, batch_id = %s, updated_at = now()
                    FROM indicator_import AS i
                    WHERE v.indicator_id = i.indicator_id AND v.region_id = i.region_id AND v.period = %s
                        AND (v.value IS DISTINCT FROM i.value OR v.source IS DISTINCT FROM %s)
                    RETURNING v.*
                ),
                added AS (
                    INSERT INTO {table} (indicator_id, region_id, period, value, source, batch_id, updated_at)
                    SELECT i.indicator_id, i.region_id, %s, i.value, %s, %s, now()
                    FROM indicator_import AS i
                    WHERE NOT EXISTS (
                        SELECT 1 FROM {table} AS v
                        WHERE v.indicator_id = i.indicator_id AND v.region_id = i.region_id AND v.period = %s
                    )
                    ORDER BY i.indicator_id, i.region_id
                    RETURNING *
                ),
                history AS (
                    INSERT INTO {events}
                        ({_HISTORY_COLUMNS}, pgh_obj_id, pgh_label, pgh_created_at, pgh_context_id)
                    SELECT {_HISTORY_COLUMNS}, id, 'insert', now(), (SELECT id FROM context) FROM added
                    UNION ALL
                    SELECT {_HISTORY_COLUMNS}, id, 'update', now(), (SELECT id FROM context) FROM changed
                )
                SELECT (SELECT count(*) FROM added), (SELECT count(*) FROM changed)
                """,  # noqa: S608 - the table names are the models'
                [source, batch.pk, period, source, period, source, batch.pk, period],
            )
            created, updated = cursor.fetchone()
        # ON COMMIT DROP is not enough when an outer transaction imports twice.
        cursor.execute("DROP TABLE indicator_import")
        if progress:
            progress("merge", total, total)
    return int(created), int(updated)
