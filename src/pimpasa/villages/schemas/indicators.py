"""API shapes of indicators: definitions out and in, their stored values, and imports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from pimpasa.core.scoping import REGION_CODE_RE

from ..filters.indicators import IndicatorFilters, ValueFilters
from ..models import Direction, IndicatorUnit

CODE_PATTERN = r"^[a-z][a-z0-9_]{1,59}$"


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


class IndicatorOut(Schema):
    code: str = Field(examples=["poverty_rate"])
    name: str = Field(description="The name in the language of the request.")
    name_id: str
    name_en: str
    unit: IndicatorUnit
    direction: Direction
    level: int = Field(description="The level it is usually measured at: 2 kab/kota, 3 kecamatan, 4 village.")
    source: str
    description: str
    active: bool


class IndicatorDetailOut(IndicatorOut):
    value_count: int = Field(description="Stored values the caller may read.")
    periods: list[int] = Field(description="Periods with values the caller may read, newest first.")


class IndicatorIn(Schema):
    code: str = Field(pattern=CODE_PATTERN, examples=["recruiter_reports"])
    name_id: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    unit: IndicatorUnit
    direction: Direction
    level: int = Field(4, ge=2, le=4)
    source: str = Field("", max_length=200)
    description: str = ""
    active: bool = True


class IndicatorPatch(Schema):
    code: str | None = Field(None, pattern=CODE_PATTERN)
    name_id: str | None = Field(None, min_length=1, max_length=200)
    name_en: str | None = Field(None, min_length=1, max_length=200)
    unit: IndicatorUnit | None = None
    direction: Direction | None = None
    level: int | None = Field(None, ge=2, le=4)
    source: str | None = Field(None, max_length=200)
    description: str | None = None
    active: bool | None = None
    reason: str = Field("", max_length=500, description="Recorded on the audit trail.")


class IndicatorQuery(Schema):
    q: str = Field("", max_length=100, description="Text in the code or a name.")
    unit: IndicatorUnit | None = None
    level: int | None = Field(None, ge=2, le=4)
    active: bool | None = None

    def filters(self) -> IndicatorFilters:
        return IndicatorFilters(q=self.q, unit=self.unit or "", level=self.level, active=self.active)


class ValueQuery(Schema):
    region: str = Field("", pattern=r"^$|" + REGION_CODE_RE.pattern, description="A region code and below.")
    period: int | None = Field(None, ge=1900, le=2100)

    def filters(self) -> ValueFilters:
        return ValueFilters(region=self.region, period=self.period)


class RegionRef(Schema):
    code: str
    name: str
    level: int


class ValueOut(Schema):
    indicator: str
    region: RegionRef
    period: int
    value: float
    source: str
    batch: int | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_indicator(value: Any) -> str:
        return value.indicator.code

    @staticmethod
    def resolve_batch(value: Any) -> int | None:
        return value.batch_id


class ImportBatchOut(Schema):
    id: int
    source: str
    period: int
    file_name: str
    layout: str
    rows: int
    created: int
    updated: int
    imported_by: str = Field(description="Username of the importer, or “system” for commands.")
    imported_at: dt.datetime

    @staticmethod
    def resolve_imported_by(batch: Any) -> str:
        return batch.imported_by_label


class ImportResultOut(Schema):
    batch: ImportBatchOut
    values: int
    unchanged: int
    indicators: list[str]
