"""The village page and its API: hierarchy, values, score, chart, history, DBI panel, PIMPASA."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from pimpasa.regions.models import Region
from pimpasa.villages.models import IndicatorValue
from tests.villages.test_villages_support import (
    build_scored,
    designate,
    explanation_of,
    make_run,
    score_of,
    score_villages,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(org):
    """A finished run scoring every village of the work area and its neighbours."""
    return build_scored()


VILLAGE = "35.02.01.2001"


@pytest.fixture
def values(scored):
    """Indicator values at the village, its kecamatan and its kabupaten (the latest period wins)."""
    ind = scored.indicators
    IndicatorValue.objects.create(
        indicator=ind["migrant_workers"], region_id=VILLAGE, period=2024, value=12.5, source="BP2MI 2024"
    )
    IndicatorValue.objects.create(
        indicator=ind["education_low"], region_id="35.02.01", period=2024, value=61.0, source="Dukcapil"
    )
    IndicatorValue.objects.create(
        indicator=ind["poverty_rate"], region_id="35.02", period=2023, value=9.9, source="BPS 2023"
    )
    IndicatorValue.objects.create(
        indicator=ind["poverty_rate"], region_id="35.02", period=2024, value=9.1, source="BPS 2024"
    )
    return scored


@pytest.fixture
def history(scored):
    """An older run with weights v900 in which the village scored 30."""
    old = make_run(version=900, finished=timezone.now() - dt.timedelta(days=30))
    score_villages(old, scores={VILLAGE: 30.0})
    return old


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def test_village_page_shows_hierarchy_score_and_explanation(org, values, history, login):
    client = _english(login(org.users["intel_ponorogo"]))
    Region.objects.filter(code=VILLAGE).update(population=4321)

    response = client.get(reverse("villages:detail", args=[VILLAGE]))

    assert response.status_code == 200
    detail = response.context["detail"]
    village = Region.objects.get(code=VILLAGE)
    score = score_of(VILLAGE)
    html = response.content.decode()
    assert f"<h1>{village.name} <span" in html
    assert (detail.district.name, detail.regency.name, detail.province.name) == (
        "Slahung",
        "Kabupaten Ponorogo",
        "Jawa Timur",
    )
    assert "<dd>4,321</dd>" in html
    assert detail.score == score
    assert detail.band == village_band(score)
    assert f'<span class="score-big">{score:.1f}</span>' in html
    assert [item.indicator for item in detail.explanation] == [
        "migrant_workers",
        "poverty_rate",
        "education_low",
    ]
    assert round(sum(item.contribution for item in detail.explanation), 4) == score
    assert [item.contribution for item in detail.explanation] == [
        e["contribution"] for e in explanation_of(VILLAGE, score)
    ]
    assert "style=" not in html


def village_band(score):
    return "low" if score < 25 else "medium" if score < 50 else "high" if score < 75 else "very_high"


def test_explanation_chart_bars_add_up_to_the_score(org, values, login):
    client = _english(login(org.users["intel_ponorogo"]))

    html = client.get(reverse("villages:detail", args=[VILLAGE])).content.decode()

    chart = html[
        html.index('<svg xmlns="http://www.w3.org/2000/svg" class="explain-chart"') : html.index("</svg>")
    ]
    bars = [
        (float(x), float(w))
        for x, w in re.findall(r'<rect class="bar" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', chart)
    ]
    total = float(re.search(r'<rect class="total" x="0" y="[\d.]+" width="([\d.]+)"', chart).group(1))
    assert len(bars) == 3
    # each bar starts where the previous one ends; the last ends at the score's bar
    for (x, w), (next_x, _w) in itertools.pairwise(bars):
        assert next_x == pytest.approx(x + w, abs=0.002)
    assert bars[-1][0] + bars[-1][1] == pytest.approx(total, abs=0.003)
    assert total == pytest.approx(score_of(VILLAGE) * 3, abs=0.002)  # 300 units for 100 points
    assert "Migrant-worker placements per 1,000 residents: 12.5" in chart


def test_village_page_lists_indicator_values_with_source_and_origin(org, values, login):
    client = _english(login(org.users["intel_ponorogo"]))

    response = client.get(reverse("villages:detail", args=[VILLAGE]))

    resolved = {
        v.indicator.code: (v.value, v.period, v.source, v.source_region.code, v.inherited)
        for v in response.context["detail"].indicator_values
    }
    assert resolved == {
        "migrant_workers": (12.5, 2024, "BP2MI 2024", VILLAGE, False),
        "education_low": (61.0, 2024, "Dukcapil", "35.02.01", True),
        "poverty_rate": (9.1, 2024, "BPS 2024", "35.02", True),
    }
    html = response.content.decode()
    assert "BPS 2024" in html
    assert "BPS 2023" not in html
    assert 'Kabupaten Ponorogo <span class="muted">(35.02)</span>' in html


def test_village_page_shows_score_history_newest_first(org, values, history, login):
    client = _english(login(org.users["intel_ponorogo"]))

    response = client.get(reverse("villages:detail", args=[VILLAGE]))

    entries = response.context["detail"].history
    assert [(e.run.weight_set.version, e.score) for e in entries] == [(901, score_of(VILLAGE)), (900, 30.0)]
    assert "v900" in response.content.decode()


def test_village_page_shows_dbi_panel_and_assigned_pimpasa(org, values, login):
    designation = designate(VILLAGE, org.units["ponorogo"], "active")
    client = _english(login(org.users["intel_ponorogo"]))

    response = client.get(reverse("villages:detail", args=[VILLAGE]))

    assert response.context["designation"] == designation
    assert response.context["can_propose"] is True
    html = response.content.decode()
    assert "Active" in html
    appointments = response.context["detail"].appointments
    assert [a.decree_number for a in appointments] == ["W15.IMI.IMI.7-GR.01.01-1234"]
    assert "Field Ponorogo" in html
    assert "W15.IMI.IMI.7-GR.01.01-1234" in html


def test_village_without_pimpasa_or_values(org, scored, login):
    client = _english(login(org.users["head_ponorogo"]))

    response = client.get(reverse("villages:detail", args=["35.03.01.2001"]))

    assert response.status_code == 200
    detail = response.context["detail"]
    assert (detail.score, detail.band, detail.explanation, detail.appointments) == (None, "", [], [])
    html = response.content.decode()
    assert "No PIMPASA is assigned to this village." in html
    assert "explain-chart" not in html


@pytest.mark.parametrize(
    ("username", "code", "status"),
    [
        ("intel_ponorogo", VILLAGE, 200),
        ("field_ponorogo", "35.01.01.2001", 200),
        ("passport_ponorogo", VILLAGE, 200),
        ("regional_jatim", VILLAGE, 200),
        ("national", "32.03.01.2001", 200),
        ("intel_ponorogo", "35.04.01.2001", 404),
        ("intel_ponorogo", "32.03.01.2001", 404),
        ("regional_jabar", VILLAGE, 404),
        ("field_cianjur", VILLAGE, 404),
        ("admin", VILLAGE, 404),
        ("partner_polres", VILLAGE, 404),
        ("national", "99.99.99.9999", 404),
    ],
)
def test_village_page_permission_matrix(org, scored, login, username, code, status):
    response = login(org.users[username]).get(reverse("villages:detail", args=[code]))

    assert response.status_code == status


def test_a_kecamatan_code_is_not_a_village_page(org, scored, login):
    response = login(org.users["national"]).get("/villages/35.02.01/")

    assert response.status_code == 404


def test_api_detail_has_hierarchy_values_explanation_and_pimpasa(org, values, login):
    designation = designate(VILLAGE, org.units["ponorogo"], "designated")
    client = login(org.users["intel_ponorogo"])

    data = client.get(f"/api/v1/villages/{VILLAGE}").json()

    village = Region.objects.get(code=VILLAGE)
    score = score_of(VILLAGE)
    assert {k: data[k] for k in ("code", "name", "kind", "district", "regency", "province")} == {
        "code": VILLAGE,
        "name": village.name,
        "kind": village.kind,
        "district": {"code": "35.02.01", "name": "Slahung"},
        "regency": {"code": "35.02", "name": "Kabupaten Ponorogo"},
        "province": {"code": "35", "name": "Jawa Timur"},
    }
    assert (data["score"], data["band"], data["coverage"]) == (score, village_band(score), 0.75)
    assert data["run"] == values.run.pk
    assert [
        {k: e[k] for k in ("indicator", "value", "period", "source", "source_region", "contribution")}
        for e in data["explanation"]
    ] == [
        {k: e[k] for k in ("indicator", "value", "period", "source", "source_region", "contribution")}
        for e in explanation_of(VILLAGE, score)
    ]
    indicators = {i["indicator"]: i for i in data["indicators"]}
    assert indicators["poverty_rate"] == {
        "indicator": "poverty_rate",
        "name": indicators["poverty_rate"]["name"],
        "unit": "percent",
        "value": 9.1,
        "period": 2024,
        "source": "BPS 2024",
        "source_region": {"code": "35.02", "name": "Kabupaten Ponorogo"},
        "inherited": True,
    }
    assert indicators["migrant_workers"]["inherited"] is False
    assert (data["dbi_status"], data["designation"]) == ("designated", designation.pk)
    assert data["pimpasa"] == [
        {
            "appointment": org.appointments["field_ponorogo"].pk,
            "officer": "field_ponorogo",
            "officer_name": "Field Ponorogo",
            "unit": "kanim-ponorogo",
            "decree_number": "W15.IMI.IMI.7-GR.01.01-1234",
        }
    ]
