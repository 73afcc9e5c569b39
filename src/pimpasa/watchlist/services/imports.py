"""Load watchlist files: every row checked first, then all of them written or none."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pimpasa.core.audit import event_record
from pimpasa.core.errors import ValidationFailed
from pimpasa.regions.validation import RowError

from .. import permissions, validation
from ..models import WatchlistEntry, WatchlistImport, WatchlistName
from .entries import BATCH_SIZE, add_tokens, name_rows, sync_names


class WatchlistFileRejected(ValidationFailed):
    """A watchlist file with at least one bad row; ``errors`` lists every problem, nothing is written."""

    code = "watchlist_file_rejected"

    def __init__(self, name: str, errors: list[RowError]):
        super().__init__(
            ngettext(
                "%(name)s was rejected (%(count)d problem); nothing was changed.",
                "%(name)s was rejected (%(count)d problems); nothing was changed.",
                len(errors),
            )
            % {"name": name, "count": len(errors)},
            details=[e.as_dict() for e in errors],
        )
        self.errors = errors


def read_csv(data: bytes, name: str) -> tuple[list[str], list[list[str]]]:
    """Return the header and rows of a UTF-8 CSV file; raise ``WatchlistFileRejected`` if unreadable."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WatchlistFileRejected(name, [RowError(0, "", _("the file is not UTF-8 text"))]) from exc
    try:
        table = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        reason = _("the file cannot be read: %(error)s") % {"error": exc}
        raise WatchlistFileRejected(name, [RowError(0, "", reason)]) from exc
    return (table[0], table[1:]) if table else ([], [])


@dataclass(frozen=True)
class ImportResult:
    """What an import did: rows read, entries created, updated and left as they were."""

    rows: int
    created: int
    updated: int
    unchanged: int
    batch: WatchlistImport


_IMPORTED_FIELDS = ("kind", "full_name", "aliases", "birth_date", "sex", "nik", "phones")


_COPIED_FIELDS = (
    "ref",
    "kind",
    "full_name",
    "aliases",
    "birth_date",
    "sex",
    "nik",
    "phones",
    "reason",
    "status",
    "unit",
    "created_by",
    "created_at",
    "updated_at",
    "activated_at",
)


def _copy(model: type[models.Model], field_names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write ``rows`` with COPY: a large file loads in seconds, and the history triggers still fire."""
    columns: list[str] = []
    for name in field_names:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field) and field.column
        columns.append(field.column)
    statement = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _copy_new(entries: list[WatchlistEntry]) -> None:
    """Insert new entries and their name keys (``bulk_create`` spends most of its time building SQL)."""
    if not entries:
        return
    _copy(
        WatchlistEntry,
        _COPIED_FIELDS,
        (
            [
                e.ref,
                e.kind,
                e.full_name,
                list(e.aliases),
                e.birth_date,
                e.sex,
                e.nik,
                list(e.phones),
                e.reason,
                e.status,
                e.unit_id,
                e.created_by_id,
                e.activated_at,
                e.activated_at,
                e.activated_at,
            ]
            for e in entries
        ),
    )
    ids = dict(WatchlistEntry.objects.filter(ref__in=[e.ref for e in entries]).values_list("ref", "pk"))
    for entry in entries:
        entry.pk = ids[entry.ref]
    rows = [row for e in entries for row in name_rows(e)]
    _copy(WatchlistName, ("entry", "key", "tokens"), ((row.entry_id, row.key, row.tokens) for row in rows))
    add_tokens(rows)


def watchlist_import(*, actor: Any, data: bytes, file_name: str, unit: Any = None) -> ImportResult:
    """Load a watchlist file (``validation.ENTRY_COLUMNS``): new refs are created, known refs updated.

    Every row is checked first; one bad row rejects the file (``WatchlistFileRejected``)
    and nothing is written. New entries belong to ``unit`` (none: national). Updated
    entries keep their status, reason and owner.
    """
    permissions.ensure_can_import(actor)
    header, rows = read_csv(data, file_name)
    checked = validation.check_entries(header, rows)
    if checked.errors:
        raise WatchlistFileRejected(file_name, checked.errors)
    records = checked.records
    now = timezone.now()
    creator = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        existing = {
            e.ref: e
            for e in WatchlistEntry.objects.select_for_update().filter(ref__in=[r.ref for r in records])
        }
        new: list[WatchlistEntry] = []
        changed: list[WatchlistEntry] = []
        renamed: list[WatchlistEntry] = []
        for record in records:
            values = {
                "kind": record.kind,
                "full_name": record.full_name,
                "aliases": list(record.aliases),
                "birth_date": record.birth_date,
                "sex": record.sex,
                "nik": record.nik,
                "phones": list(record.phones),
            }
            entry = existing.get(record.ref)
            if entry is None:
                new.append(
                    WatchlistEntry(ref=record.ref, unit=unit, created_by=creator, activated_at=now, **values)
                )
                continue
            if all(getattr(entry, k) == v for k, v in values.items()):
                continue
            if entry.full_name != record.full_name or list(entry.aliases) != list(record.aliases):
                renamed.append(entry)
            for k, v in values.items():
                setattr(entry, k, v)
            entry.updated_at = now
            changed.append(entry)
        _copy_new(new)
        WatchlistEntry.objects.bulk_update(changed, [*_IMPORTED_FIELDS, "updated_at"], batch_size=BATCH_SIZE)
        if renamed:
            sync_names(renamed)
        batch = WatchlistImport.objects.create(
            file_name=file_name[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            rows=len(records),
            created=len(new),
            updated=len(changed),
            created_by=creator,
        )
        event_record(
            actor=actor,
            event_type="watchlist.imported",
            target=batch,
            data={
                "file": file_name,
                "rows": len(records),
                "created": [e.ref for e in new][:1000],
                "updated": [e.ref for e in changed][:1000],
            },
        )
    return ImportResult(
        rows=len(records),
        created=len(new),
        updated=len(changed),
        unchanged=len(records) - len(new) - len(changed),
        batch=batch,
    )
