"""Test data for the village list, page and map: a finished score run written directly through the ORM.

No scoring engine is involved: each village in the scored kabupaten gets a score derived
from its code and an explanation of three entries that add up to it exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

#: Kabupaten whose villages get a score: Kanim Ponorogo's work area, its neighbour Tulungagung
#: (outside the work area, same province) and Cianjur (another province).
SCORED_REGENCIES = ("35.01", "35.02", "35.03", "35.04", "32.03")
#: Villages left without any indicator (score null).
UNSCORED = ("35.02.01.2003", "35.03.01.2001")
FACTOR_CODES = ("migrant_workers", "poverty_rate", "education_low")

INDICATOR_DEFAULTS = {
    "migrant_workers": ("Penempatan PMI per 1.000 penduduk", "Migrant-worker placements per 1,000 residents"),
    "poverty_rate": ("Persentase penduduk miskin", "Poverty rate"),
    "education_low": ("Penduduk berpendidikan maksimal SMP", "Share with education up to SMP"),
}


def score_of(code: str) -> float:
    """Return a deterministic score in [0, 100) with two decimals for a village code."""
    digits = int(code.replace(".", ""))
    return round((digits * 7919 % 10000) / 100, 2)


def explanation_of(code: str, score: float) -> list[dict[str, Any]]:
    """Return three entries whose contributions add up to ``score`` exactly, largest first."""
    first = round(score * 0.5, 4)
    second = round(score * 0.3, 4)
    third = round(score - first - second, 4)
    entries = []
    for indicator, contribution, share, value in zip(
        FACTOR_CODES, (first, second, third), (0.5, 0.3, 0.2), (12.5, 18.0, 40.0), strict=True
    ):
        entries.append(
            {
                "indicator": indicator,
                "value": value,
                "period": 2024,
                "source": "Uji",
                "source_region": code,
                "percentile": round(contribution / (100 * share), 6) if share else 0.0,
                "weight": share * 50,
                "share": share,
                "contribution": contribution,
            }
        )
    return entries


def ensure_indicators() -> dict[str, Any]:
    from pimpasa.villages.models import Indicator

    out = {}
    for code, (name_id, name_en) in INDICATOR_DEFAULTS.items():
        out[code], _ = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name_id": name_id,
                "name_en": name_en,
                "unit": "percent",
                "direction": "higher_more",
                "level": 4,
            },
        )
    return out


def make_run(
    *, version: int = 901, finished: dt.datetime | None = None, cuts: list[float] | None = None
) -> Any:
    """Return a finished ScoreRun on a new weight set ``version`` (band cuts 25/50/75 by default)."""
    from pimpasa.villages.models import ScoreRun, WeightSet

    weight_set = WeightSet.objects.create(version=version, band_cuts=cuts or [25.0, 50.0, 75.0])
    now = finished or timezone.now()
    return ScoreRun.objects.create(
        weight_set=weight_set,
        comparison="national",
        status="done",
        trigger="test",
        started_at=now,
        finished_at=now,
    )


def score_villages(
    run: Any, *, codes: list[str] | None = None, scores: dict[str, float | None] | None = None
) -> int:
    """Write VillageScore rows for ``codes`` (default: every village of SCORED_REGENCIES)."""
    from pimpasa.core.scoping import region_q
    from pimpasa.regions.models import Region
    from pimpasa.villages.models import VillageScore

    if scores is None:
        if codes is None:
            codes = list(
                Region.objects.filter(level=4)
                .filter(region_q("code", SCORED_REGENCIES))
                .values_list("code", flat=True)
            )
        scores = {code: (None if code in UNSCORED else score_of(code)) for code in codes}
    rows = []
    for code, score in scores.items():
        rows.append(
            VillageScore(
                run=run,
                village_id=code,
                score=score,
                band=run.weight_set.band_for(score),
                coverage=0.0 if score is None else 0.75,
                explanation=[] if score is None else explanation_of(code, score),
            )
        )
    VillageScore.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@dataclass
class Scored:
    run: Any
    indicators: dict[str, Any] = field(default_factory=dict)


def build_scored() -> Scored:
    """Return a finished run scoring every village of SCORED_REGENCIES (two of them without a score).

    Test modules wrap it in their own ``scored`` fixture (after ``org``).
    """
    indicators = ensure_indicators()
    run = make_run()
    score_villages(run)
    return Scored(run=run, indicators=indicators)


def designate(village_code: str, unit: Any, status: str) -> Any:
    """Create a designation of ``village_code`` in ``status`` directly (test data, not the workflow)."""
    from pimpasa.villages.models import Designation

    return Designation.objects.create(village_id=village_code, unit=unit, status=status)


def expected_ranking(codes_scores: dict[str, float | None]) -> list[str]:
    """Return codes by score, highest first, unscored last, ties by code."""
    return [
        code
        for code, _score in sorted(
            codes_scores.items(), key=lambda item: (item[1] is None, -(item[1] or 0.0), item[0])
        )
    ]
