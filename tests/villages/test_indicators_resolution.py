"""Which value a village gets: its own, else its kecamatan's or kabupaten's; latest period; in scope."""

from __future__ import annotations

import pytest

from pimpasa.core.errors import NotFound
from pimpasa.regions.models import Region
from pimpasa.villages.models import Indicator, IndicatorValue
from pimpasa.villages.selectors.indicators import (
    indicator_summary,
    indicator_values_for_region,
    village_indicator_values,
)
from tests.villages.test_indicators_support import CIANJUR_VILLAGE, KAB, KEC, V1, V2

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("regions")]


def put(code: str, region: str, value: float, period: int = 2024, source: str = "BPS") -> None:
    IndicatorValue.objects.create(
        indicator=Indicator.objects.get(code=code),
        region_id=region,
        period=period,
        value=value,
        source=source,
    )


def resolved(user, village):
    return [
        (r.indicator.code, r.value, r.period, r.source, r.source_region.code, r.inherited)
        for r in village_indicator_values(user=user, village=village)
    ]


def test_a_kabupaten_value_reaches_a_village_without_its_own_and_the_village_value_wins(org):
    put("poverty_rate", KAB, 11.5, source="BPS Susenas")
    put("education_low", KEC, 48.0, source="Dukcapil")
    put("migrant_workers", KAB, 5.0)
    put("migrant_workers", V1, 14.0, source="BP2MI")
    user = org.users["intel_ponorogo"]

    assert resolved(user, Region.objects.get(code=V1)) == [
        ("education_low", 48.0, 2024, "Dukcapil", KEC, True),
        ("migrant_workers", 14.0, 2024, "BP2MI", V1, False),
        ("poverty_rate", 11.5, 2024, "BPS Susenas", KAB, True),
    ]
    assert resolved(user, V2) == [
        ("education_low", 48.0, 2024, "Dukcapil", KEC, True),
        ("migrant_workers", 5.0, 2024, "BPS", KAB, True),
        ("poverty_rate", 11.5, 2024, "BPS Susenas", KAB, True),
    ]


def test_a_kecamatan_value_beats_the_kabupaten_and_the_latest_period_wins_within_a_region(org):
    put("unemployment_rate", KAB, 6.0, period=2025)
    put("unemployment_rate", KEC, 4.0, period=2023)
    put("unemployment_rate", KEC, 4.5, period=2024)

    assert resolved(org.users["field_ponorogo"], V1) == [("unemployment_rate", 4.5, 2024, "BPS", KEC, True)]


def test_inactive_indicators_and_other_villages_values_are_left_out(org):
    put("tppo_cases_3y", V1, 2.0)
    put("passport_postponements", V1, 1.0)
    put("border_coast", V2, 1.0)
    Indicator.objects.filter(code="passport_postponements").update(active=False)

    assert resolved(org.users["national"], V1) == [("tppo_cases_3y", 2.0, 2024, "BPS", V1, False)]


@pytest.mark.parametrize("username", ["field_cianjur", "partner_polres", "admin"])
def test_a_village_out_of_scope_or_a_user_without_village_access_gets_not_found(org, username):
    put("poverty_rate", KAB, 11.5)

    with pytest.raises(NotFound):
        village_indicator_values(user=org.users[username], village=V1)


def test_a_region_that_is_not_a_village_is_not_found(org):
    with pytest.raises(NotFound):
        village_indicator_values(user=org.users["national"], village=KEC)
    with pytest.raises(NotFound):
        village_indicator_values(user=org.users["national"], village="35.02.01.9999")


def test_resolution_reads_in_one_query(org, django_assert_num_queries):
    put("poverty_rate", KAB, 11.5)
    put("education_low", KEC, 48.0)
    put("border_coast", V1, 1.0)
    village = Region.objects.get(code=V1)
    user = org.users["national"]
    user.get_scope()

    with django_assert_num_queries(1):
        values = village_indicator_values(user=user, village=village)

    assert [v.source_region.name for v in values] == ["Tugurejo", "Slahung", "Kabupaten Ponorogo"]


def test_values_for_a_region_stay_in_the_users_area_and_include_the_kabupaten_above(org):
    put("poverty_rate", KAB, 11.5)
    put("poverty_rate", "32.03", 10.1)
    put("poverty_rate", V1, 13.0)
    put("poverty_rate", CIANJUR_VILLAGE, 9.0)
    put("border_coast", V1, 1.0)
    poverty = Indicator.objects.get(code="poverty_rate")

    def codes(user, **kwargs):
        return [v.region_id for v in indicator_values_for_region(user=org.users[user], **kwargs)]

    assert codes("intel_ponorogo", indicator=poverty) == [KAB, V1]
    assert codes("regional_jabar", indicator=poverty) == ["32.03", CIANJUR_VILLAGE]
    assert codes("national", indicator=poverty) == ["32.03", CIANJUR_VILLAGE, KAB, V1]
    assert codes("national", region=Region.objects.get(code=KEC)) == [V1, V1]
    with pytest.raises(NotFound):
        codes("partner_polres", indicator=poverty)


def test_the_summary_counts_values_per_period_and_level_in_scope(org):
    put("poverty_rate", KAB, 11.5)
    put("poverty_rate", "35.03", 9.5)
    put("poverty_rate", "32.03", 10.1)
    put("poverty_rate", KAB, 11.0, period=2025)
    poverty = Indicator.objects.get(code="poverty_rate")

    rows = indicator_summary(user=org.users["intel_ponorogo"], indicator=poverty)

    assert [(r.period, r.level, r.count, r.minimum, r.maximum) for r in rows] == [
        (2025, 2, 1, 11.0, 11.0),
        (2024, 2, 2, 9.5, 11.5),
    ]
