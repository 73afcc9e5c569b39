"""Watchlist API: search, list, detail, create, change, status, settings.

For callers without an intelligence role the whole surface answers 404, as if
it did not exist. NIKs are masked unless the detail is asked for the full NIK
(``?reveal_nik=true``), which goes on the audit trail.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import LimitOffsetPagination, paginate

from pimpasa.core.errors import ValidationFailed
from pimpasa.organization.models import Unit

from . import permissions, selectors, services, validation
from .matching import Person
from .models import WatchlistEntry
from .schemas import (
    EntryDetailOut,
    EntryIn,
    EntryOut,
    EntryPatch,
    EntryQuery,
    ErrorOut,
    SearchIn,
    SearchOut,
    SettingsIn,
    SettingsOut,
    StatusIn,
)

router = Router(tags=["watchlist"])

_READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _unit(code: str | None) -> Unit | None:
    if not code:
        return None
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise ValidationFailed(
            _("No unit with the code %(code)s.") % {"code": code}, details={"unit": [code]}
        )
    return unit


def _detail(entry: WatchlistEntry, *, nik: str | None = None) -> dict[str, Any]:
    """Return an entry as the API shows it: the NIK masked unless ``nik`` (the revealed one) is given."""
    return {
        "ref": entry.ref,
        "kind": entry.kind,
        "full_name": entry.full_name,
        "aliases": list(entry.aliases),
        "birth_date": entry.birth_date,
        "sex": entry.sex,
        "nik": nik if nik else services.mask_nik(entry.nik),
        "nik_revealed": bool(nik),
        "phones": list(entry.phones),
        "reason": entry.reason,
        "status": entry.status,
        "unit": entry.unit.code if entry.unit is not None else None,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
        "activated_at": entry.activated_at,
        "deactivated_at": entry.deactivated_at,
    }


# Fixed paths first: "/watchlist/{ref}" would otherwise take them.
@router.post(
    "/watchlist/search",
    response={200: SearchOut, **_READ_ERRORS, 422: ErrorOut},
    summary="Search the watchlist for a person",
    description=(
        "Takes `full_name` (or `name`), `birth_date`, `nik`, `phone` and `limit`; returns the active entries "
        "scoring at or above the configured threshold, best first, with the reasons of each score."
    ),
)
def search(request: HttpRequest, body: SearchIn) -> Any:
    permissions.ensure_can_read(request.user)
    name = (body.full_name or body.name or "").strip()
    problems: dict[str, list[str]] = {}
    checked_name, problem = validation.check_name(name, required=False)
    if problem:
        problems["full_name"] = [problem]
    nik, problem = validation.check_nik(body.nik)
    if problem:
        problems["nik"] = [problem]
    phone, problem = validation.check_phone(body.phone)
    if problem:
        problems["phone"] = [problem]
    if problems:
        raise ValidationFailed("; ".join(f"{k}: {v[0]}" for k, v in problems.items()), details=problems)
    query = Person(
        full_name=checked_name,
        birth_date=body.birth_date,
        nik=nik,
        phones=(phone,) if phone else (),
        sex=body.sex,
    )
    matches = selectors.watchlist_search(user=request.user, query=query, limit=body.limit)
    return {"matches": [m.as_dict() for m in matches]}


@router.get("/watchlist/settings", response={200: SettingsOut, **_READ_ERRORS}, summary="Watchlist settings")
def settings_get(request: HttpRequest) -> Any:
    permissions.ensure_can_read(request.user)
    return {"match_threshold": selectors.match_threshold()}


@router.put(
    "/watchlist/settings", response={200: SettingsOut, **_WRITE_ERRORS}, summary="Change the match threshold"
)
def settings_put(request: HttpRequest, body: SettingsIn) -> Any:
    permissions.ensure_can_read(request.user)
    row = services.settings_update(
        actor=request.user, match_threshold=body.match_threshold, reason=body.reason
    )
    return {"match_threshold": float(row.match_threshold)}


@router.get("/watchlist", response={200: list[EntryOut], **_READ_ERRORS}, summary="Watchlist entries")
@paginate(LimitOffsetPagination)
def entry_list(request: HttpRequest, filters: Query[EntryQuery]) -> Any:
    return selectors.entry_list(user=request.user, filters=filters.filters())


@router.post("/watchlist", response={201: EntryDetailOut, **_WRITE_ERRORS}, summary="Add an entry")
def entry_create(request: HttpRequest, body: EntryIn) -> Any:
    permissions.ensure_can_read(request.user)
    entry = services.entry_create(
        actor=request.user,
        ref=body.ref,
        kind=body.kind,
        full_name=body.full_name,
        aliases=body.aliases,
        birth_date=body.birth_date,
        sex=body.sex,
        nik=body.nik,
        phones=body.phones,
        reason=body.reason,
        unit=_unit(body.unit),
    )
    return Status(201, _detail(entry))


@router.get(
    "/watchlist/{ref}",
    response={200: EntryDetailOut, **_READ_ERRORS},
    summary="A watchlist entry",
    description="`reveal_nik=true` returns the whole NIK and records that read on the audit trail.",
)
def entry_detail(request: HttpRequest, ref: str, reveal_nik: bool = False) -> Any:
    entry = selectors.entry_get(user=request.user, ref=ref)
    if reveal_nik:
        return _detail(entry, nik=services.entry_nik_reveal(actor=request.user, entry=entry))
    return _detail(entry)


@router.patch("/watchlist/{ref}", response={200: EntryDetailOut, **_WRITE_ERRORS}, summary="Change an entry")
def entry_update(request: HttpRequest, ref: str, body: EntryPatch) -> Any:
    entry = selectors.entry_get(user=request.user, ref=ref)
    changes = body.model_dump(exclude_unset=True)
    note = changes.pop("note", "")
    if "unit" in changes:
        changes["unit"] = _unit(changes["unit"])
    for required in ("kind", "full_name", "aliases", "phones", "nik", "sex", "reason"):
        if required in changes and changes[required] is None:
            raise ValidationFailed(
                _("%(field)s cannot be null.") % {"field": required}, details={required: ["null"]}
            )
    entry = services.entry_update(actor=request.user, entry=entry, note=note, **changes)
    return _detail(entry)


@router.post(
    "/watchlist/{ref}/status",
    response={200: EntryDetailOut, **_WRITE_ERRORS},
    summary="Take an entry off the watchlist, or put it back",
    description="Allowed: active → inactive, inactive → active (else 422 `invalid_transition`).",
)
def entry_status(request: HttpRequest, ref: str, body: StatusIn) -> Any:
    entry = selectors.entry_get(user=request.user, ref=ref)
    entry = services.entry_set_status(actor=request.user, entry=entry, status=body.status, reason=body.reason)
    return _detail(entry)
