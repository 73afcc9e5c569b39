"""Demo indicator values: every village of the demo work areas, labelled demo, plausible, idempotent."""

from __future__ import annotations

import pytest
from django.db.models import Avg

from pimpasa.demo import data
from pimpasa.demo.villages_data import COASTS, KANTONG_PMI, load_indicator_values, work_area_codes
from pimpasa.regions.models import Level, Region
from pimpasa.villages.models import ImportBatch, IndicatorValue
from pimpasa.villages.selectors.indicators import village_indicator_values
from tests.villages.test_indicators_support import counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("regions")]

#: The demo work areas inside the provinces the tests load (Jawa Timur and Jawa Barat).
LOADED = ["32.03", "32.14", "32.15", "35.01", "35.02", "35.03", "35.19", "35.20", "35.21", "35.77"]
VILLAGE_LEVEL = [
    "border_coast",
    "distance_office",
    "migrant_workers",
    "passport_postponements",
    "returned_migrants",
    "tppo_cases_3y",
]


def _in(codes, level):
    pattern = r"^(" + "|".join(c.replace(".", r"\.") for c in codes) + r")\."
    return Region.objects.filter(level=level, code__regex=pattern)


def _codes_with(indicator):
    return set(IndicatorValue.objects.filter(indicator__code=indicator).values_list("region_id", flat=True))


def test_the_work_areas_come_from_the_demo_organisation_and_the_tables_name_real_regencies():
    assert work_area_codes() == sorted({c for u in data.UNITS for c in u.work_area})
    assert set(LOADED) < set(work_area_codes())
    assert set(work_area_codes()) >= KANTONG_PMI
    assert set(COASTS) <= set(work_area_codes())


def test_every_village_kecamatan_and_regency_of_the_work_areas_gets_its_values():
    written = load_indicator_values()

    villages = set(_in(LOADED, Level.VILLAGE).values_list("code", flat=True))
    districts = set(_in(LOADED, Level.DISTRICT).values_list("code", flat=True))
    assert len(villages) == 2182
    for code in VILLAGE_LEVEL:
        assert _codes_with(code) == villages, code
    assert _codes_with("education_low") == _codes_with("young_adults") == districts
    assert _codes_with("poverty_rate") == _codes_with("unemployment_rate") == set(LOADED)
    expected = 6 * len(villages) + 2 * len(districts) + 2 * len(LOADED)
    assert written == IndicatorValue.objects.count() == expected
    assert ImportBatch.objects.count() == 10
    sources = set(IndicatorValue.objects.values_list("source", flat=True))
    assert len(sources) == 10 and all(s.startswith("DEMO – ") for s in sources)
    assert set(IndicatorValue.objects.values_list("period", flat=True)) == {2025}


def test_a_second_load_writes_nothing():
    load_indicator_values()
    before = counts()
    values = dict(IndicatorValue.objects.values_list("id", "value"))

    assert load_indicator_values() == 0
    assert counts() == before
    assert dict(IndicatorValue.objects.values_list("id", "value")) == values


def test_values_are_plausible():
    load_indicator_values()

    def mean(indicator, prefix):
        values = IndicatorValue.objects.filter(indicator__code=indicator, region__code__startswith=prefix)
        return values.aggregate(m=Avg("value"))["m"]

    # Kantong-PMI Ponorogo sends more migrant workers than Kabupaten Madiun next door.
    assert mean("migrant_workers", "35.02.") > 2 * mean("migrant_workers", "35.19.")
    # Inland Ponorogo has no coast; Pacitan on the Indian Ocean has some.
    assert mean("border_coast", "35.02.") == 0
    assert 0 < mean("border_coast", "35.01.") < 1
    # A city is less poor than the countryside around it.
    assert mean("poverty_rate", "35.77") < mean("poverty_rate", "35.01")
    for indicator, low, high in [
        ("poverty_rate", 2, 40),
        ("unemployment_rate", 1, 15),
        ("education_low", 10, 95),
        ("young_adults", 25, 55),
    ]:
        values = IndicatorValue.objects.filter(indicator__code=indicator).values_list("value", flat=True)
        assert all(low <= v <= high for v in values), indicator
    flags = set(IndicatorValue.objects.filter(indicator__code="border_coast").values_list("value", flat=True))
    assert flags == {0.0, 1.0}


def test_a_demo_village_resolves_all_ten_indicators_with_inherited_ones_marked():
    load_indicator_values()

    resolved = village_indicator_values(user=None, village="35.02.01.2001")

    assert [(r.indicator.code, r.source_region.code, r.inherited) for r in resolved] == [
        ("border_coast", "35.02.01.2001", False),
        ("distance_office", "35.02.01.2001", False),
        ("education_low", "35.02.01", True),
        ("migrant_workers", "35.02.01.2001", False),
        ("passport_postponements", "35.02.01.2001", False),
        ("poverty_rate", "35.02", True),
        ("returned_migrants", "35.02.01.2001", False),
        ("tppo_cases_3y", "35.02.01.2001", False),
        ("unemployment_rate", "35.02", True),
        ("young_adults", "35.02.01", True),
    ]


def test_without_population_data_the_load_falls_back_to_defaults(settings, tmp_path):
    settings.REFERENCE_DATA_DIR = str(tmp_path)

    written = load_indicator_values()

    assert written > 0
    assert _codes_with("poverty_rate") == set(LOADED)
