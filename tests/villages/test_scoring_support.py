"""Test data for the index: seeded indicators, values written through the ORM, the reference results.

``scenario`` is small enough to check by hand (see ``test_scoring_engine``); ``random_values``
spreads values over a few kabupaten at every level, with ties and several periods, for the
comparison of the SQL engine with the reference implementation on every village of the test registry.
"""

from __future__ import annotations

import importlib
import math
import random
from typing import Any

#: The weights of the hand-checked scenario; distance_office is made "higher means less vulnerable".
SCENARIO_WEIGHTS = {"migrant_workers": 3.0, "poverty_rate": 1.0, "distance_office": 1.0}


def seed_indicators() -> None:
    """Put back the indicators and weights v1 of migration 0002 (a transactional test flushes them)."""
    from django.apps import apps

    importlib.import_module("pimpasa.villages.migrations.0002_seed_indicators").seed(apps, None)


def put_values(rows: list[tuple[str, str, int, float, str]]) -> None:
    """Store ``(indicator code, region code, period, value, source)`` rows."""
    from pimpasa.villages.models import Indicator, IndicatorValue

    ids = dict(Indicator.objects.values_list("code", "id"))
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                indicator_id=ids[code], region_id=region, period=period, value=value, source=source
            )
            for code, region, period, value, source in rows
        ]
    )


def reference(inputs: dict[str, Any]) -> dict[str, Any]:
    """Return the reference implementation's result for every village, from the stored values."""
    from pimpasa.regions.models import Region
    from pimpasa.villages import scoring
    from pimpasa.villages.models import IndicatorValue

    values: dict[str, list[scoring.Value]] = {}
    rows = IndicatorValue.objects.values_list("indicator__code", "region_id", "period", "value", "source")
    for code, region, period, value, source in rows:
        values.setdefault(code, []).append(
            scoring.Value(region=region, period=period, value=value, source=source)
        )
    return scoring.compute_index(
        villages=Region.objects.filter(level=4).values_list("code", flat=True),
        indicators=[
            scoring.IndicatorWeight(i["code"], float(i["weight"]), i["direction"])
            for i in inputs["indicators"]
        ],
        values=values,
        comparison=inputs["comparison"],
        band_cuts=inputs["band_cuts"],
    )


def stored(run: Any) -> dict[str, Any]:
    """Return a run's rows as the reference implementation's results."""
    from pimpasa.villages.scoring import VillageResult

    return {
        village: VillageResult(score=score, band=band, coverage=coverage, explanation=explanation)
        for village, score, band, coverage, explanation in run.scores.values_list(
            "village_id", "score", "band", "coverage", "explanation"
        )
    }


def make_scenario() -> None:
    """Weights v2 (3, 1, 1) and a handful of values at village, kecamatan and kabupaten level.

    migrant_workers (villages): 10, 20, 20 in Ponorogo and 40 in Cianjur (ranks 0, ⅓, ⅓, 1);
    poverty_rate: 15 for kecamatan 35.02.01 (kabupaten 35.02 has older 12 and newer 99 values
    that the kecamatan overrides), 30 for village 35.02.01.2001, 8 for kecamatan 32.03.01;
    distance_office (higher means less vulnerable): 5 and 50 km.
    """
    from pimpasa.villages.models import Direction, Indicator
    from pimpasa.villages.services.scoring import weight_set_create

    Indicator.objects.filter(code="distance_office").update(direction=Direction.HIGHER_LESS)
    weight_set_create(actor=None, weights=SCENARIO_WEIGHTS, note="Scenario")
    put_values(
        [
            ("migrant_workers", "35.02.01.2001", 2024, 10.0, "BP2MI"),
            ("migrant_workers", "35.02.01.2002", 2024, 20.0, "BP2MI"),
            ("migrant_workers", "35.02.01.2003", 2024, 20.0, "BP2MI"),
            ("migrant_workers", "35.02.01.2003", 2023, 99.0, "BP2MI"),  # older: ignored
            ("migrant_workers", "32.03.01.2001", 2024, 40.0, "BP2MI"),
            ("poverty_rate", "35.02", 2023, 12.0, "BPS"),
            ("poverty_rate", "35.02", 2024, 99.0, "BPS"),
            ("poverty_rate", "35.02.01", 2022, 15.0, "BPS kecamatan"),
            ("poverty_rate", "35.02.01.2001", 2021, 30.0, "Desa"),
            ("poverty_rate", "32.03.01", 2024, 8.0, "BPS kecamatan"),
            ("distance_office", "35.02.01.2001", 2024, 5.0, "Ditjen"),
            ("distance_office", "35.02.01.2002", 2024, 50.0, "Ditjen"),
        ]
    )


def make_random_values(seed: int = 7) -> None:
    """Values for every indicator over Pacitan, Ponorogo and Cianjur at all levels, with ties and periods."""
    from pimpasa.regions.models import Region

    rng = random.Random(seed)
    villages = list(
        Region.objects.filter(level=4, code__regex=r"^(35\.01|35\.02|32\.03)\.").values_list(
            "code", flat=True
        )
    )
    districts = sorted({v[:8] for v in villages})
    rows: list[tuple[str, str, int, float, str]] = []
    for code in ("migrant_workers", "returned_migrants", "tppo_cases_3y", "border_coast", "distance_office"):
        for village in villages:
            if rng.random() < 0.85:
                value = (
                    float(rng.randint(0, 6)) if code != "distance_office" else round(rng.uniform(1, 90), 1)
                )
                rows.append((code, village, 2024, value, f"uji {code}"))
                if rng.random() < 0.2:
                    rows.append((code, village, 2023, float(rng.randint(0, 6)), "uji lama"))
    for code in ("education_low", "young_adults"):
        for district in districts:
            if rng.random() < 0.9:
                rows.append((code, district, 2024, round(rng.uniform(20, 80), 2), "uji kecamatan"))
        for village in rng.sample(villages, 40):
            rows.append((code, village, 2022, round(rng.uniform(20, 80), 2), "uji desa"))
    for code in ("poverty_rate", "unemployment_rate"):
        for regency, value in (("35.01", 14.5), ("35.02", 9.75), ("32.03", 9.75)):
            rows.append((code, regency, 2023, value + 1, "uji kab lama"))
            rows.append((code, regency, 2024, value, "uji kab"))
        for district in rng.sample(districts, 5):
            rows.append((code, district, 2020, round(rng.uniform(5, 20), 2), "uji kecamatan"))
    # newer values that are not finite numbers: ignored, the 2024 values apply
    rows.append(("migrant_workers", villages[0], 2025, math.nan, "uji rusak"))
    rows.append(("distance_office", villages[1], 2025, math.inf, "uji rusak"))
    put_values(rows)
