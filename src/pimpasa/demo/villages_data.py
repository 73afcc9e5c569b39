"""Demo indicator values for every village in the demo offices' work areas.

The values are invented, derived deterministically from real figures where the
registry has them: each kabupaten/kota's population and land area (after
``pimpasa regions import-stats``, else the reference-data file, else a plain
default) and the kecamatan centroids. Rural, thinly peopled areas come out
poorer, less schooled and farther from the office; the kantong-PMI regencies
send more migrant workers; kecamatan on the coast of a coastal regency carry the
coast flag. Every value goes through the indicator import service, one batch per
indicator, its source labelled "DEMO - …", period 2025. Loading twice writes
nothing the second time.
"""

from __future__ import annotations

import csv
import math
import random
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count

from pimpasa.core.scoping import region_q
from pimpasa.organization.models import UnitKind
from pimpasa.regions.models import Kind, Level, Region
from pimpasa.villages.importing import Table
from pimpasa.villages.models import Indicator
from pimpasa.villages.services.indicators import indicator_values_import

from . import data

PERIOD = 2025

#: Regencies known as "kantong PMI" (many residents working abroad): Ponorogo, Cianjur,
#: Karawang, Kabupaten Kupang and Buleleng (DOMAIN.md and the seed articles).
KANTONG_PMI = frozenset({"35.02", "32.03", "32.15", "53.01", "51.08"})

#: Coastal regencies of the demo work areas and the sides their coast lies on (N, S, E, W):
#: a rough sketch for the coast flag, not survey data. Regencies not listed are inland.
COASTS = {
    "35.01": "S",  # Pacitan
    "35.03": "S",  # Trenggalek
    "32.03": "S",  # Cianjur
    "32.15": "N",  # Karawang
    "51.01": "NSW",  # Jembrana
    "51.07": "NES",  # Karangasem
    "51.08": "N",  # Buleleng
    "53.01": "NSEW",  # Kupang
    "53.02": "S",  # Timor Tengah Selatan
    "53.71": "NW",  # Kota Kupang
}
#: Words of kecamatan names that mean the sea is near.
COAST_WORDS = ("pantai", "pesisir", "laut", "teluk", "tanjung", "pelabuhan", "pulau", "kepulauan")
#: Share of a coastal regency's kecamatan, on each coastal side, that touch the sea.
COAST_SHARE = 0.3

#: The source of each indicator's demo values.
SOURCES = {
    "poverty_rate": "DEMO – poverty rate derived from regency population density (not BPS data)",
    "unemployment_rate": "DEMO – unemployment derived from regency population density (not BPS data)",
    "education_low": "DEMO – schooling derived from kecamatan urban share (not BPS data)",
    "young_adults": "DEMO – age structure derived from kecamatan urban share (not Dukcapil data)",
    "migrant_workers": "DEMO – placements derived from kantong-PMI status (not BP2MI data)",
    "returned_migrants": "DEMO – returns derived from demo placements (not BP3MI data)",
    "border_coast": "DEMO – coast flag sketched from kecamatan positions (not BIG data)",
    "distance_office": "DEMO – straight-line distance to the office seat ×1.3 (not measured)",
    "tppo_cases_3y": "DEMO – cases drawn from demo placements (not police data)",
    "passport_postponements": "DEMO – postponements drawn from demo placements (not SIMKIM data)",
}

#: Persons and km² per village when neither the registry nor the reference file knows a regency.
DEFAULT_PEOPLE_PER_VILLAGE = 4000
DEFAULT_KM2_PER_VILLAGE = 8.0


def work_area_codes() -> list[str]:
    """Return the kabupaten/kota codes of the demo offices' work areas, as listed in ``data``."""
    codes = {code for unit in data.UNITS if unit.kind == UnitKind.KANIM for code in unit.work_area}
    return sorted(codes)


def _office_seats() -> dict[str, str]:
    """Return regency code → the code of the regency its office sits in."""
    seats = {f"kanim-{office.slug}": office.seat for office in getattr(data, "_OFFICES", ())}
    return {
        code: seats.get(unit.code, unit.work_area[0])
        for unit in data.UNITS
        if unit.kind == UnitKind.KANIM and unit.work_area
        for code in unit.work_area
    }


def _rng(*parts: str) -> random.Random:
    """Return a random generator seeded by the parts, the same on every run and machine."""
    return random.Random(zlib.crc32(":".join(parts).encode()))


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _reference_stats() -> dict[str, tuple[int, float]]:
    """Return code → (population, area km²) from the reference-data file, if there is one."""
    directory = Path(str(getattr(settings, "REFERENCE_DATA_DIR", "") or ""))
    if not directory.is_absolute():
        directory = Path(settings.PROJECT_DIR) / directory
    files = sorted(directory.glob("population_area_*.csv")) if directory.is_dir() else []
    if not files:
        return {}
    stats: dict[str, tuple[int, float]] = {}
    with files[-1].open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                stats[row["code"].strip()] = (int(row["population_total"]), float(row["area_km2"]))
            except (KeyError, TypeError, ValueError):
                continue
    return stats


@dataclass
class _Regency:
    region: Region
    population: int
    area_km2: float
    rurality: float = 0.0  # 0 = city, 1 = thinly peopled countryside


def _regencies(codes: list[str], village_counts: dict[str, int]) -> dict[str, _Regency]:
    found = {r.code: r for r in Region.objects.filter(code__in=codes, level=Level.REGENCY)}
    reference: dict[str, tuple[int, float]] | None = None
    regencies: dict[str, _Regency] = {}
    for code, region in found.items():
        population, area = region.population, float(region.area_km2) if region.area_km2 else None
        if not population or not area:
            if reference is None:
                reference = _reference_stats()
            population, area = reference.get(
                code,
                (
                    DEFAULT_PEOPLE_PER_VILLAGE * village_counts.get(code, 1),
                    DEFAULT_KM2_PER_VILLAGE * village_counts.get(code, 1),
                ),
            )
        density = population / max(area, 1.0)
        # 50 persons/km² or fewer is fully rural, 3,000 or more fully urban (log scale).
        rurality = _clamp((math.log10(3000) - math.log10(max(density, 1.0))) / math.log10(60), 0.0, 1.0)
        regencies[code] = _Regency(region, int(population), float(area), rurality)
    return regencies


def _distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _point(region: Region) -> tuple[float, float] | None:
    if region.latitude is None or region.longitude is None:
        return None
    return float(region.latitude), float(region.longitude)


def _coastal_districts(regency: str, districts: list[Region]) -> set[str]:
    """Return the codes of the regency's kecamatan taken to lie on its coast."""
    sides = COASTS.get(regency, "")
    if not sides:
        return set()
    coastal = {d.code for d in districts if any(w in d.name.lower() for w in COAST_WORDS)}
    placed = [(d, p) for d in districts if (p := _point(d)) is not None]
    take = max(1, round(len(districts) * COAST_SHARE))
    if len(placed) >= 3:
        for side in sides:
            key: Callable[[tuple[Region, tuple[float, float]]], float] = {
                "N": lambda item: -item[1][0],
                "S": lambda item: item[1][0],
                "E": lambda item: -item[1][1],
                "W": lambda item: item[1][1],
            }[side]
            coastal |= {d.code for d, _p in sorted(placed, key=key)[:take]}
    else:
        share = COAST_SHARE * len(sides)
        coastal |= {d.code for d in districts if _rng(d.code, "coast").random() < share}
    return coastal


def _values(regencies: dict[str, _Regency]) -> dict[str, list[tuple[str, float]]]:
    """Return indicator code → [(region code, value)] for the regencies, their kecamatan and villages."""
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    codes = sorted(regencies)
    below = Region.objects.filter(region_q("code", codes), level__in=(Level.DISTRICT, Level.VILLAGE))
    districts: dict[str, list[Region]] = defaultdict(list)
    villages: dict[str, list[Region]] = defaultdict(list)
    for region in below.order_by("code"):
        (districts if region.level == Level.DISTRICT else villages)[region.parent_id or ""].append(region)
    seats = _office_seats()
    points = {code: _point(r.region) for code, r in regencies.items()}
    for code in codes:
        regency = regencies[code]
        r = regency.rurality
        kantong = code in KANTONG_PMI
        rng = _rng(code, "regency")
        out["poverty_rate"].append((code, round(_clamp(4 + 18 * r + rng.uniform(-2, 2), 2, 40), 2)))
        out["unemployment_rate"].append((code, round(_clamp(3 + 5 * (1 - r) + rng.uniform(-1, 1), 1, 15), 2)))
        regency_villages = sum(len(villages[d.code]) for d in districts[code]) or 1
        people_per_village = regency.population / regency_villages
        seat = points.get(seats.get(code, code))
        coastal = _coastal_districts(code, districts[code])
        for district in districts[code]:
            members = villages[district.code]
            urban = sum(1 for v in members if v.kind == Kind.KELURAHAN) / (len(members) or 1)
            rd = _clamp(r * (1 - urban) + _rng(district.code, "rural").uniform(-0.1, 0.1), 0, 1)
            drng = _rng(district.code, "district")
            education = _clamp(38 + 34 * rd + drng.uniform(-8, 8), 10, 95)
            young = _clamp(35 + 7 * (1 - rd) + drng.uniform(-3, 3), 25, 55)
            out["education_low"].append((district.code, round(education, 1)))
            out["young_adults"].append((district.code, round(young, 1)))
            origin = _point(district) or points.get(code)
            for village in members:
                vrng = _rng(village.code, "village")
                rural = village.kind != Kind.KELURAHAN
                base = 14.0 if kantong else 4.0
                migrants = base * (1.3 if rural else 0.6) * (0.6 + rd) * vrng.lognormvariate(0, 0.5)
                migrants = round(min(migrants, 150.0), 2)
                population = people_per_village * vrng.uniform(0.5, 1.5)
                returned = 0
                if vrng.random() < 0.7:
                    returned = round(migrants * population / 1000 * 0.04 * vrng.uniform(0, 2))
                if origin is not None and seat is not None:
                    distance = _distance_km(origin, seat) * 1.3 + vrng.uniform(0, 6)
                else:
                    distance = 5 + 70 * rd * vrng.random()
                cases = 0
                if vrng.random() < min(0.5, migrants / 80):
                    cases = vrng.choice((1, 1, 1, 2, 2, 3))
                on_coast = district.code in coastal and vrng.random() < 0.6
                postponements = round(migrants * 0.06 * vrng.uniform(0.2, 1.8), 2)
                out["migrant_workers"].append((village.code, migrants))
                out["returned_migrants"].append((village.code, float(returned)))
                out["border_coast"].append((village.code, 1.0 if on_coast else 0.0))
                out["distance_office"].append((village.code, round(distance, 1)))
                out["tppo_cases_3y"].append((village.code, float(cases)))
                out["passport_postponements"].append((village.code, postponements))
    return out


def _table(code: str, rows: Iterable[tuple[str, float]]) -> Table:
    return Table(
        header=["code", "indicator", "value"],
        rows=[(number, [region, code, value]) for number, (region, value) in enumerate(rows, start=2)],
    )


def load_indicator_values(*, actor: Any = None) -> int:
    """Import demo values for every village of the demo work areas; return how many were written.

    One import batch per indicator, through the same checks as a file. Indicators
    missing or inactive are skipped. A second run finds every value unchanged,
    writes nothing, leaves no batch and returns 0.
    """
    codes = work_area_codes()
    village_counts = dict(
        Region.objects.filter(level=Level.VILLAGE, parent__parent__code__in=codes)
        .values("parent__parent_id")
        .annotate(n=Count("code"))
        .values_list("parent__parent_id", "n")
    )
    regencies = _regencies(codes, village_counts)
    values = _values(regencies)
    active = set(Indicator.objects.filter(active=True).values_list("code", flat=True))
    written = 0
    for code in sorted(values):
        if code not in active:
            continue
        result = indicator_values_import(
            actor=actor,
            table=_table(code, values[code]),
            source=SOURCES.get(code, f"DEMO – {code}"),
            period=PERIOD,
            file_name=f"demo-{code}.csv",
            keep_unchanged=False,
        )
        written += result.created + result.updated
    return written
