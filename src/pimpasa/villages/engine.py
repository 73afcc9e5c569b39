"""Compute a score run for every village in PostgreSQL, set-based: one ``INSERT … SELECT``.

The statement does what ``villages.scoring.compute_index`` does row by row in Python, and
gives the same numbers (the tests compare them value for value):

1. ``latest``: per indicator and region, the value of the latest period;
2. ``resolved``: per village and indicator, the value of the village, else of its kecamatan
   (``left(code, 8)``), else of its kabupaten/kota (``left(code, 5)``);
3. ``ranked``: ``percent_rank()`` of each resolved value within its indicator (and province,
   for a provincial comparison), direction applied;
4. ``windowed``: per village, the present weights and weighted percentiles summed in the
   explanation's order (contribution descending, then indicator code);
5. ``agg``: per village, the explanation as a JSON list in that order;
6. every village of level 4 gets a row: score, band by the weight set's cut points,
   coverage and explanation (a village without any value: no score, coverage 0).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from . import scoring
from .models import Indicator, WeightSet

#: Settings for the statement, for this transaction only, restored afterwards. The row
#: estimates of the intermediate steps are far off (unnest, DISTINCT ON), and a merge or
#: nested-loop join chosen on them turns an equi-join into a quadratic scan, while hash joins
#: are right at any size. Floats print in their shortest exact form (the explanation is
#: built as JSON text), and lz4 compresses the explanations several times faster than pglz.
SETTINGS = {
    "work_mem": "256MB",
    "jit": "off",
    "enable_mergejoin": "off",
    "enable_nestloop": "off",
    "extra_float_digits": "1",
    "default_toast_compression": "lz4",
}

_SQL = """
WITH w AS (
    SELECT i.id AS indicator_id, u.ord::int AS ord, u.weight, u.higher_less
    FROM unnest(%(codes)s::text[], %(weights)s::float8[], %(higher_less)s::bool[])
         WITH ORDINALITY AS u(code, weight, higher_less, ord)
    JOIN villages_indicator i ON i.code = u.code
),
latest AS MATERIALIZED (
    -- The part of an explanation entry that depends on the value alone is written once per
    -- value, not once per village that inherits it. Region codes are digits and dots, so
    -- only the source needs quoting.
    SELECT l.indicator_id, l.region_id, l.value,
           concat(',"value":', l.value, ',"period":', l.period, ',"source":', to_json(l.source),
                  ',"source_region":"', l.region_id, '"') AS fragment
    FROM (
        SELECT DISTINCT ON (iv.indicator_id, iv.region_id COLLATE "C")
               iv.indicator_id, iv.region_id, iv.value, iv.period, iv.source
        FROM villages_indicatorvalue iv
        WHERE iv.indicator_id IN (SELECT indicator_id FROM w)
          AND iv.value > '-Infinity' AND iv.value < 'Infinity'
        ORDER BY iv.indicator_id, iv.region_id COLLATE "C", iv.period DESC
    ) l
),
village AS MATERIALIZED (
    SELECT code, replace(code, '.', '')::bigint AS num, left(code, 8) AS district, left(code, 5) AS regency
    FROM regions_region WHERE level = 4
),
resolved AS (
    SELECT v.num AS village, w.indicator_id, w.ord, w.weight, w.higher_less,
           COALESCE(lv.value, ld.value, lr.value) AS value,
           COALESCE(lv.fragment, ld.fragment, lr.fragment) AS fragment
    FROM village v
    CROSS JOIN w
    LEFT JOIN latest lv ON lv.indicator_id = w.indicator_id AND lv.region_id = v.code
    LEFT JOIN (SELECT * FROM latest WHERE length(region_id) = 8) ld
           ON ld.indicator_id = w.indicator_id AND ld.region_id = v.district
    LEFT JOIN (SELECT * FROM latest WHERE length(region_id) = 5) lr
           ON lr.indicator_id = w.indicator_id AND lr.region_id = v.regency
    WHERE COALESCE(lv.value, ld.value, lr.value) IS NOT NULL
),
ranked AS (
    SELECT r.*, r.weight * r.p AS wp
    FROM (
        SELECT r.*,
               CASE WHEN r.higher_less THEN 1.0 - percent_rank() OVER comparison
                    ELSE percent_rank() OVER comparison END AS p
        FROM resolved r
        WINDOW comparison AS (PARTITION BY {partition} ORDER BY r.value)
    ) r
),
windowed AS (
    SELECT r.*, sum(r.weight) OVER village AS present, sum(r.wp) OVER village AS weighted
    FROM ranked r
    WINDOW village AS (
        PARTITION BY r.village ORDER BY r.wp DESC, r.ord
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    )
),
agg AS (
    -- The explanation is written as JSON text and parsed once per village: building it with
    -- jsonb_build_object and jsonb_agg costs about twice as much. ``heads`` holds each
    -- indicator's '{{"indicator": code, "weight": weight' part.
    SELECT village, min(present) AS present, min(weighted) AS weighted,
           '[' || string_agg(concat(
               (%(heads)s::text[])[ord],
               fragment,
               ',"percentile":', round(p * 10000) / 10000,
               ',"share":', round(weight / present * 10000) / 10000,
               ',"contribution":', round(100 * (weight / present) * p * 10000) / 10000,
               '}}'), ',' ORDER BY wp DESC, ord) || ']' AS explanation
    FROM windowed
    GROUP BY village
),
scored AS (
    SELECT v.code AS village,
           round(100 * a.weighted / a.present * 10000) / 10000 AS score,
           COALESCE(round(a.present / %(total_weight)s * 10000) / 10000, 0) AS coverage,
           COALESCE(a.explanation, '[]')::jsonb AS explanation
    FROM village v LEFT JOIN agg a ON a.village = v.num
)
INSERT INTO villages_villagescore (run_id, village_id, score, band, coverage, explanation)
SELECT %(run_id)s, village, score,
       CASE WHEN score IS NULL THEN ''
            WHEN score >= %(cut_3)s THEN 'very_high'
            WHEN score >= %(cut_2)s THEN 'high'
            WHEN score >= %(cut_1)s THEN 'medium'
            ELSE 'low' END,
       coverage, explanation
FROM scored
"""

_PARTITIONS = {
    scoring.NATIONAL: "r.indicator_id",
    # ``village`` is the code without dots as a number (a cheap sort key): PPKKCCDDDD.
    scoring.PROVINCE: "r.indicator_id, r.village / 100000000",
}


@dataclass(frozen=True)
class EngineResult:
    """What one computation wrote: villages, how many got a score, villages per band, seconds."""

    villages: int
    scored: int
    bands: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def inputs_for(weight_set: WeightSet) -> dict[str, Any]:
    """Return what a run of ``weight_set`` computes with: its active indicators with weight > 0.

    The run keeps this (``ScoreRun.inputs``), so it explains itself even after indicators
    change, and the engine computes from it.
    """
    rows = (
        weight_set.weights.filter(weight__gt=0, indicator__active=True)
        .select_related("indicator")
        .order_by("indicator__code")
    )
    indicators: list[dict[str, Any]] = [
        {"code": w.indicator.code, "weight": w.weight, "direction": w.indicator.direction} for w in rows
    ]
    return {
        "weight_set": weight_set.version,
        "comparison": weight_set.comparison,
        "band_cuts": list(weight_set.band_cuts),
        "total_weight": scoring.total_weight(_weights(indicators)),
        "indicators": indicators,
    }


def _weights(indicators: Sequence[Mapping[str, Any]]) -> list[scoring.IndicatorWeight]:
    return [
        scoring.IndicatorWeight(code=i["code"], weight=float(i["weight"]), direction=i["direction"])
        for i in indicators
    ]


def statement(comparison: str) -> str:
    """Return the scoring statement for a comparison set ("national" or "province")."""
    return _SQL.format(partition=_PARTITIONS[comparison])


def parameters(*, run_id: int, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Return the statement's parameters for a run's ``inputs``."""
    used = sorted((i for i in _weights(inputs["indicators"]) if i.weight > 0), key=lambda i: i.code)
    cuts = [float(c) for c in inputs["band_cuts"]]
    return {
        "run_id": run_id,
        "codes": [i.code for i in used],
        "heads": [f'{{"indicator":{json.dumps(i.code)},"weight":{json.dumps(i.weight)}' for i in used],
        "weights": [i.weight for i in used],
        "higher_less": [i.direction == scoring.HIGHER_LESS for i in used],
        "total_weight": scoring.total_weight(used) or None,
        "cut_1": cuts[0],
        "cut_2": cuts[1],
        "cut_3": cuts[2],
    }


def apply_settings(cursor: Any, settings: Mapping[str, str]) -> dict[str, str]:
    """Set ``settings`` for the transaction; return the values they replace."""
    cursor.execute("SELECT name, setting, enumvals FROM pg_settings WHERE name = ANY(%s)", [list(settings)])
    old: dict[str, str] = {}
    for name, setting, choices in cursor.fetchall():
        if choices is not None and settings[name] not in choices:
            continue  # a server built without lz4 keeps pglz
        old[name] = setting
        cursor.execute("SELECT set_config(%s, %s, true)", [name, settings[name]])
    return old


def compute(*, run_id: int, inputs: Mapping[str, Any]) -> EngineResult:
    """Write the scores of run ``run_id`` for every village; call it inside a transaction.

    Rows the run may hold from an interrupted attempt are replaced. When the statement fails,
    the caller's transaction (or savepoint) rolls back, and the settings with it.
    """
    started = time.perf_counter()
    sql, params = statement(inputs["comparison"]), parameters(run_id=run_id, inputs=inputs)
    with connection.cursor() as cursor:
        old = apply_settings(cursor, SETTINGS)
        cursor.execute("DELETE FROM villages_villagescore WHERE run_id = %s", [run_id])
        cursor.execute(sql, params)
        villages = cursor.rowcount
        apply_settings(cursor, old)
        cursor.execute(
            "SELECT band, count(*) FROM villages_villagescore WHERE run_id = %s GROUP BY band", [run_id]
        )
        bands = dict(cursor.fetchall())
    return EngineResult(
        villages=villages,
        scored=sum(n for band, n in bands.items() if band),
        bands={b: bands.get(b, 0) for b in scoring.BANDS},
        seconds=time.perf_counter() - started,
    )


def indicator_codes() -> list[str]:
    """Return the codes of the active indicators (those a weight set may weigh)."""
    return list(Indicator.objects.active().order_by("code").values_list("code", flat=True))
