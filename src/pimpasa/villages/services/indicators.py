"""Writes of indicators: their definitions (national users) and imports of their values.

Every function checks the actor's permission inside, runs in a transaction and
records a timeline event. Imports check every row of a file first and reject it
whole (``IndicatorFileRejected``) with nothing written when any row is bad.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pimpasa.core.audit import event_record
from pimpasa.core.errors import ValidationFailed
from pimpasa.regions.models import Level

from .. import permissions
from ..importing import (
    RESERVED_CODES,
    CheckedFile,
    FileUnreadable,
    IndicatorRule,
    RowError,
    Table,
    check_table,
    read_table,
    region_codes,
)
from ..importing.merge import merge_values
from ..models import Direction, ImportBatch, Indicator, IndicatorUnit, IndicatorValue

Progress = Callable[[str, int, int], None]

#: An indicator code: lower-case letters, digits and underscores, starting with a letter.
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,59}$")
#: Years an import may be for.
PERIOD_RANGE = (1950, 2100)
#: How many problems of a rejected file travel in the error's details (all are on ``errors``).
DETAIL_ERRORS = 200

_FIELDS = ("code", "name_id", "name_en", "unit", "direction", "level", "source", "description", "active")
_LEVELS = (Level.REGENCY, Level.DISTRICT, Level.VILLAGE)


# --- Definitions -------------------------------------------------------------------------------


def _snapshot(indicator: Indicator) -> dict[str, Any]:
    return {name: getattr(indicator, name) for name in _FIELDS}


def _check_definition(values: dict[str, Any], *, current: Indicator | None) -> None:
    """Raise ``ValidationFailed`` naming every field that breaks a rule."""
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    code = values["code"]
    if not CODE_RE.match(code):
        add(
            "code",
            _(
                "Use 2 to 60 lower-case letters, digits or underscores, starting with a letter "
                "(poverty_rate)."
            ),
        )
    elif code in RESERVED_CODES:
        add("code", _("“%(code)s” names a column of the import files; choose another code.") % {"code": code})
    elif Indicator.objects.filter(code=code).exclude(pk=getattr(current, "pk", None)).exists():
        add("code", _("Another indicator has this code."))
    for name in ("name_id", "name_en"):
        if not values[name].strip():
            add(name, _("This field is required."))
        elif len(values[name]) > 200:
            add(name, _("At most 200 characters."))
    if values["unit"] not in IndicatorUnit.values:
        add("unit", _("Choose one of: %(choices)s.") % {"choices": ", ".join(IndicatorUnit.values)})
    if values["direction"] not in Direction.values:
        add("direction", _("Choose one of: %(choices)s.") % {"choices": ", ".join(Direction.values)})
    if values["level"] not in _LEVELS:
        add("level", _("Choose 2 (kabupaten/kota), 3 (kecamatan) or 4 (village)."))
    if len(values["source"]) > 200:
        add("source", _("At most 200 characters."))
    if problems:
        raise ValidationFailed(_("The indicator was not saved: check the fields."), details=problems)


def indicator_create(
    *,
    actor: Any,
    code: str,
    name_id: str,
    name_en: str,
    unit: str,
    direction: str,
    level: int = Level.VILLAGE,
    source: str = "",
    description: str = "",
    active: bool = True,
) -> Indicator:
    """Add an indicator (national users): it can be imported at once and weighted by the next weight set."""
    permissions.ensure_can_configure(actor)
    values = {
        "code": code.strip(),
        "name_id": name_id.strip(),
        "name_en": name_en.strip(),
        "unit": unit,
        "direction": direction,
        "level": level,
        "source": source.strip(),
        "description": description.strip(),
        "active": active,
    }
    with transaction.atomic():
        _check_definition(values, current=None)
        indicator = Indicator.objects.create(
            **values, created_by=actor if getattr(actor, "is_authenticated", False) else None
        )
        event_record(actor=actor, event_type="indicator.created", target=indicator, data={"new": values})
    return indicator


def indicator_update(
    *,
    actor: Any,
    indicator: Indicator,
    code: str | None = None,
    name_id: str | None = None,
    name_en: str | None = None,
    unit: str | None = None,
    direction: str | None = None,
    level: int | None = None,
    source: str | None = None,
    description: str | None = None,
    active: bool | None = None,
    reason: str = "",
) -> Indicator:
    """Change an indicator's definition; arguments left at None keep their value.

    The code and the unit are fixed once values exist: files and scores refer to the
    code, and stored values were checked against the unit.
    """
    permissions.ensure_can_configure(actor)
    given = {
        "code": code.strip() if code is not None else None,
        "name_id": name_id.strip() if name_id is not None else None,
        "name_en": name_en.strip() if name_en is not None else None,
        "unit": unit,
        "direction": direction,
        "level": level,
        "source": source.strip() if source is not None else None,
        "description": description.strip() if description is not None else None,
        "active": active,
    }
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
        old = _snapshot(indicator)
        new = {**old, **{k: v for k, v in given.items() if v is not None}}
        changed = [name for name in _FIELDS if new[name] != old[name]]
        if not changed:
            return indicator
        has_values = IndicatorValue.objects.filter(indicator=indicator).exists()
        if has_values and "code" in changed:
            raise ValidationFailed(
                _("The code of an indicator with imported values cannot change."),
                code="indicator_code_locked",
                details={"code": [_("Values were imported under this code.")]},
            )
        if has_values and "unit" in changed:
            raise ValidationFailed(
                _("The unit of an indicator with imported values cannot change."),
                code="indicator_unit_locked",
                details={"unit": [_("Values were checked against this unit when imported.")]},
            )
        _check_definition(new, current=indicator)
        for name in changed:
            setattr(indicator, name, new[name])
        indicator.save(update_fields=changed)
        event_record(
            actor=actor,
            event_type="indicator.updated",
            target=indicator,
            data={"old": {k: old[k] for k in changed}, "new": {k: new[k] for k in changed}},
            reason=reason,
        )
    return indicator


# --- Imports ------------------------------------------------------------------------------------


class IndicatorFileRejected(ValidationFailed):
    """An indicator file with at least one bad row; ``errors`` lists every problem.

    ``details`` carries the count and the first ``DETAIL_ERRORS`` problems, so an API
    answer stays small even for a file that is wrong on every row.
    """

    code = "indicator_file_rejected"

    def __init__(self, file_name: str, errors: list[RowError]):
        super().__init__(
            ngettext(
                "%(file)s was rejected (%(count)d problem); nothing was written.",
                "%(file)s was rejected (%(count)d problems); nothing was written.",
                len(errors),
            )
            % {"file": file_name or _("The file"), "count": len(errors)},
            details={"error_count": len(errors), "errors": [e.as_dict() for e in errors[:DETAIL_ERRORS]]},
        )
        self.errors = errors


@dataclass
class ImportResult:
    """What an import did: the batch (None when nothing changed and none was kept) and the counts."""

    batch: ImportBatch | None
    layout: str
    rows: int
    values: int
    created: int
    updated: int
    indicator_codes: list[str]

    @property
    def unchanged(self) -> int:
        return self.values - self.created - self.updated


def _check_import_arguments(*, source: str, period: int) -> str:
    source = (source or "").strip()
    problems: dict[str, list[str]] = {}
    if not source:
        problems["source"] = [_("Name the source of the values (for example “BPS Susenas 2024”).")]
    elif len(source) > 300:
        problems["source"] = [_("At most 300 characters.")]
    if not PERIOD_RANGE[0] <= period <= PERIOD_RANGE[1]:
        problems["period"] = [
            _("The period is a year between %(first)d and %(last)d.")
            % {"first": PERIOD_RANGE[0], "last": PERIOD_RANGE[1]}
        ]
    if problems:
        raise ValidationFailed(
            _("The import was not started: check the source and period."), details=problems
        )
    return source


def _region_levels(codes: Iterable[str]) -> dict[str, int]:
    """Return code → level of the given codes that exist (one query with an array parameter)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT code, level FROM regions_region WHERE code = ANY(%s)", [sorted(set(codes))])
        return dict(cursor.fetchall())


def _indicator_rules() -> dict[str, IndicatorRule]:
    return {
        code: IndicatorRule(id=pk, code=code, unit=unit, active=active)
        for pk, code, unit, active in Indicator.objects.values_list("pk", "code", "unit", "active")
    }


def _actor_label(actor: Any) -> str:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return str(actor.get_username())[:150]
    return "system"


def indicator_values_import(
    *,
    actor: Any,
    table: Table,
    source: str,
    period: int,
    file_name: str = "",
    progress: Progress | None = None,
    keep_unchanged: bool = True,
) -> ImportResult:
    """Check a read table and, when every row is good, write its values as one import batch.

    Values are upserted for ``period`` (one per indicator, region and period): new
    ones are created, changed ones updated (their history kept by pghistory). With
    ``keep_unchanged=False`` an import that changes nothing leaves no batch and no
    event (the demo loader uses it to stay idempotent). Raises
    ``IndicatorFileRejected`` listing every problem, with nothing written.
    """
    permissions.ensure_can_configure(actor)
    source = _check_import_arguments(source=source, period=period)
    with transaction.atomic():
        checked: CheckedFile = check_table(
            table.header,
            table.rows,
            regions=_region_levels(region_codes(table.header, table.rows)),
            indicators=_indicator_rules(),
            progress=progress,
        )
        if not checked.ok:
            raise IndicatorFileRejected(file_name, checked.errors)
        batch = ImportBatch.objects.create(
            source=source,
            period=period,
            file_name=file_name[:255],
            layout=checked.layout,
            rows=checked.rows,
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
            imported_by_label=_actor_label(actor),
        )
        created, updated = merge_values(
            checked.records, period=period, source=source, batch=batch, progress=progress
        )
        codes = sorted(checked.indicator_codes)
        result = ImportResult(
            batch=batch,
            layout=checked.layout,
            rows=checked.rows,
            values=len(checked.records),
            created=created,
            updated=updated,
            indicator_codes=codes,
        )
        if not keep_unchanged and not (created or updated):
            batch.delete()
            result.batch = None
            return result
        batch.created, batch.updated = created, updated
        batch.save(update_fields=["created", "updated"])
        event_record(
            actor=actor,
            event_type="indicators.imported",
            target=batch,
            data={
                "new": {
                    "source": source,
                    "period": period,
                    "file_name": batch.file_name,
                    "layout": checked.layout,
                    "rows": checked.rows,
                    "values": len(checked.records),
                    "created": created,
                    "updated": updated,
                    "indicators": codes,
                }
            },
        )
    return result


def indicator_file_import(
    *,
    actor: Any,
    stream: IO[bytes],
    file_name: str,
    source: str,
    period: int,
    progress: Progress | None = None,
) -> ImportResult:
    """Read a CSV or XLSX file (long or wide form) and import it; see ``indicator_values_import``."""
    permissions.ensure_can_configure(actor)
    _check_import_arguments(source=source, period=period)
    if progress:
        progress("read", 0, 0)
    try:
        table = read_table(stream, file_name)
    except FileUnreadable as exc:
        raise IndicatorFileRejected(file_name, [RowError(0, "", "", exc.reason)]) from exc
    return indicator_values_import(
        actor=actor, table=table, source=source, period=period, file_name=file_name, progress=progress
    )
