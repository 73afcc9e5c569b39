"""API: villages with their current score, one village in detail, and the risk map's points.

Administrators and partner users, and villages outside the caller's scope, get 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ..schemas.villages import (
    ErrorOut,
    MapOut,
    MapQuery,
    VillageDetailOut,
    VillagePageOut,
    VillageQuery,
)
from ..selectors import villages as selectors

router = Router(tags=["villages"])

_READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
MAX_LIMIT = 500


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


def _ref(code: str, name: str) -> dict[str, str]:
    return {"code": code, "name": name}


def _item(row: selectors.VillageRow) -> dict[str, Any]:
    return {
        "rank": row.rank,
        "code": row.code,
        "name": row.name,
        "district": _ref(row.district_code, row.district),
        "regency": _ref(row.regency_code, row.regency),
        "score": row.score,
        "band": row.band,
        "coverage": row.coverage,
        "dbi_status": row.dbi_status,
        "top_factors": [
            {"indicator": f.indicator, "name": f.name, "contribution": f.contribution} for f in row.factors
        ],
    }


@router.get(
    "/villages",
    response={200: VillagePageOut, **_READ_ERRORS},
    summary="Villages the caller may read, with score, band, coverage, DBI status and top factors",
)
def village_list(request: HttpRequest, filters: Query[VillageQuery], page: Query[PageQuery]) -> Any:
    run = selectors.current_run()
    villages = selectors.village_list(user=request.user, filters=filters.filters(), run=run)
    rows = selectors.village_rows(
        villages[page.offset : page.offset + page.limit], run=run, start=page.offset
    )
    return {"count": villages.count(), "items": [_item(row) for row in rows]}


@router.get(
    "/villages/map",
    response={200: MapOut, **_READ_ERRORS},
    url_name="villages_map",
    summary="Kecamatan or kab/kota points coloured by their villages' scores, and the DBI villages",
)
def village_map(request: HttpRequest, query: Query[MapQuery]) -> Any:
    data = selectors.village_map(user=request.user, level=query.level, agg=query.agg, filters=query.filters())
    return {
        "level": data.level,
        "agg": data.agg,
        "run": data.run_id,
        "band_cuts": data.band_cuts,
        "bounds": data.bounds,
        "missing": data.missing,
        "points": data.points,
        "dbi": data.dbi,
    }


def _region(region: Any) -> dict[str, str] | None:
    return _ref(region.code, region.name) if region is not None else None


@router.get(
    "/villages/{code}",
    response={200: VillageDetailOut, **_READ_ERRORS},
    summary="A village: hierarchy, indicator values, score with its explanation, DBI status, PIMPASA",
)
def village_detail(request: HttpRequest, code: str) -> Any:
    detail = selectors.village_detail(user=request.user, code=code)
    village = detail.village
    return {
        "code": village.code,
        "name": village.name,
        "kind": village.kind,
        "district": _region(detail.district),
        "regency": _region(detail.regency),
        "province": _region(detail.province),
        "population": village.population,
        "area_km2": None if village.area_km2 is None else float(village.area_km2),
        "latitude": None if village.latitude is None else float(village.latitude),
        "longitude": None if village.longitude is None else float(village.longitude),
        "run": detail.run.pk if detail.run is not None else None,
        "score": detail.score,
        "band": detail.band,
        "coverage": detail.coverage,
        "explanation": detail.explanation,
        "indicators": [
            {
                "indicator": value.indicator.code,
                "name": value.indicator.name,
                "unit": value.indicator.unit,
                "value": value.value,
                "period": value.period,
                "source": value.source,
                "source_region": _ref(value.source_region.code, value.source_region.name),
                "inherited": value.inherited,
            }
            for value in detail.indicator_values
        ],
        "dbi_status": detail.dbi_status,
        "designation": detail.designation.pk if detail.designation is not None else None,
        "pimpasa": [
            {
                "appointment": a.pk,
                "officer": a.officer.username,
                "officer_name": str(a.officer),
                "unit": a.unit.code,
                "decree_number": a.decree_number,
            }
            for a in detail.appointments
        ],
    }
