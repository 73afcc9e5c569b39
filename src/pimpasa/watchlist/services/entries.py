"""Writes to watchlist entries: create, change, take off or put back, and reads of a full NIK."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import lokal
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pimpasa.core.audit import event_record
from pimpasa.core.errors import ValidationFailed

from .. import permissions, validation
from ..matching import index_tokens, name_key, nik_facts
from ..models import ALLOWED_TRANSITIONS, Kind, Status, WatchlistEntry, WatchlistName, WatchlistToken

#: Rows written per statement.
BATCH_SIZE = 2000


class _Keep:
    """The value of an ``entry_update`` argument that is not to change."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


def mask_nik(nik: str) -> str:
    """Return a NIK as lists and logs show it: ``3502********0001`` (``lokal-id``)."""
    return lokal.partial_mask("NIK", nik) if nik else ""


def mask_phone(phone: str) -> str:
    return lokal.partial_mask("PHONE", phone) if phone else ""


def _values(entry: WatchlistEntry) -> dict[str, Any]:
    """Return the entry's values as the timeline records them (``_masked`` before they go there)."""
    return {
        "ref": entry.ref,
        "kind": entry.kind,
        "full_name": entry.full_name,
        "aliases": list(entry.aliases),
        "birth_date": entry.birth_date.isoformat() if entry.birth_date else None,
        "sex": entry.sex,
        "nik": entry.nik,
        "phones": list(entry.phones),
        "reason": entry.reason,
        "unit": entry.unit.code if entry.unit is not None else None,
    }


def _masked(values: dict[str, Any]) -> dict[str, Any]:
    """Return ``values`` with the NIK and phone numbers masked, as the timeline keeps them."""
    out = dict(values)
    if "nik" in out:
        out["nik"] = mask_nik(out["nik"])
    if "phones" in out:
        out["phones"] = [mask_phone(p) for p in out["phones"]]
    return out


def name_rows(entry: WatchlistEntry) -> list[WatchlistName]:
    """Return the search rows of an entry's names (full name and aliases), one per distinct name."""
    rows: dict[str, WatchlistName] = {}
    for name in (entry.full_name, *entry.aliases):
        key = name_key(name)
        text = " ".join(sorted(key.all))
        if text and text not in rows:
            rows[text] = WatchlistName(entry=entry, key=text, tokens=list(index_tokens(key)))
    return list(rows.values())


def add_tokens(rows: Iterable[WatchlistName]) -> None:
    """Add the words of ``rows`` to the token vocabulary (words already there are left alone).

    The vocabulary holds the words of names as written, not the joined pairs: those would
    make "santoso" a near spelling of every "budisantoso".
    """
    tokens = sorted({t for row in rows for t in row.key.split()})
    if not tokens:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {WatchlistToken._meta.db_table} (token) SELECT unnest(%s::text[]) "
            "ON CONFLICT DO NOTHING",
            [tokens],
        )


def sync_names(entries: Sequence[WatchlistEntry], *, fresh: bool = False) -> None:
    """Rewrite the search rows of ``entries`` from their full names and aliases."""
    if not fresh:
        WatchlistName.objects.filter(entry__in=[e.pk for e in entries]).delete()
    rows = [row for e in entries for row in name_rows(e)]
    WatchlistName.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    add_tokens(rows)


@dataclass(frozen=True)
class _Fields:
    kind: str
    full_name: str
    aliases: list[str]
    birth_date: dt.date | None
    sex: str
    nik: str
    phones: list[str]


def _clean(
    *,
    kind: str,
    full_name: str,
    aliases: Iterable[str],
    birth_date: dt.date | None,
    sex: str,
    nik: str,
    phones: Iterable[str],
) -> _Fields:
    """Validate an entry's fields as the import does; raise ``ValidationFailed`` naming every bad field."""
    problems: dict[str, list[str]] = {}

    def fail(field: str, reason: str | None) -> None:
        if reason:
            problems.setdefault(field, []).append(reason)

    if kind not in Kind.values:
        fail("kind", _("must be person or organization, not “%(value)s”") % {"value": kind})
    name, problem = validation.check_name(full_name)
    fail("full_name", problem)
    clean_aliases: list[str] = []
    for alias in aliases:
        value, problem = validation.check_name(alias, required=False)
        fail("aliases", problem)
        if value and value != name and value not in clean_aliases:
            clean_aliases.append(value)
    born, problem = validation.check_birth_date(birth_date)
    fail("birth_date", problem)
    digits, problem = validation.check_nik(nik)
    fail("nik", problem)
    fail("nik", validation.nik_date_problem(digits, born))
    facts = nik_facts(digits) if digits else None
    if sex and sex not in ("L", "P"):
        fail("sex", _("must be L or P"))
    if facts is not None and sex and facts.sex != sex:
        fail("sex", _("the NIK is that of a %(sex)s") % {"sex": _("man") if facts.sex == "L" else _("woman")})
    clean_phones: list[str] = []
    for phone in phones:
        value, problem = validation.check_phone(phone)
        fail("phones", problem)
        if value and value not in clean_phones:
            clean_phones.append(value)
    if kind == Kind.ORGANIZATION and (born or digits or sex):
        fail("kind", _("an organisation has no birth date, sex or NIK"))
    if problems:
        message = "; ".join(f"{field}: {', '.join(reasons)}" for field, reasons in problems.items())
        raise ValidationFailed(message, details=problems)
    return _Fields(
        kind=kind,
        full_name=name,
        aliases=clean_aliases,
        birth_date=born,
        sex=sex or (facts.sex if facts else ""),
        nik=digits,
        phones=clean_phones,
    )


def entry_create(
    *,
    actor: Any,
    ref: str,
    full_name: str,
    kind: str = Kind.PERSON,
    aliases: Iterable[str] = (),
    birth_date: dt.date | None = None,
    sex: str = "",
    nik: str = "",
    phones: Iterable[str] = (),
    reason: str = "",
    unit: Any = None,
) -> WatchlistEntry:
    """Put a person or organisation on the watchlist, owned by ``unit`` (an office writer's own office)."""
    if unit is None and not permissions.is_national(actor):
        unit = actor.unit.area_unit() if getattr(actor, "unit", None) is not None else None
    permissions.ensure_can_create(actor, unit)
    clean_ref, problem = validation.check_ref(ref)
    if problem:
        raise ValidationFailed(problem, details={"ref": [problem]})
    fields = _clean(
        kind=kind,
        full_name=full_name,
        aliases=aliases,
        birth_date=birth_date,
        sex=sex,
        nik=nik,
        phones=phones,
    )
    with transaction.atomic():
        if WatchlistEntry.objects.filter(ref=clean_ref).exists():
            message = _("An entry with the reference %(ref)s exists already.") % {"ref": clean_ref}
            raise ValidationFailed(message, code="duplicate_ref", details={"ref": [message]})
        entry = WatchlistEntry.objects.create(
            ref=clean_ref,
            kind=fields.kind,
            full_name=fields.full_name,
            aliases=fields.aliases,
            birth_date=fields.birth_date,
            sex=fields.sex,
            nik=fields.nik,
            phones=fields.phones,
            reason=reason.strip(),
            unit=unit,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            activated_at=timezone.now(),
        )
        sync_names([entry], fresh=True)
        event_record(
            actor=actor,
            event_type="watchlist.created",
            target=entry,
            region_code=entry.region_code(),
            data={"new": _masked(_values(entry))},
            reason=reason.strip(),
        )
    return entry


def entry_update(
    *,
    actor: Any,
    entry: WatchlistEntry,
    full_name: str = KEEP,
    kind: str = KEEP,
    aliases: Iterable[str] = KEEP,
    birth_date: dt.date | None = KEEP,
    sex: str = KEEP,
    nik: str = KEEP,
    phones: Iterable[str] = KEEP,
    reason: str = KEEP,
    unit: Any = KEEP,
    note: str = "",
) -> WatchlistEntry:
    """Change an entry's names, identifiers, reason or owning office; arguments left out keep their value."""
    permissions.ensure_can_change(actor, entry)
    if unit is not KEEP and unit != entry.unit and not permissions.is_national(actor):
        raise ValidationFailed(
            _("Only national staff hand an entry to another office."), code="unit_change_not_allowed"
        )

    def pick(value: Any, current: Any) -> Any:
        return current if value is KEEP else value

    fields = _clean(
        kind=pick(kind, entry.kind),
        full_name=pick(full_name, entry.full_name),
        aliases=pick(aliases, entry.aliases),
        birth_date=pick(birth_date, entry.birth_date),
        sex=pick(sex, entry.sex),
        nik=pick(nik, entry.nik),
        phones=pick(phones, entry.phones),
    )
    with transaction.atomic():
        entry = WatchlistEntry.objects.select_for_update(of=("self",)).select_related("unit").get(pk=entry.pk)
        old = _values(entry)
        for name in ("kind", "full_name", "aliases", "birth_date", "sex", "nik", "phones"):
            setattr(entry, name, getattr(fields, name))
        entry.reason = pick(reason, entry.reason).strip()
        entry.unit = pick(unit, entry.unit)
        new = _values(entry)
        changed = sorted(k for k in new if new[k] != old[k])
        if not changed:
            return entry
        entry.save()
        if {"full_name", "aliases"} & set(changed):
            sync_names([entry])
        event_record(
            actor=actor,
            event_type="watchlist.updated",
            target=entry,
            region_code=entry.region_code(),
            data={
                "old": _masked({k: old[k] for k in changed}),
                "new": _masked({k: new[k] for k in changed}),
            },
            reason=note.strip(),
        )
    return entry


def entry_set_status(*, actor: Any, entry: WatchlistEntry, status: str, reason: str) -> WatchlistEntry:
    """Take an entry off the watchlist (inactive) or put it back (active), with the reason."""
    permissions.ensure_can_change(actor, entry)
    if not reason.strip():
        raise ValidationFailed(_("Give the reason for the change."), details={"reason": ["required"]})
    with transaction.atomic():
        entry = WatchlistEntry.objects.select_for_update(of=("self",)).select_related("unit").get(pk=entry.pk)
        if status not in ALLOWED_TRANSITIONS.get(entry.status, frozenset()):
            labels = dict(Status.choices)
            raise ValidationFailed(
                _("An entry that is %(current)s cannot become %(requested)s.")
                % {
                    "current": labels.get(entry.status, entry.status),
                    "requested": labels.get(status, status),
                },
                code="invalid_transition",
                details={"current": entry.status, "requested": status},
            )
        old = entry.status
        entry.status = status
        if status == Status.ACTIVE:
            entry.activated_at = timezone.now()
        else:
            entry.deactivated_at = timezone.now()
        entry.save(update_fields=["status", "activated_at", "deactivated_at", "updated_at"])
        event_record(
            actor=actor,
            event_type="watchlist.activated" if status == Status.ACTIVE else "watchlist.deactivated",
            target=entry,
            region_code=entry.region_code(),
            data={"old": {"status": old}, "new": {"status": status}},
            reason=reason.strip(),
        )
    return entry


def entry_nik_reveal(*, actor: Any, entry: WatchlistEntry) -> str:
    """Return an entry's full NIK and record who read it (``watchlist.nik_viewed``)."""
    permissions.ensure_can_read(actor)
    if not entry.nik:
        return ""
    with transaction.atomic():
        event_record(
            actor=actor,
            event_type="watchlist.nik_viewed",
            target=entry,
            region_code=entry.region_code(),
            data={"nik": mask_nik(entry.nik)},
        )
    return entry.nik
