"""Benchmark: recompute the vulnerability index for every village, against one plain SQL statement.

Run from the project root::

    .venv/bin/python bench/village_index.py

It creates a scratch database — on a temporary embedded PostgreSQL server, or on
``DATABASE_URL``'s server when that is set — migrates it, loads the full region registry
(83,762 villages) and generates values for the 10 seeded indicators: six per village (a
few villages without, two periods for one indicator), two per kecamatan and two per
kabupaten/kota (two periods), plus village values overriding one kabupaten indicator for
a tenth of the villages. Then, in the same run, it times:

1. a full recompute through the engine, ``score_run_now()`` — resolution, percentile
   ranks, weights, bands, explanations, one ``INSERT … SELECT`` of 83,762 rows, commit —
   three times, and takes the median;
2. one plain ``SELECT`` computing the same scores (no explanation, nothing written), three
   times, median;

and prints the seconds, the ratio of (1) to (2), and how far the two sets of scores are
apart (rounding only). The goal for (1) is 3 s or less. It prints figures only (no
assertions) and removes what it created.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

from regions_import import scratch_database

GOAL_SECONDS = 3.0
REPEAT = 3

#: Values for every village and indicator, generated in the database (pseudo-random, seeded).
#: The tables' history triggers are off meanwhile: the benchmark times scoring, not loading.
GENERATE = """
SELECT setseed(0.42);
ALTER TABLE villages_indicatorvalue DISABLE TRIGGER USER;
INSERT INTO villages_indicatorvalue (indicator_id, region_id, period, value, source, updated_at)
SELECT i.id, r.code, p.period,
       CASE i.code WHEN 'border_coast' THEN (random() < 0.2)::int
                   WHEN 'returned_migrants' THEN floor(random() * 30)
                   WHEN 'tppo_cases_3y' THEN floor(random() * random() * 5)
                   WHEN 'distance_office' THEN round((random() * 300)::numeric, 1)
                   ELSE round((random() * 50)::numeric, 2) END,
       'bench', now()
FROM regions_region r
CROSS JOIN villages_indicator i
CROSS JOIN (VALUES (2023), (2024)) AS p(period)
WHERE r.level = 4 AND i.level = 4 AND (p.period = 2024 OR i.code = 'migrant_workers') AND random() > 0.03;
INSERT INTO villages_indicatorvalue (indicator_id, region_id, period, value, source, updated_at)
SELECT i.id, r.code, 2024, round((random() * 60 + 20)::numeric, 2), 'bench', now()
FROM regions_region r CROSS JOIN villages_indicator i WHERE r.level = 3 AND i.level = 3;
INSERT INTO villages_indicatorvalue (indicator_id, region_id, period, value, source, updated_at)
SELECT i.id, r.code, p.period, round((random() * 25)::numeric, 2), 'bench', now()
FROM regions_region r CROSS JOIN villages_indicator i CROSS JOIN (VALUES (2023), (2024)) AS p(period)
WHERE r.level = 2 AND i.level = 2;
INSERT INTO villages_indicatorvalue (indicator_id, region_id, period, value, source, updated_at)
SELECT i.id, r.code, 2022, round((random() * 40)::numeric, 2), 'bench', now()
FROM regions_region r CROSS JOIN villages_indicator i
WHERE r.level = 4 AND i.code = 'poverty_rate' AND random() < 0.1;
ALTER TABLE villages_indicatorvalue ENABLE TRIGGER USER;
ANALYZE;
"""

#: The baseline: the same scores in one plain statement, written independently of the engine
#: (codes sorted and grouped bytewise, as the engine does, so the comparison is fair).
PLAIN = """
WITH w AS (
    SELECT i.id AS indicator_id, wt.weight, i.direction = 'higher_less' AS higher_less
    FROM villages_weight wt JOIN villages_indicator i ON i.id = wt.indicator_id
    WHERE wt.weight_set_id = %(weight_set)s AND wt.weight > 0 AND i.active
),
latest AS MATERIALIZED (
    SELECT DISTINCT ON (indicator_id, region_id COLLATE "C") indicator_id, region_id, value
    FROM villages_indicatorvalue WHERE indicator_id IN (SELECT indicator_id FROM w)
    ORDER BY indicator_id, region_id COLLATE "C", period DESC
),
resolved AS (
    SELECT v.code COLLATE "C" AS village, w.weight, w.higher_less, w.indicator_id,
           COALESCE(lv.value, ld.value, lr.value) AS value
    FROM regions_region v CROSS JOIN w
    LEFT JOIN latest lv ON lv.indicator_id = w.indicator_id AND lv.region_id = v.code
    LEFT JOIN latest ld ON ld.indicator_id = w.indicator_id AND ld.region_id = left(v.code, 8)
    LEFT JOIN latest lr ON lr.indicator_id = w.indicator_id AND lr.region_id = left(v.code, 5)
    WHERE v.level = 4 AND COALESCE(lv.value, ld.value, lr.value) IS NOT NULL
),
ranked AS (
    SELECT village, weight,
           CASE WHEN higher_less THEN 1 - percent_rank() OVER byvalue
                ELSE percent_rank() OVER byvalue END AS p
    FROM resolved WINDOW byvalue AS (PARTITION BY indicator_id ORDER BY value)
)
SELECT v.code, 100 * s.weighted / s.present
FROM regions_region v
LEFT JOIN (SELECT village, sum(weight * p) AS weighted, sum(weight) AS present FROM ranked GROUP BY village) s
       ON s.village = v.code
WHERE v.level = 4
"""


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def plain_scores(weight_set_id: int) -> dict[str, float | None]:
    """Run the plain statement with the engine's planner settings; return village → score."""
    from django.db import connection, transaction

    from pimpasa.villages import engine

    with transaction.atomic(), connection.cursor() as cursor:
        old = engine.apply_settings(cursor, engine.SETTINGS)
        cursor.execute(PLAIN, {"weight_set": weight_set_id})
        rows = dict(cursor.fetchall())
        engine.apply_settings(cursor, old)
    return rows


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pimpasa.settings")
    os.environ.setdefault("PIMPASA_SECRET_KEY", "benchmark-only-not-secret")
    os.environ.setdefault("PIMPASA_LOG_LEVEL", "WARNING")
    with scratch_database() as where:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from pimpasa.regions.models import Region
        from pimpasa.regions.services import region_import
        from pimpasa.villages.models import IndicatorValue, ScoreRun, WeightSet
        from pimpasa.villages.permissions import SYSTEM
        from pimpasa.villages.services.scoring import score_run_now

        call_command("migrate", verbosity=0, interactive=False)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            (version,) = cursor.fetchone()
        loaded, _ = timed(region_import)
        with connection.cursor() as cursor:  # one statement per transaction (autocommit)
            statements = [sql for sql in GENERATE.split(";") if sql.strip()]
            generated, _ = timed(lambda: [cursor.execute(sql) for sql in statements])
        villages = Region.objects.filter(level=4).count()
        values = IndicatorValue.objects.count()
        weight_set = WeightSet.objects.current()
        assert weight_set is not None

        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
            reference, _ = timed(lambda: cursor.execute("SELECT count(*) FROM generate_series(1, 5000000)"))

        runs = []
        for _ in range(REPEAT):
            seconds, run = timed(lambda: score_run_now(actor=SYSTEM, trigger="bench"))
            runs.append((seconds, run))
        plains = [timed(lambda: plain_scores(weight_set.pk)) for _ in range(REPEAT)]

        last = ScoreRun.objects.get(pk=runs[-1][1].pk)
        engine_scores = dict(last.scores.values_list("village_id", "score"))
        plain = plains[-1][1]
        differences = [
            abs(engine_scores[code] - score)
            for code, score in plain.items()
            if score is not None and engine_scores.get(code) is not None
        ]
        both_empty = sum(
            1 for code, score in plain.items() if score is None and engine_scores.get(code) is None
        )
        summary = last.inputs["summary"]

    engine_median = statistics.median(s for s, _ in runs)
    plain_median = statistics.median(s for s, _ in plains)
    print(f"village index benchmark — PostgreSQL {version}, {where}")
    print(f"villages: {villages:,}; indicator values: {values:,} (weights v{weight_set.version})")
    print(f"setup: regions {loaded:.1f} s, values {generated:.1f} s (not timed below)")
    print(f"machine reference: count(generate_series(1, 5e6)) {reference:.2f} s")
    print(
        f"full recompute (score_run_now), median of {REPEAT}: {engine_median:6.2f} s"
        f"   goal <= {GOAL_SECONDS:.0f} s"
        f"   [{', '.join(f'{s:.2f}' for s, _ in runs)}]"
    )
    print(f"  of which the engine's statement (last run):      {summary['seconds']:6.2f} s")
    print(
        f"one plain SELECT of the same scores, median of {REPEAT}: {plain_median:6.2f} s"
        f"   [{', '.join(f'{s:.2f}' for s, _ in plains)}]"
    )
    print(f"ratio recompute / plain statement:              {engine_median / plain_median:6.1f}x")
    print(
        f"scores compared: {len(differences):,} scored in both, {both_empty:,} without a score in both; "
        f"largest difference {max(differences, default=0.0):.6f} (the engine rounds to 4 decimals)"
    )
    print(f"bands (last run): {summary['bands']}, scored {summary['scored']:,}")


if __name__ == "__main__":
    main()
