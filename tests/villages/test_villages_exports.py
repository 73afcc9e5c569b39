"""Exports of the village and candidate lists: the same rows, in the same order, as the page."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.villages.test_villages_support import build_scored, designate

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(org):
    """A finished run scoring every village of the work area and its neighbours."""
    return build_scored()


HEADER_EN = [
    "Rank",
    "Code",
    "Village",
    "Kecamatan",
    "Kabupaten/kota",
    "Score",
    "Band",
    "Coverage (%)",
    "Top factors",
    "DBI status",
]


def _expected_rows(rows):
    return [
        [
            row.rank,
            row.code,
            row.name,
            row.district,
            row.regency,
            round(row.score, 2) if row.score is not None else None,
            row.band_label,
            round(row.coverage * 100, 1) if row.coverage is not None else None,
            "; ".join(f"{f.name} (+{f.contribution:.1f})" for f in row.factors),
            row.dbi_label,
        ]
        for row in rows
    ]


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def english_intel(org, login):
    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"
    return client


def test_candidate_csv_matches_the_candidate_list(org, scored, english_intel):
    designate("35.02.01.2001", org.units["ponorogo"], "designated")
    designate("35.02.01.2002", org.units["ponorogo"], "meeting_held")
    params = {"region": "35.02.01"}
    page = english_intel.get(reverse("villages:candidates"), params)

    response = english_intel.get(reverse("villages:candidates_export", args=["csv"]), params)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="candidates-')
    lines = _csv(response)
    assert lines[0] == HEADER_EN
    expected = [["" if v is None else str(v) for v in row] for row in _expected_rows(page.context["rows"])]
    assert lines[1:] == expected
    assert len(lines) - 1 == page.context["page"].paginator.count
    codes = [line[1] for line in lines[1:]]
    assert "35.02.01.2001" not in codes
    meeting = next(line for line in lines if line[1] == "35.02.01.2002")
    assert meeting[9] == "Coordination meeting held"
    assert lines[1][8].startswith("Migrant-worker placements per 1,000 residents (+")


def test_candidate_xlsx_matches_the_candidate_list(org, scored, english_intel):
    params = {"region": "35.02.02", "sort": "name"}
    page = english_intel.get(reverse("villages:candidates"), params)

    response = english_intel.get(reverse("villages:candidates_export", args=["xlsx"]), params)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Candidate villages"
    assert values[0] == HEADER_EN
    # an empty cell reads back as None
    assert values[1:] == [
        [None if v == "" else v for v in row] for row in _expected_rows(page.context["rows"])
    ]
    assert len(values) - 1 == page.context["page"].paginator.count


def test_village_export_keeps_the_filters_and_dbi_villages(org, scored, english_intel):
    designate("35.02.01.2001", org.units["ponorogo"], "active")
    params = {"region": "35.02.01", "dbi": "any"}

    lines = _csv(english_intel.get(reverse("villages:export", args=["csv"]), params))

    assert [line[1] for line in lines[1:]] == ["35.02.01.2001"]
    assert lines[1][9] == "Active"


def test_export_of_everything_in_scope_counts_the_work_area(org, scored, english_intel):
    lines = _csv(english_intel.get(reverse("villages:export", args=["csv"])))

    assert len(lines) - 1 == 636
    assert {line[1][:5] for line in lines[1:]} == {"35.01", "35.02", "35.03"}
    assert [int(line[0]) for line in lines[1:]] == list(range(1, 637))


def test_unknown_export_format_is_404(org, scored, english_intel):
    assert english_intel.get(reverse("villages:export", args=["pdf"])).status_code == 404


def test_export_links_carry_the_filters_but_not_the_page(org, scored, english_intel):
    html = english_intel.get(reverse("villages:candidates"), {"region": "35.02", "band": "high", "page": 2})

    content = html.content.decode()
    assert 'href="/villages/candidates/export.csv?region=35.02&amp;band=high"' in content
    assert 'href="/villages/candidates/export.xlsx?region=35.02&amp;band=high"' in content
