"""Report pages: who reaches what (404 outside scope and for non-case roles), list filters and counts,
the report page with its logged reveals, the officer intake form, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pimpasa.core.models import TimelineEvent
from pimpasa.reports.models import Report, ReportStatus
from pimpasa.reports.services.workflow import report_transition
from pimpasa.reports.sla import JAKARTA
from tests.reports.report_factories import CIANJUR_VILLAGE, NIK_MAN, NIK_WOMAN, submit

pytestmark = pytest.mark.django_db


def _events(report, event_type):
    return list(
        TimelineEvent.objects.filter(
            target_type="reports.report", target_id=str(report.pk), event_type=event_type
        )
    )


@pytest.fixture
def reports(org):
    """A Ponorogo report with a confidential reporter and two people, a Cianjur report, a restricted one."""
    ponorogo = submit(
        None,
        reporter_mode="confidential",
        reporter_name="Ibu Warni",
        reporter_phone="081299998888",
        people=[
            {
                "role": "suspected_recruiter",
                "full_name": "Slamet Riyadi",
                "nik": NIK_MAN,
                "phone": "081211112222",
            },
            {"role": "potential_victim", "full_name": "Sri Wahyuni", "nik": NIK_WOMAN},
        ],
    )
    cianjur = submit(None, region_code=CIANJUR_VILLAGE, description="Rencana berangkat ke Arab Saudi.")
    restricted = submit(None, description="Kepala desa terlibat.", restricted=True)
    return {"ponorogo": ponorogo, "cianjur": cianjur, "restricted": restricted}


def _detail(report):
    return reverse("reports:detail", args=[report.tracking_code])


def test_anonymous_visitors_are_sent_to_sign_in(client, reports):
    for url in [reverse("reports:list"), reverse("reports:create"), _detail(reports["ponorogo"])]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("username", ["admin", "partner_polres", "passport_ponorogo"])
def test_roles_without_case_access_get_404_everywhere(org, reports, login, username):
    client = login(org.users[username])

    for url in [
        reverse("reports:list"),
        reverse("reports:create"),
        reverse("reports:export", args=["csv"]),
        _detail(reports["ponorogo"]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("reports:transition", args=[reports["ponorogo"].tracking_code]), {"to": "verified"}
        ).status_code
        == 404
    )


def test_a_field_officer_cannot_open_a_cianjur_report_nor_a_restricted_one(org, reports, login):
    client = login(org.users["field_ponorogo"])

    assert client.get(_detail(reports["cianjur"])).status_code == 404
    assert client.get(_detail(reports["restricted"])).status_code == 404
    assert client.get(_detail(reports["ponorogo"])).status_code == 200


def test_the_list_and_its_counts_do_not_reveal_restricted_reports(org, reports, login):
    client = login(org.users["field_ponorogo"])

    response = client.get(reverse("reports:list"))

    assert response.status_code == 200
    assert [r.tracking_code for r in response.context["page"]] == [reports["ponorogo"].tracking_code]
    assert response.context["page"].paginator.count == 1
    counts = {value: count for value, _label, count in response.context["status_counts"]}
    assert counts == {
        "received": 1,
        "verified": 0,
        "rejected": 0,
        "in_follow_up": 0,
        "referred": 0,
        "closed": 0,
    }
    html = response.content.decode()
    assert reports["restricted"].tracking_code not in html
    assert reports["cianjur"].tracking_code not in html


def test_the_office_head_opens_a_restricted_report_and_the_view_is_logged(org, reports, login):
    client = login(org.users["head_ponorogo"])

    response = client.get(_detail(reports["restricted"]))

    assert response.status_code == 200
    [event] = _events(reports["restricted"], "report.viewed")
    assert event.actor == org.users["head_ponorogo"]
    assert event.region_code == reports["restricted"].region_id
    list_page = client.get(reverse("reports:list"))
    assert list_page.context["page"].paginator.count == 2


def test_opening_an_open_report_is_not_logged(org, reports, login):
    login(org.users["intel_ponorogo"]).get(_detail(reports["ponorogo"]))

    assert _events(reports["ponorogo"], "report.viewed") == []


def test_the_report_page_masks_niks_and_hides_a_confidential_reporter(org, reports, login):
    client = login(org.users["field_ponorogo"])

    html = client.get(_detail(reports["ponorogo"])).content.decode()

    assert NIK_MAN not in html and NIK_WOMAN not in html
    assert "3502********0002" in html
    assert "Ibu Warni" not in html and "081299998888" not in html and "+6281299998888" not in html
    assert 'id="show-reporter"' not in html
    assert "show-nik" not in html
    # Field officers see phones masked too.
    assert "+6281211112222" not in html


def test_a_full_nik_is_shown_to_intelligence_and_each_view_is_logged(org, reports, login):
    client = login(org.users["intel_ponorogo"])
    report = reports["ponorogo"]
    person = report.people.get(role="potential_victim")
    url = reverse("reports:person_nik", args=[report.tracking_code, person.pk])

    page = client.get(_detail(report)).content.decode()
    first = client.post(url, HTTP_HX_REQUEST="true")
    second = client.post(url)

    assert "show-nik" in page
    assert first.status_code == 200 and NIK_WOMAN in first.content.decode()
    assert second.status_code == 200 and NIK_WOMAN in second.content.decode()
    events = _events(report, "report.nik_viewed")
    assert len(events) == 2
    assert events[0].data == {"person": person.pk, "role": "potential_victim", "nik": "3502********0001"}
    assert NIK_WOMAN not in str(events[0].data)


def test_a_field_officer_may_not_reveal_a_nik(org, reports, login):
    report = reports["ponorogo"]
    person = report.people.first()

    response = login(org.users["field_ponorogo"]).post(
        reverse("reports:person_nik", args=[report.tracking_code, person.pk])
    )

    assert response.status_code == 403
    assert _events(report, "report.nik_viewed") == []


def test_the_confidential_reporter_is_revealed_to_intelligence_and_logged(org, reports, login):
    report = reports["ponorogo"]
    url = reverse("reports:reporter", args=[report.tracking_code])

    denied = login(org.users["field_ponorogo"]).post(url)
    assert denied.status_code == 403
    assert _events(report, "report.reporter_viewed") == []

    response = login(org.users["regional_jatim"]).post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Ibu Warni" in response.content.decode()
    [event] = _events(report, "report.reporter_viewed")
    assert event.actor == org.users["regional_jatim"]


def test_out_of_scope_reveals_are_404(org, reports, login):
    report = reports["cianjur"]

    response = login(org.users["intel_ponorogo"]).post(
        reverse("reports:reporter", args=[report.tracking_code])
    )

    assert response.status_code == 404


def test_filters_narrow_the_list(org, reports, login):
    client = login(org.users["national"])
    report_transition(actor=None, report=reports["ponorogo"], to=ReportStatus.VERIFIED)

    def codes(**params):
        return [r.tracking_code for r in client.get(reverse("reports:list"), params).context["page"]]

    # Even national staff see a restricted report only when named on it.
    assert set(codes()) == {reports["ponorogo"].tracking_code, reports["cianjur"].tracking_code}
    assert codes(status="verified") == [reports["ponorogo"].tracking_code]
    assert codes(region="32") == [reports["cianjur"].tracking_code]
    assert codes(unit="kanim-cianjur") == [reports["cianjur"].tracking_code]
    assert codes(q="arab saudi") == [reports["cianjur"].tracking_code]
    assert codes(q=reports["cianjur"].tracking_code.lower().replace("-", "")) == [
        reports["cianjur"].tracking_code
    ]


def test_overdue_reports_are_badged_and_filtered(org, login):
    late = submit(None, received_at=dt.datetime(2026, 1, 5, 9, 0, tzinfo=JAKARTA))
    fresh = submit(None)
    client = login(org.users["intel_ponorogo"])

    response = client.get(reverse("reports:list"), {"overdue": "on"})

    assert [r.tracking_code for r in response.context["page"]] == [late.tracking_code]
    html = response.content.decode()
    assert "rep-overdue" in html
    assert "8 Jan 2026 09:00" in html
    assert fresh.tracking_code not in html


def test_the_list_answers_htmx_with_the_results_only(org, reports, login):
    response = login(org.users["intel_ponorogo"]).get(reverse("reports:list"), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert 'id="report-table"' in html
    assert "<html" not in html


def test_the_list_query_count_is_pinned(org, login, django_assert_num_queries):
    for i in range(12):
        submit(None, people=[{"role": "witness", "full_name": f"Saksi {i}"}])
    client = login(org.users["intel_ponorogo"])
    client.get(reverse("reports:list"))  # warm the session and the user's posting

    with django_assert_num_queries(9):
        response = client.get(reverse("reports:list"))

    assert response.context["page"].paginator.count == 12


def test_exports_carry_no_nik_and_no_reporter_identity(org, reports, login):
    client = login(org.users["intel_ponorogo"])
    Report.objects.filter(pk=reports["ponorogo"].pk).update(description=f"Calo dengan NIK {NIK_MAN} = bahaya")

    csv_response = client.get(reverse("reports:export", args=["csv"]))
    xlsx_response = client.get(reverse("reports:export", args=["xlsx"]))

    text = csv_response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Kode pelacakan", "Diterima", "Status"]
    assert [r[0] for r in rows[1:]] == [reports["ponorogo"].tracking_code]
    for secret in (
        NIK_MAN,
        NIK_WOMAN,
        "Ibu Warni",
        "081299998888",
        "+6281299998888",
        "Slamet",
        "Sri Wahyuni",
    ):
        assert secret not in text
    assert "3502********0002" in text
    book = load_workbook(io.BytesIO(xlsx_response.content))
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c is not None]
    assert reports["ponorogo"].tracking_code in cells
    assert not any(NIK_MAN in c or "Ibu Warni" in c for c in cells)
    header = [c.value for c in next(book.active.iter_rows(max_row=1))]
    assert header == rows[0]


def test_an_officer_records_a_report_with_people_from_the_form(org, login):
    client = login(org.users["field_ponorogo"])
    data = {
        "channel": "field_officer",
        "category": "planned_departure",
        "description": "Tiga warga akan berangkat ke Kamboja lewat Batam.",
        "occurred_on": "2026-11-01",
        "urgency": "high",
        "region": "35.02.01.2001",
        "latitude": "-7.868",
        "longitude": "111.462",
        "destination_country": "KH",
        "reporter_mode": "identified",
        "reporter_name": "Pak Kades",
        "reporter_phone": "0813 1111 2222",
        "reporter_contact": "",
        "reliability": "B",
        "credibility": "2",
        "people-TOTAL_FORMS": "2",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "50",
        "people-0-role": "potential_victim",
        "people-0-full_name": "Dewi Lestari",
        "people-0-aliases": "Dewi; Lestari D.",
        "people-0-nik": NIK_WOMAN,
        "people-0-phone": "",
        "people-0-birth_date": "",
        "people-0-sex": "",
        "people-1-role": "",
        "people-1-full_name": "",
        "orgs-TOTAL_FORMS": "1",
        "orgs-INITIAL_FORMS": "0",
        "orgs-MIN_NUM_FORMS": "0",
        "orgs-MAX_NUM_FORMS": "20",
        "orgs-0-name": "LPK Sejahtera",
        "orgs-0-licensed_p3mi": "false",
    }

    response = client.post(reverse("reports:create"), data)

    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(report)
    assert (report.channel, report.urgency, report.destination_country) == ("field_officer", "high", "KH")
    assert (report.reporter_name, report.reporter_phone) == ("Pak Kades", "+6281311112222")
    assert (report.latitude, report.longitude) == (-7.868, 111.462)
    person = report.people.get()
    assert (person.full_name, person.aliases, person.birth_date) == (
        "Dewi Lestari",
        ["Dewi", "Lestari D."],
        dt.date(1990, 1, 5),
    )
    assert list(report.organizations.values_list("name", "licensed_p3mi")) == [("LPK Sejahtera", False)]


def test_the_form_shows_a_bad_nik_on_its_field_and_writes_nothing(org, login):
    client = login(org.users["field_ponorogo"])
    data = {
        "channel": "field_officer",
        "category": "illegal_recruitment",
        "description": "Calo menawarkan kerja.",
        "urgency": "normal",
        "region": "35.02.01.2001",
        "reporter_mode": "anonymous",
        "reliability": "F",
        "credibility": "6",
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-0-role": "suspected_recruiter",
        "people-0-full_name": "Pak Darto",
        "people-0-nik": "3502019999990001",
        "orgs-TOTAL_FORMS": "0",
        "orgs-INITIAL_FORMS": "0",
    }

    response = client.post(reverse("reports:create"), data)

    assert response.status_code == 422
    assert response.context["people"].forms[0].errors["nik"]
    assert Report.objects.count() == 0


def test_a_field_officer_may_not_pick_a_village_outside_the_work_area(org, login):
    client = login(org.users["field_ponorogo"])

    response = client.post(
        reverse("reports:create"),
        {
            "category": "question",
            "description": "Tanya paspor.",
            "urgency": "normal",
            "region": CIANJUR_VILLAGE,
            "reporter_mode": "anonymous",
            "reliability": "F",
            "credibility": "6",
            "people-TOTAL_FORMS": "0",
            "people-INITIAL_FORMS": "0",
            "orgs-TOTAL_FORMS": "0",
            "orgs-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 422
    assert "region" in response.context["form"].errors
    assert Report.objects.count() == 0


def test_regional_staff_read_but_do_not_take_in_reports(org, login):
    client = login(org.users["regional_jatim"])

    assert client.get(reverse("reports:list")).status_code == 200
    assert client.get(reverse("reports:create")).status_code == 403


def test_the_intake_form_renders_for_a_field_officer(org, login):
    response = login(org.users["field_ponorogo"]).get(reverse("reports:create"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "reports/report_form.js" in html
    assert "<script>" not in html and "style=" not in html and "onclick" not in html
    assert 'value="KH"' in html


def _jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_the_intake_form_stores_files_without_metadata(org, login):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    client = login(org.users["field_ponorogo"])
    photo = SimpleUploadedFile("bukti.jpg", _jpeg(), content_type="image/jpeg")

    response = client.post(
        reverse("reports:create"),
        {
            "channel": "walk_in",
            "category": "document_fraud",
            "description": "Paspor palsu ditawarkan.",
            "urgency": "normal",
            "region": "35.02.01.2002",
            "reporter_mode": "anonymous",
            "reliability": "F",
            "credibility": "6",
            "people-TOTAL_FORMS": "0",
            "people-INITIAL_FORMS": "0",
            "orgs-TOTAL_FORMS": "0",
            "orgs-INITIAL_FORMS": "0",
            "attachments": [photo],
        },
    )

    assert response.status_code == 302
    report = Report.objects.get()
    assert report.channel == "walk_in"
    attachment = report.attachments.get()
    assert (attachment.original_name, attachment.content_type, attachment.uploaded_by) == (
        "bukti.jpg",
        "image/jpeg",
        org.users["field_ponorogo"],
    )
    with attachment.file.open("rb") as stored:
        assert not Image.open(stored).getexif()
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("reports:attachment_download", args=[attachment.pk]) in page
    attachment.file.delete(save=False)


def test_the_export_lists_a_restricted_report_without_its_description(org, reports, login):
    client = login(org.users["head_ponorogo"])

    text = client.get(reverse("reports:export", args=["csv"])).content.decode()

    rows = {r[0]: r for r in csv.reader(io.StringIO(text))}
    header = rows.pop("Kode pelacakan")
    restricted = dict(zip(header, rows[reports["restricted"].tracking_code], strict=True))
    assert (restricted["Akses dibatasi"], restricted["Uraian"]) == ("Ya", "")
    assert "Kepala desa terlibat." not in text
    assert reports["ponorogo"].description in text


def test_pages_with_personal_data_are_never_cached(org, reports, login):
    client = login(org.users["intel_ponorogo"])

    response = client.get(_detail(reports["ponorogo"]))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
