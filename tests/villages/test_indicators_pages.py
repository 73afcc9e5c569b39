"""Indicator pages: list, detail, create, edit, imports and upload, with their permission matrix."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pimpasa.core.models import TimelineEvent
from pimpasa.villages.models import ImportBatch, Indicator, IndicatorValue
from tests.villages.test_indicators_support import CIANJUR_VILLAGE, KAB, V1, counts, stored

pytestmark = pytest.mark.django_db

READERS = [
    "field_ponorogo",
    "intel_ponorogo",
    "head_ponorogo",
    "passport_ponorogo",
    "regional_jatim",
    "national",
]
NON_READERS = ["admin", "partner_polres"]
NOTHING = {"values": 0, "history": 0, "batches": 0, "events": 0}


@pytest.fixture
def batch(org):
    return ImportBatch.objects.create(source="BPS", period=2024, file_name="v.csv", layout="wide", rows=1)


def _read_urls(batch):
    return [
        "/villages/indicators/",
        "/villages/indicators/poverty_rate/",
        "/villages/indicators/imports/",
        f"/villages/indicators/imports/{batch.pk}/",
    ]


WRITE_URLS = [
    "/villages/indicators/new/",
    "/villages/indicators/poverty_rate/edit/",
    "/villages/indicators/imports/new/",
]


def _english(client):
    client.cookies["django_language"] = "en"
    return client


def test_anonymous_visitors_are_sent_to_sign_in(client, batch):
    for url in [*_read_urls(batch), *WRITE_URLS]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("username", READERS)
def test_village_staff_read_the_pages(org, login, batch, username):
    client = login(org.users[username])

    for url in _read_urls(batch):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("username", NON_READERS)
def test_administrators_and_partners_find_no_indicator_page(org, login, batch, username):
    client = login(org.users[username])

    for url in [*_read_urls(batch), *WRITE_URLS]:
        assert client.get(url).status_code == 404, url
    assert client.post("/villages/indicators/new/", {"code": "x_y"}).status_code == 404


@pytest.mark.parametrize("username", ["field_ponorogo", "intel_ponorogo", "head_ponorogo", "regional_jatim"])
def test_other_readers_may_not_open_the_forms_or_post(org, login, username, tmp_path):
    client = login(org.users[username])

    for url in WRITE_URLS:
        assert client.get(url).status_code == 403, url
    created = client.post(
        "/villages/indicators/new/",
        {"code": "recruiters", "name_id": "Calo", "name_en": "Recruiters", "unit": "count"},
    )
    upload = client.post(
        "/villages/indicators/imports/new/",
        {
            "file": SimpleUploadedFile("v.csv", b"code,poverty_rate\n35.02,10\n"),
            "source": "BPS",
            "period": 2024,
        },
    )

    assert (created.status_code, upload.status_code) == (403, 403)
    assert not Indicator.objects.filter(code="recruiters").exists()
    assert counts() == NOTHING


def test_the_list_shows_every_indicator_and_links_for_national_users_only(org, login):
    Indicator.objects.filter(code="passport_postponements").update(active=False)
    intel = login(org.users["intel_ponorogo"]).get("/villages/indicators/").content.decode()
    national = _english(login(org.users["national"])).get("/villages/indicators/?level=2").content.decode()

    def listed(page):
        return re.findall(r'href="/villages/indicators/([a-z0-9_]+)/"', page.split('id="indicators"')[1])

    assert len(listed(intel)) == 10
    assert "Penundaan paspor per 1.000 penduduk" in intel  # names in Indonesian by default
    assert 'id="add-indicator"' not in intel
    assert listed(national) == ["poverty_rate", "unemployment_rate"]
    assert 'id="add-indicator"' in national
    assert "Poverty rate" in national


def test_the_detail_page_lists_values_in_the_readers_area(org, login):
    poverty = Indicator.objects.get(code="poverty_rate")
    for region, value in [(KAB, 11.5), ("32.03", 10.1), (V1, 13.25), (CIANJUR_VILLAGE, 9.0)]:
        IndicatorValue.objects.create(
            indicator=poverty, region_id=region, period=2024, value=value, source="BPS"
        )
    client = _english(login(org.users["intel_ponorogo"]))

    page = client.get("/villages/indicators/poverty_rate/").content.decode()
    filtered = client.get(f"/villages/indicators/poverty_rate/?region={V1}").content.decode()

    assert "2 values" in page
    assert "Kabupaten Ponorogo" in page and "Tugurejo" in page
    assert "Kabupaten Cianjur" not in page and "Babakankaret" not in page
    assert "13.25" in page
    assert "1 value" in filtered and "Kabupaten Ponorogo" not in filtered.split('id="values"')[1]
    assert client.get("/villages/indicators/gdp_growth/").status_code == 404


def test_a_national_user_adds_and_edits_an_indicator(org, login):
    client = _english(login(org.users["national"]))
    data = {
        "code": "recruiter_reports",
        "name_id": "Laporan calo",
        "name_en": "Recruiter reports",
        "unit": "count",
        "direction": "higher_more",
        "level": "4",
        "source": "PIMPASA",
        "description": "",
        "active": "on",
    }

    created = client.post("/villages/indicators/new/", data)
    edited = client.post(
        "/villages/indicators/recruiter_reports/edit/",
        {**data, "name_en": "Reports of recruiters", "reason": "plainer"},
    )

    assert created.status_code == 302
    assert created["Location"] == "/villages/indicators/recruiter_reports/"
    assert edited.status_code == 302
    indicator = Indicator.objects.get(code="recruiter_reports")
    assert (indicator.name_en, indicator.unit, indicator.level, indicator.created_by) == (
        "Reports of recruiters",
        "count",
        4,
        org.users["national"],
    )
    events = TimelineEvent.objects.filter(target_type="villages.indicator", target_id=str(indicator.pk))
    assert list(events.order_by("id").values_list("event_type", "reason")) == [
        ("indicator.created", ""),
        ("indicator.updated", "plainer"),
    ]


def test_a_refused_definition_shows_the_reason_on_the_field(org, login):
    client = _english(login(org.users["national"]))

    response = client.post(
        "/villages/indicators/new/",
        {
            "code": "value",
            "name_id": "Nilai",
            "name_en": "Value",
            "unit": "count",
            "direction": "higher_more",
            "level": "4",
        },
    )

    assert response.status_code == 422
    assert "“value” names a column of the import files; choose another code." in response.content.decode()
    assert Indicator.objects.count() == 10


def test_code_and_unit_are_read_only_once_values_exist(org, login):
    poverty = Indicator.objects.get(code="poverty_rate")
    IndicatorValue.objects.create(indicator=poverty, region_id=KAB, period=2024, value=10, source="BPS")
    client = _english(login(org.users["national"]))

    form = client.get("/villages/indicators/poverty_rate/edit/").content.decode()
    response = client.post(
        "/villages/indicators/poverty_rate/edit/",
        {
            "code": "poverty",
            "name_id": poverty.name_id,
            "name_en": "Poverty rate (BPS)",
            "unit": "count",
            "direction": "higher_more",
            "level": "2",
            "active": "on",
        },
    )

    assert re.search(r'<input[^>]*name="code"[^>]*disabled', form)
    assert response.status_code == 302
    poverty.refresh_from_db()
    assert (poverty.code, poverty.unit, poverty.name_en) == ("poverty_rate", "percent", "Poverty rate (BPS)")


def test_a_national_user_uploads_a_csv_and_sees_the_summary(org, login):
    client = _english(login(org.users["national"]))
    upload = SimpleUploadedFile("bps.csv", f"code,poverty_rate,unemployment_rate\n{KAB},11.5,4\n".encode())

    response = client.post(
        "/villages/indicators/imports/new/",
        {"file": upload, "source": "BPS 2024", "period": 2024},
        follow=True,
    )

    page = response.content.decode()
    batch = ImportBatch.objects.get()
    assert response.redirect_chain == [(f"/villages/indicators/imports/{batch.pk}/", 302)]
    assert "The file was imported: 2 values, 2 created, 0 updated, 0 unchanged." in page
    assert "bps.csv" in page and "wide form" in page
    assert stored() == {
        ("poverty_rate", KAB, 2024): (11.5, "BPS 2024"),
        ("unemployment_rate", KAB, 2024): (4.0, "BPS 2024"),
    }
    listing = client.get("/villages/indicators/imports/").content.decode()
    assert "BPS 2024" in listing and "bps.csv" in listing


def test_an_xlsx_upload_is_imported(org, login):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in (["code", "indicator", "value"], [V1, "border_coast", 1]):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = login(org.users["national"])

    response = client.post(
        "/villages/indicators/imports/new/",
        {"file": SimpleUploadedFile("coast.xlsx", buffer.getvalue()), "source": "BIG", "period": 2025},
    )

    assert response.status_code == 302
    assert stored() == {("border_coast", V1, 2025): (1.0, "BIG")}


def test_a_bad_upload_is_rejected_whole_with_a_row_report(org, login):
    client = _english(login(org.users["national"]))
    rows = "".join(f"35.99.{i:02d},1\n" for i in range(1, 206))
    upload = SimpleUploadedFile("bad.csv", f"code,poverty_rate\n{KAB},10\n{rows}".encode())

    response = client.post(
        "/villages/indicators/imports/new/", {"file": upload, "source": "BPS", "period": 2024}
    )

    page = response.content.decode()
    assert response.status_code == 422
    assert "bad.csv was rejected (205 problems); nothing was written." in page
    table = page.split('id="problems"')[1].split("</table>")[0]
    assert table.count("<tr>") == 201  # the header and the first 200 problems
    assert '<td class="num">3</td><td>code</td><td>35.99.01</td><td>unknown region code</td>' in table
    assert "… and 5 more problems." in page
    assert counts() == NOTHING


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("values.txt", b"code,poverty_rate\n", "Upload a CSV or XLSX file."),
        ("values.xlsx", b"not a workbook", "the file is not an XLSX workbook"),
    ],
)
def test_files_of_another_kind_are_refused(org, login, name, content, message):
    client = _english(login(org.users["national"]))

    response = client.post(
        "/villages/indicators/imports/new/",
        {"file": SimpleUploadedFile(name, content), "source": "BPS", "period": 2024},
    )

    assert response.status_code == 422
    assert message in response.content.decode()
    assert counts() == NOTHING


def test_the_upload_page_lists_recent_imports(org, login, batch):
    page = _english(login(org.users["national"])).get("/villages/indicators/imports/new/").content.decode()

    assert 'name="file"' in page and 'enctype="multipart/form-data"' in page
    assert f'href="/villages/indicators/imports/{batch.pk}/"' in page
