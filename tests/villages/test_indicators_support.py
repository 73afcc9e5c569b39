"""Helpers shared by the indicator tests: files in long and wide form, counts, and readers of history."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

#: Villages of Kecamatan Slahung (35.02.01) and the kecamatan and kabupaten above them.
V1, V2, V3 = "35.02.01.2001", "35.02.01.2002", "35.02.01.2003"
KEC, KAB = "35.02.01", "35.02"
#: A village of Kanim Cianjur's area, outside Kanim Ponorogo's.
CIANJUR_VILLAGE = "32.03.01.2001"


@pytest.fixture
def english() -> Iterator[None]:
    """Read messages in English: the tests compare them with the English msgids."""
    with translation.override("en"):
        yield


def write_csv(tmp_path: Path, text: str, name: str = "values.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(tmp_path: Path, rows: Sequence[Sequence[Any]], name: str = "values.xlsx") -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / name
    workbook.save(path)
    return path


def history_model() -> Any:
    from django.apps import apps

    return apps.get_model("villages", "IndicatorValueEvent")


def stored() -> dict[tuple[str, str, int], tuple[float, str]]:
    """Return every stored value as (indicator code, region, period) → (value, source)."""
    from pimpasa.villages.models import IndicatorValue

    rows = IndicatorValue.objects.values_list("indicator__code", "region_id", "period", "value", "source")
    return {(code, region, period): (value, source) for code, region, period, value, source in rows}


def counts() -> dict[str, int]:
    """Return how many values, history rows, batches and import events exist."""
    from pimpasa.core.models import TimelineEvent
    from pimpasa.villages.models import ImportBatch, IndicatorValue

    return {
        "values": IndicatorValue.objects.count(),
        "history": history_model().objects.count(),
        "batches": ImportBatch.objects.count(),
        "events": TimelineEvent.objects.filter(event_type="indicators.imported").count(),
    }


def history_of(code: str, region: str, period: int) -> list[tuple[str, float, str]]:
    """Return the history of one value as (label, value, source), oldest first."""
    events = (
        history_model()
        .objects.filter(indicator__code=code, region_id=region, period=period)
        .order_by("pgh_id")
    )
    return [(e.pgh_label, e.value, e.source) for e in events]
