"""The report exports in words: column titles and choices in the reader's language."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.reports.report_factories import submit, walk

pytestmark = pytest.mark.django_db


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def closed(org):
    """A closed high-urgency report about Cambodia, graded B2, with one person and no organisation."""
    report = submit(
        None,
        urgency="high",
        destination_country="KH",
        reliability="B",
        credibility="2",
        people=[{"role": "potential_victim", "full_name": "Siti Rahayu"}],
    )
    return walk(
        report,
        org.users["intel_ponorogo"],
        ("verified", {}),
        ("in_follow_up", {"assigned_to": "field_ponorogo"}),
        ("closed", {"outcome": "victim_assisted"}),
    )


def _csv(client) -> list[list[str]]:
    response = client.get(reverse("reports:export", args=["csv"]))
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_csv_export_speaks_indonesian_by_default(org, login, closed):
    client = login(org.users["intel_ponorogo"])

    header, row = _csv(client)

    assert header == [
        "Kode pelacakan",
        "Diterima",
        "Status",
        "Kategori",
        "Urgensi",
        "Saluran",
        "Kantor penanggung jawab",
        "Kode wilayah",
        "Lokasi",
        "Waktu kejadian",
        "Negara tujuan",
        "Keandalan sumber",
        "Kredibilitas informasi",
        "Pelapor",
        "Orang yang terlibat",
        "Organisasi",
        "Tenggat verifikasi",
        "Tenggat tindakan pertama",
        "Lewat tenggat",
        "Tindakan pertama",
        "Ditutup",
        "Hasil",
        "Alasan penolakan",
        "Petugas yang ditugaskan",
        "Akses dibatasi",
        "Uraian",
    ]
    assert row == [
        closed.tracking_code,
        _when(closed.received_at),
        "Ditutup",
        "Perekrutan ilegal oleh calo/sponsor",
        "Tinggi",
        "Petugas lapangan",
        "Kantor Imigrasi Kelas II Non TPI Ponorogo",
        "35.02.01.2001",
        closed.region.name,
        "2026-11-10",
        "Kamboja",
        "B – biasanya andal",
        "2 – kemungkinan besar benar",
        "Anonim",
        "1",
        "0",
        _when(closed.verify_due_at),
        _when(closed.action_due_at),
        "Tidak",
        _when(closed.first_action_at),
        _when(closed.closed_at),
        "Korban mendapat pendampingan",
        "",
        "field_ponorogo",
        "Tidak",
        "Seorang calo menawarkan pekerjaan di Malaysia tanpa dokumen.",
    ]


def test_the_exports_follow_the_chosen_language(org, login, closed):
    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"

    header, row = _csv(client)
    book = load_workbook(io.BytesIO(client.get(reverse("reports:export", args=["xlsx"])).content))
    sheet = list(book.active.iter_rows(values_only=True))

    assert header[:6] == ["Tracking code", "Received", "Status", "Category", "Urgency", "Channel"]
    assert row[2:6] == ["Closed", "Illegal recruitment by a calo or sponsor", "High", "Field officer"]
    assert (row[10], row[13], row[18], row[21], row[24]) == (
        "Cambodia",
        "Anonymous",
        "No",
        "Victim assisted",
        "No",
    )
    assert list(sheet[0]) == header
    assert [("" if v is None else str(v)) for v in sheet[1]] == row
