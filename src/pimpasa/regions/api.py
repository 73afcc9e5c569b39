"""Regions API: public reference data, readable without signing in."""

from typing import Any

from django.db.models import F
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from . import selectors
from .models import Region

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str = Field(examples=["35.02.01.2001"])
    name: str = Field(examples=["Tugurejo"])
    level: int = Field(description="1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan")
    kind: str = Field(examples=["desa"])
    parent_code: str | None = Field(None, examples=["35.02.01"])


class DescendantCountsOut(Schema):
    regencies: int
    districts: int
    villages: int


class RegionDetailOut(RegionOut):
    parents: list[RegionOut] = Field(description="The parent chain, province first.")
    children_count: int
    descendant_counts: DescendantCountsOut
    postal_code: str | None
    population: int | None
    population_male: int | None
    population_female: int | None
    area_km2: float | None
    latitude: float | None
    longitude: float | None


class RegionFilters(Schema):
    parent: str | None = Field(None, description="Only the children of this region code.", max_length=13)
    level: int | None = Field(None, ge=1, le=4, description="Only regions of this level (1–4).")
    q: str | None = Field(
        None,
        max_length=100,
        description="Name search, ignoring case and accents (prefix or part of a name), or a code prefix.",
    )


def _region_out(region: Region) -> dict[str, Any]:
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "kind": region.kind,
        "parent_code": region.parent_id,
    }


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


@router.get("", response=list[RegionOut], auth=None, summary="List and search regions")
@paginate(LimitOffsetPagination, max_limit=500)
def region_list(request: HttpRequest, filters: Query[RegionFilters]) -> Any:
    regions = selectors.region_list(
        user=request.user, parent=filters.parent, level=filters.level, q=filters.q
    )
    return regions.values("code", "name", "level", "kind", parent_code=F("parent_id"))


@router.get("/{code}", response=RegionDetailOut, auth=None, summary="One region with its parent chain")
def region_get(request: HttpRequest, code: str) -> dict[str, Any]:
    detail = selectors.region_detail(user=request.user, code=code)
    region = detail.region
    return {
        **_region_out(region),
        "parents": [_region_out(a) for a in detail.ancestors],
        "children_count": detail.children_count,
        "descendant_counts": detail.counts,
        "postal_code": region.postal_code or None,
        "population": region.population,
        "population_male": region.population_male,
        "population_female": region.population_female,
        "area_km2": _number(region.area_km2),
        "latitude": _number(region.latitude),
        "longitude": _number(region.longitude),
    }
