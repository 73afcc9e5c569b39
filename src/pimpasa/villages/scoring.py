"""The vulnerability index as plain data in, plain data out: the reference the SQL engine must match.

No ORM and no Django: every step of the method in ``docs/vulnerability-index.md`` is a
small function here, and ``compute_index`` chains them for a whole set of villages.
``villages.engine`` computes the same numbers set-based in PostgreSQL; the tests compare
the two value for value, so the arithmetic below follows PostgreSQL's exactly:

- ``percent_rank`` is ``(rank - 1) / (rows - 1)`` with ties sharing the lowest rank, 0 for one row;
- sums run in the explanation's order (contribution descending, then indicator code);
- stored numbers are rounded by ``round4`` (half to even, as PostgreSQL's ``round(float8)``).
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

HIGHER_MORE = "higher_more"
HIGHER_LESS = "higher_less"
DIRECTIONS = (HIGHER_MORE, HIGHER_LESS)

NATIONAL = "national"
PROVINCE = "province"
COMPARISONS = (NATIONAL, PROVINCE)

#: Bands from the lowest score up (the same codes as ``models.Band``).
BANDS = ("low", "medium", "high", "very_high")


@dataclass(frozen=True)
class IndicatorWeight:
    """An indicator as a run uses it: its code, raw weight and direction."""

    code: str
    weight: float
    direction: str = HIGHER_MORE


@dataclass(frozen=True)
class Value:
    """A value of one indicator for one region (village, kecamatan or kabupaten/kota) and year."""

    region: str
    period: int
    value: float
    source: str = ""


@dataclass(frozen=True)
class VillageResult:
    """A village's score (None without any value), band ("" without score), coverage and explanation."""

    score: float | None
    band: str
    coverage: float
    explanation: list[dict[str, Any]]


def round4(x: float) -> float:
    """Round to 4 decimals the way the engine's SQL does: ``round(x * 10000) / 10000`` in float8."""
    return round(x * 10_000) / 10_000


def region_chain(village: str) -> tuple[str, str, str]:
    """Return the codes a village's values may come from, most specific first.

    "35.02.01.2001" -> ("35.02.01.2001", "35.02.01", "35.02"): the village, its kecamatan,
    its kabupaten/kota.
    """
    return village, village[:8], village[:5]


def province_of(village: str) -> str:
    return village[:2]


def resolve(village: str, values: Iterable[Value]) -> Value | None:
    """Return the value that applies to ``village`` among ``values`` of one indicator.

    The most specific region that has a value wins (village, then kecamatan, then
    kabupaten/kota); within it the latest period.
    """
    by_region: dict[str, Value] = {}
    for v in values:
        best = by_region.get(v.region)
        if best is None or v.period > best.period:
            by_region[v.region] = v
    for region in region_chain(village):
        if region in by_region:
            return by_region[region]
    return None


def percent_ranks(values: Sequence[float]) -> list[float]:
    """Return PostgreSQL's ``percent_rank()`` of each value among ``values`` (ascending), in input order.

    Ties share the rank of the first of them; a single value ranks 0.
    """
    n = len(values)
    if n <= 1:
        return [0.0] * n
    ordered = sorted(values)
    return [bisect.bisect_left(ordered, v) / (n - 1) for v in values]


def directed(percentile: float, direction: str) -> float:
    """Apply the indicator's direction: for "higher means less vulnerable" use 1 - p."""
    if direction == HIGHER_LESS:
        return 1.0 - percentile
    if direction == HIGHER_MORE:
        return percentile
    raise ValueError(f"unknown direction {direction!r}")


def band_for(score: float | None, cuts: Sequence[float]) -> str:
    """Return the band of ``score``: "low" below the first cut, then one band up per cut reached."""
    if score is None:
        return ""
    band = BANDS[0]
    for cut, upper in zip(cuts, BANDS[1:], strict=True):
        if score >= cut:
            band = upper
    return band


@dataclass(frozen=True)
class Term:
    """One indicator present for a village: what the explanation needs to show."""

    code: str
    weight: float
    percentile: float  # direction applied
    value: Value

    @property
    def weighted(self) -> float:
        return self.weight * self.percentile


def total_weight(indicators: Iterable[IndicatorWeight]) -> float:
    """Return Σ wᵢ over the indicators with a positive weight, summed in code order."""
    total = 0.0
    for indicator in sorted((i for i in indicators if i.weight > 0), key=lambda i: i.code):
        total += indicator.weight
    return total


def _explanation_order(term: Term) -> tuple[float, str]:
    return (-term.weighted, term.code)


def score_village(terms: Iterable[Term], *, total_weight: float, cuts: Sequence[float]) -> VillageResult:
    """Combine one village's present indicators into its score, band, coverage and explanation.

    score = 100 * Σ(wᵢ·pᵢ) / Σ(wᵢ) over the present indicators; coverage = Σ(wᵢ present) / Σ(wᵢ all).
    """
    ordered = sorted((t for t in terms if t.weight > 0), key=_explanation_order)
    if not ordered:
        return VillageResult(score=None, band="", coverage=0.0, explanation=[])
    present = 0.0
    weighted = 0.0
    for term in ordered:  # in explanation order, as the engine's window sums
        present += term.weight
        weighted += term.weighted
    score = round4(100 * weighted / present)
    explanation = [
        {
            "indicator": t.code,
            "value": t.value.value,
            "period": t.value.period,
            "source": t.value.source,
            "source_region": t.value.region,
            "percentile": round4(t.percentile),
            "weight": t.weight,
            "share": round4(t.weight / present),
            "contribution": round4(100 * (t.weight / present) * t.percentile),
        }
        for t in ordered
    ]
    return VillageResult(
        score=score,
        band=band_for(score, cuts),
        coverage=round4(present / total_weight),
        explanation=explanation,
    )


def compute_index(
    *,
    villages: Iterable[str],
    indicators: Sequence[IndicatorWeight],
    values: Mapping[str, Iterable[Value]],
    comparison: str = NATIONAL,
    band_cuts: Sequence[float] = (25.0, 50.0, 75.0),
) -> dict[str, VillageResult]:
    """Score every village in ``villages``.

    ``values`` maps an indicator code to its values at any level; values that are not finite
    numbers and indicators with weight 0 are left out. Percentiles rank each indicator's
    resolved values among all villages (``comparison`` "national") or the villages of the
    same province ("province").
    """
    if comparison not in COMPARISONS:
        raise ValueError(f"unknown comparison {comparison!r}")
    villages = list(villages)
    used = [i for i in indicators if i.weight > 0]
    total = total_weight(used)
    terms: dict[str, list[Term]] = {v: [] for v in villages}
    for indicator in used:
        candidates = [v for v in values.get(indicator.code, ()) if math.isfinite(v.value)]
        by_region: dict[str, list[Value]] = {}
        for value in candidates:
            by_region.setdefault(value.region, []).append(value)
        resolved: dict[str, Value] = {}
        for village in villages:
            found = resolve(village, (v for r in region_chain(village) for v in by_region.get(r, ())))
            if found is not None:
                resolved[village] = found
        groups: dict[str, list[str]] = {}
        for village in resolved:
            key = province_of(village) if comparison == PROVINCE else ""
            groups.setdefault(key, []).append(village)
        for members in groups.values():
            ranks = percent_ranks([resolved[v].value for v in members])
            for village, rank in zip(members, ranks, strict=True):
                terms[village].append(
                    Term(
                        code=indicator.code,
                        weight=indicator.weight,
                        percentile=directed(rank, indicator.direction),
                        value=resolved[village],
                    )
                )
    return {
        village: score_village(terms[village], total_weight=total, cuts=band_cuts) for village in villages
    }


def weight_problems(
    weights: Mapping[str, float], *, known_codes: Iterable[str], band_cuts: Sequence[float], comparison: str
) -> dict[str, str]:
    """Return what is wrong with a proposed weight set, keyed by field ("" when all is well).

    Keys: "weights" (unknown codes, negative or non-finite weights, none above zero),
    "band_cuts" (not three finite numbers strictly increasing within 0 to 100), "comparison".
    Messages are English codes; services translate them.
    """
    problems: dict[str, str] = {}
    known = set(known_codes)
    unknown = sorted(set(weights) - known)
    if unknown:
        problems["weights"] = "unknown_indicator"
    elif any(not math.isfinite(w) or w < 0 for w in weights.values()):
        problems["weights"] = "negative_weight"
    elif not any(w > 0 for w in weights.values()):
        problems["weights"] = "no_positive_weight"
    cuts = list(band_cuts)
    if (
        len(cuts) != len(BANDS) - 1
        or any(not math.isfinite(c) or c < 0 or c > 100 for c in cuts)
        or any(b <= a for a, b in itertools.pairwise(cuts))
    ):
        problems["band_cuts"] = "invalid_band_cuts"
    if comparison not in COMPARISONS:
        problems["comparison"] = "invalid_comparison"
    return problems
