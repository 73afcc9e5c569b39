"""API shapes of the watchlist: entries out (NIK masked unless asked for), entries and searches in."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import model_validator

from .filters import WatchlistFilters
from .models import Kind, Status
from .services import mask_nik


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


class EntryOut(Schema):
    ref: str
    kind: str
    full_name: str
    aliases: list[str]
    birth_date: dt.date | None
    sex: str
    nik: str = Field(..., description="Masked (3502********0001); the detail gives it whole on request.")
    phones: list[str]
    reason: str
    status: str
    unit: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_nik(entry: Any) -> str:
        return mask_nik(entry.nik)

    @staticmethod
    def resolve_unit(entry: Any) -> str | None:
        return entry.unit.code if entry.unit_id else None


class EntryDetailOut(Schema):
    ref: str
    kind: str
    full_name: str
    aliases: list[str]
    birth_date: dt.date | None
    sex: str
    nik: str = Field(..., description="Masked unless nik_revealed.")
    nik_revealed: bool
    phones: list[str]
    reason: str
    status: str
    unit: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    activated_at: dt.datetime | None
    deactivated_at: dt.datetime | None


class EntryIn(Schema):
    ref: str = Field(..., max_length=60, description="Stable reference: letters, digits, - and _.")
    kind: Kind = Kind.PERSON
    full_name: str = Field(..., max_length=200)
    aliases: list[str] = []
    birth_date: dt.date | None = None
    sex: Literal["", "L", "P"] = ""
    nik: str = ""
    phones: list[str] = []
    reason: str = ""
    unit: str | None = Field(None, description="Code of the owning office; national staff only.")


class EntryPatch(Schema):
    kind: Kind | None = None
    full_name: str | None = Field(None, max_length=200)
    aliases: list[str] | None = None
    birth_date: dt.date | None = None
    sex: Literal["", "L", "P"] | None = None
    nik: str | None = None
    phones: list[str] | None = None
    reason: str | None = None
    unit: str | None = None
    note: str = Field("", max_length=500, description="Why, for the audit trail.")


class StatusIn(Schema):
    status: Status
    reason: str = Field(..., min_length=1, max_length=500)


class SearchIn(Schema):
    full_name: str | None = Field(None, max_length=200)
    name: str | None = Field(None, max_length=200, description="Same as full_name.")
    birth_date: dt.date | None = None
    nik: str = ""
    phone: str = ""
    sex: Literal["", "L", "P"] = ""
    limit: int = Field(10, ge=1, le=100)

    @model_validator(mode="after")
    def _something_to_look_for(self) -> SearchIn:
        if not (self.full_name or self.name or self.nik or self.phone):
            raise ValueError("give full_name (or name), nik or phone")
        return self


class MatchOut(Schema):
    ref: str
    full_name: str
    score: float
    reasons: list[str]


class SearchOut(Schema):
    matches: list[MatchOut]


class SettingsOut(Schema):
    match_threshold: float


class SettingsIn(Schema):
    match_threshold: float = Field(..., ge=0, le=1)
    reason: str = Field("", max_length=500)


class EntryQuery(Schema):
    q: str = Field("", max_length=100, description="A name or alias, a reference, a NIK or a phone number")
    kind: Kind | None = None
    status: Status | None = None
    unit: str = Field("", max_length=60, description="Code of the owning office")

    def filters(self) -> WatchlistFilters:
        return WatchlistFilters(q=self.q, kind=self.kind or "", status=self.status or "", unit=self.unit)
