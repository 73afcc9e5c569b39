"""API: indicator definitions, their stored values, and imports of values.

Only staff who work with villages reach these (404 for anyone else); changes are
for national users (403 for other readers).
"""

from typing import IO, Any, cast

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from ..models import Indicator
from ..permissions import ensure_can_read_villages
from ..schemas.indicators import (
    ErrorOut,
    ImportBatchOut,
    ImportResultOut,
    IndicatorDetailOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    IndicatorQuery,
    ValueOut,
    ValueQuery,
)
from ..selectors import indicators as selectors
from ..services import indicators as services

router = Router(tags=["villages"])

_READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut}
_WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _detail(request: HttpRequest, indicator: Indicator) -> dict[str, Any]:
    out = IndicatorOut.from_orm(indicator).model_dump()
    summary = selectors.indicator_summary(user=request.user, indicator=indicator)
    out["value_count"] = sum(s.count for s in summary)
    out["periods"] = sorted({s.period for s in summary}, reverse=True)
    return out


@router.get(
    "/indicators", response={200: list[IndicatorOut], **_READ_ERRORS}, summary="Indicator definitions"
)
@paginate(LimitOffsetPagination)
def indicator_list(request: HttpRequest, filters: Query[IndicatorQuery]) -> Any:
    return selectors.indicator_list(user=request.user, filters=filters.filters())


@router.post(
    "/indicators",
    response={201: IndicatorDetailOut, **_WRITE_ERRORS},
    summary="Add an indicator (national users)",
    description="Codes are unique slugs (error code `validation_failed` naming the field).",
)
def indicator_create(request: HttpRequest, body: IndicatorIn) -> Any:
    ensure_can_read_villages(request.user)
    indicator = services.indicator_create(
        actor=request.user,
        code=body.code,
        name_id=body.name_id,
        name_en=body.name_en,
        unit=body.unit,
        direction=body.direction,
        level=body.level,
        source=body.source,
        description=body.description,
        active=body.active,
    )
    return Status(201, _detail(request, indicator))


@router.get(
    "/indicators/{code}",
    response={200: IndicatorDetailOut, **_READ_ERRORS},
    summary="An indicator with the periods of its values",
)
def indicator_detail(request: HttpRequest, code: str) -> Any:
    return _detail(request, selectors.indicator_get(user=request.user, code=code))


@router.patch(
    "/indicators/{code}",
    response={200: IndicatorDetailOut, **_WRITE_ERRORS},
    summary="Change an indicator (national users)",
    description="The code and unit are fixed once values exist "
    "(error codes `indicator_code_locked`, `indicator_unit_locked`).",
)
def indicator_update(request: HttpRequest, code: str, body: IndicatorPatch) -> Any:
    indicator = selectors.indicator_get(user=request.user, code=code)
    changes = body.model_dump(exclude_unset=True, exclude={"reason"})
    indicator = services.indicator_update(
        actor=request.user,
        indicator=indicator,
        reason=body.reason,
        **{name: value for name, value in changes.items() if value is not None},
    )
    return _detail(request, indicator)


@router.get(
    "/indicators/{code}/values",
    response={200: list[ValueOut], **_READ_ERRORS},
    summary="Stored values of an indicator in the caller's area (and the kabupaten values above it)",
)
@paginate(LimitOffsetPagination)
def indicator_values(request: HttpRequest, code: str, filters: Query[ValueQuery]) -> Any:
    indicator = selectors.indicator_get(user=request.user, code=code)
    return selectors.indicator_values_for_region(
        user=request.user, indicator=indicator, filters=filters.filters()
    )


@router.get(
    "/indicator-imports", response={200: list[ImportBatchOut], **_READ_ERRORS}, summary="Indicator imports"
)
@paginate(LimitOffsetPagination)
def import_list(request: HttpRequest) -> Any:
    return selectors.import_batch_list(user=request.user)


@router.post(
    "/indicator-imports",
    response={201: ImportResultOut, **_WRITE_ERRORS},
    summary="Import a CSV or XLSX file of indicator values (national users)",
    description="Long form (code, indicator, value) or wide form (code and one column per indicator). "
    "Any bad row rejects the whole file with error code `indicator_file_rejected`; `details` holds "
    "`error_count` and the first 200 problems (row as numbered in the file, header = 1; column; value; "
    "reason). Nothing is written then.",
)
def import_create(
    request: HttpRequest, file: File[UploadedFile], source: Form[str], period: Form[int]
) -> Any:
    ensure_can_read_villages(request.user)
    result = services.indicator_file_import(
        actor=request.user,
        stream=cast(IO[bytes], file.file),
        file_name=file.name or "",
        source=source,
        period=period,
    )
    assert result.batch is not None
    return Status(
        201,
        {
            "batch": result.batch,
            "values": result.values,
            "unchanged": result.unchanged,
            "indicators": result.indicator_codes,
        },
    )
