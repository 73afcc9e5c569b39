"""API shapes of villages: the list's query and items, one village in detail, and the map."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Field, Schema

from pimpasa.core.scoping import REGION_CODE_RE

from ..filters.villages import DBI_VALUES, SORT_SCORE, SORTS, VillageFilters
from ..models import Band

REGION_CODE_PATTERN = REGION_CODE_RE.pattern
_DBI_PATTERN = "^(|" + "|".join(sorted(DBI_VALUES)) + ")$"
_SORT_PATTERN = "^(" + "|".join(SORTS) + ")$"


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


class VillageQuery(Schema):
    """The filters of the village list, the same as the page's form."""

    q: str = Field("", max_length=100, description="Text in the village name, or a code prefix")
    region: str = Field(
        "", pattern=f"^$|{REGION_CODE_PATTERN}", description="Only villages in this region (code and below)"
    )
    band: Band | None = None
    dbi: str = Field(
        "",
        pattern=_DBI_PATTERN,
        description="`none` (not DBI), `any` (any DBI state) or a status of the open designation",
    )
    min_score: float | None = Field(None, ge=0, le=100, description="Only villages scoring at least this")
    sort: str = Field(
        SORT_SCORE, pattern=_SORT_PATTERN, description="`score` (highest first), `name`, `code`"
    )

    def filters(self) -> VillageFilters:
        return VillageFilters(
            q=self.q,
            region=self.region,
            band=self.band.value if self.band else "",
            dbi=self.dbi,
            min_score=self.min_score,
            sort=self.sort,
        )


class MapQuery(Schema):
    """What the map shows: the level of the points, how villages' scores combine, and filters."""

    level: Literal["district", "regency"] = Field("district", description="Kecamatan or kabupaten/kota")
    agg: Literal["max", "mean"] = Field("max", description="Highest or mean village score of each point")
    band: Band | None = None
    dbi: str = Field("", pattern=_DBI_PATTERN, description="As in the village list")

    def filters(self) -> VillageFilters:
        return VillageFilters(band=self.band.value if self.band else "", dbi=self.dbi)


class RegionRef(Schema):
    code: str
    name: str


class FactorOut(Schema):
    indicator: str = Field(description="Indicator code")
    name: str
    contribution: float = Field(description="Points of the score")


class VillageItemOut(Schema):
    rank: int = Field(description="Position by score within the filtered list")
    code: str
    name: str
    district: RegionRef
    regency: RegionRef
    score: float | None
    band: str
    coverage: float | None = Field(description="Share of the indicator weight with a value, 0–1")
    dbi_status: str = Field(description="Status of the open designation; empty when there is none")
    top_factors: list[FactorOut]


class VillagePageOut(Schema):
    count: int
    items: list[VillageItemOut]


class ExplanationOut(Schema):
    indicator: str
    name: str
    value: float | None
    period: int | None
    source: str
    source_region: str
    percentile: float | None
    weight: float | None
    share: float | None
    contribution: float


class IndicatorValueOut(Schema):
    indicator: str
    name: str
    unit: str
    value: float
    period: int
    source: str
    source_region: RegionRef
    inherited: bool = Field(description="True when the value is that of the kecamatan or kabupaten/kota")


class PimpasaOut(Schema):
    appointment: int
    officer: str
    officer_name: str
    unit: str
    decree_number: str


class VillageDetailOut(Schema):
    code: str
    name: str
    kind: str
    district: RegionRef | None
    regency: RegionRef | None
    province: RegionRef | None
    population: int | None
    area_km2: float | None
    latitude: float | None
    longitude: float | None
    run: int | None = Field(description="The score run the score comes from")
    score: float | None
    band: str
    coverage: float | None
    explanation: list[ExplanationOut]
    indicators: list[IndicatorValueOut]
    dbi_status: str
    designation: int | None
    pimpasa: list[PimpasaOut]


class MapPointOut(Schema):
    code: str
    name: str
    parent: str
    lat: float
    lon: float
    villages: int = Field(description="Villages of the area matching the filters")
    scored: int
    dbi: int
    score: float | None
    band: str


class MapVillageOut(Schema):
    code: str
    name: str
    district: str
    lat: float
    lon: float
    exact: bool = Field(description="False when shown at the kecamatan's point")
    status: str
    score: float | None
    band: str


class MapOut(Schema):
    level: str
    agg: str
    run: int | None
    band_cuts: list[float]
    bounds: list[list[float]] | None = Field(
        description="[[south, west], [north, east]] of the caller's scope"
    )
    missing: int = Field(description="Areas without a centroid, left off")
    points: list[MapPointOut]
    dbi: list[MapVillageOut]
