"""The certificate and the report to the Kanwil (PDF and XLSX), and who may read them."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from pimpasa.villages import documents
from pimpasa.villages.filters.designations import DesignationFilters
from pimpasa.villages.selectors.designations import designation_report
from pimpasa.villages.services import designations as svc
from tests.villages.test_designations_support import (
    CIANJUR_VILLAGE,
    VILLAGE,
    VILLAGE_WITHOUT_PIMPASA,
    start,
    walk,
)

pytestmark = pytest.mark.django_db


def _report_url(query):
    return reverse("villages:designation_report") + "?" + query


def _two_designations(org):
    active = walk(org, start(org), "evaluated")
    candidate = start(org, VILLAGE_WITHOUT_PIMPASA)
    svc.designation_start(actor=org.users["national"], village_code=CIANJUR_VILLAGE)
    return active, candidate


def test_certificate_is_a_pdf_for_a_designated_village(org, login):
    designation = walk(org, start(org), "designated")
    client = login(org.users["field_ponorogo"])

    response = client.get(reverse("villages:designation_certificate", args=[designation.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="piagam-dbi-{VILLAGE}.pdf"'
    assert response.content.startswith(b"%PDF")


def _pdf_text(pdf: bytes) -> str:
    """Return the text drawn in ``pdf`` (its Flate-compressed page streams, decompressed)."""
    import base64
    import re
    import zlib

    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)\s*endstream", pdf, re.S):
        data = stream.strip()
        if data.endswith(b"~>"):  # reportlab wraps compressed streams in ASCII85
            data = base64.a85decode(data, adobe=True)
        try:
            chunks.append(zlib.decompress(data).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(chunks)


def test_certificate_names_the_village_office_sk_and_head(org):
    designation = walk(org, start(org), "designated")
    head = org.users["head_ponorogo"]
    head.full_name = "Bambang Hartono"

    with translation.override("en"):
        text = _pdf_text(documents.certificate_pdf(designation=designation, head=head))

    for expected in [
        "PIAGAM",
        "DESA BINAAN IMIGRASI",
        "DESA TUGUREJO",
        "Kecamatan Slahung, Kabupaten Ponorogo, Provinsi Jawa Timur",
        "W15.IMI.IMI.7-GR.02.01-0001",
        "10 March 2025",
        "Bambang Hartono",
        "KANTOR IMIGRASI KELAS II NON TPI PONOROGO",
    ]:
        assert expected in text, expected


@pytest.mark.parametrize("state", ["candidate", "proposed", "meeting_held"])
def test_no_certificate_before_the_sk(org, login, state):
    designation = walk(org, start(org), state)
    client = login(org.users["head_ponorogo"])

    assert client.get(reverse("villages:designation_certificate", args=[designation.pk])).status_code == 404


def test_report_rows_hold_the_office_designations_in_the_period(org):
    _two_designations(org)

    report = designation_report(
        user=org.users["regional_jatim"], unit=org.units["ponorogo"], filters=DesignationFilters()
    )
    with translation.override("en"):
        rows = documents.report_rows(report)

    assert [row[1] for row in rows] == [VILLAGE, VILLAGE_WITHOUT_PIMPASA]
    first = rows[0]
    today = timezone.localdate()
    assert first == [
        1,
        VILLAGE,
        "Tugurejo",
        "Slahung",
        "Kabupaten Ponorogo",
        "Evaluated",
        today,
        today,
        dt.date(2025, 3, 4),
        "W15.IMI.IMI.7-GR.02.01-0001",
        dt.date(2025, 3, 10),
        today,
        "2025-S2",
        83.3,
        None,
        None,
    ]
    assert rows[1][5:] == ["Candidate", today, None, None, None, None, None, None, None, None, None]


def test_report_xlsx_opens_with_the_expected_rows(org, login):
    _two_designations(org)
    client = login(org.users["intel_ponorogo"])
    client.cookies["django_language"] = "en"

    response = client.get(_report_url("unit=kanim-ponorogo&format=xlsx"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["DBI", "Summary"]
    rows = list(book["DBI"].iter_rows(values_only=True))
    assert rows[0][:6] == ("No.", "Village code", "Village", "Kecamatan", "Kabupaten/kota", "Status")
    assert [(r[0], r[1], r[2], r[5]) for r in rows[1:]] == [
        (1, VILLAGE, "Tugurejo", "Evaluated"),
        (2, VILLAGE_WITHOUT_PIMPASA, rows[2][2], "Candidate"),
    ]
    assert rows[1][9] == "W15.IMI.IMI.7-GR.02.01-0001"
    assert rows[1][10] == dt.datetime(2025, 3, 10)
    summary = dict(r[:2] for r in book["Summary"].iter_rows(values_only=True) if r[0])
    assert summary["Office"] == "Kantor Imigrasi Kelas II Non TPI Ponorogo"
    assert (summary["Candidate"], summary["Evaluated"], summary["Revoked"]) == (1, 1, 0)


def test_report_pdf_starts_with_pdf(org, login):
    _two_designations(org)
    client = login(org.users["head_ponorogo"])

    response = client.get(_report_url("unit=kanim-ponorogo&year=2026&format=pdf"))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_report_period_keeps_designations_that_existed_in_it(org, login):
    _active, candidate = _two_designations(org)
    svc.designation_revoke(actor=org.users["head_ponorogo"], designation=candidate, reason="Batal")
    client = login(org.users["regional_jatim"])
    today = dt.date.today()

    def villages(query):
        response = client.get(_report_url(query))
        assert response.status_code == 200
        return [d.village_id for d in response.context["report"].designations]

    assert villages("unit=kanim-ponorogo") == [VILLAGE, VILLAGE_WITHOUT_PIMPASA]
    assert villages("unit=kanim-ponorogo&year=2020") == []
    assert villages(f"unit=kanim-ponorogo&from={today + dt.timedelta(days=1)}") == [VILLAGE]
    assert villages("unit=kanim-ponorogo&status=evaluated") == [VILLAGE]


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("field_ponorogo", 200),
        ("intel_ponorogo", 200),
        ("head_ponorogo", 200),
        ("passport_ponorogo", 200),
        ("regional_jatim", 200),
        ("national", 200),
        ("field_cianjur", 404),
        ("regional_jabar", 404),
        ("admin", 404),
        ("partner_polres", 404),
    ],
)
def test_report_matrix(org, login, username, status):
    _two_designations(org)
    client = login(org.users[username])

    for kind in ["pdf", "xlsx", ""]:
        response = client.get(_report_url(f"unit=kanim-ponorogo&format={kind}"))
        assert response.status_code == status, kind


def test_report_of_another_office_holds_only_its_designations(org, login):
    _two_designations(org)
    client = login(org.users["national"])

    response = client.get(_report_url("unit=kanim-cianjur&format=xlsx"))

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content))["DBI"].iter_rows(values_only=True))
    assert [r[1] for r in rows[1:]] == [CIANJUR_VILLAGE]


def test_report_page_for_an_office_user_defaults_to_their_office(org, login):
    _two_designations(org)
    client = login(org.users["intel_ponorogo"])

    response = client.get(reverse("villages:designation_report"))

    assert response.status_code == 200
    assert response.context["report"].unit == org.units["ponorogo"]
    assert 'id="report-xlsx"' in response.content.decode()
