"""The public form /lapor/: no login, photos cleaned, a tracking code back, rate limits, no third parties."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from pimpasa.reports.tracking import is_valid_tracking_code
from tests.reports.test_attachments_cleaning import PDF_BYTES, jpeg_with_gps

VILLAGE = "35.02.01.2001"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def form_data(**extra):
    data = {
        "category": "illegal_recruitment",
        "description": "Ada calo yang menawarkan kerja di Malaysia dengan visa turis.",
        "region": VILLAGE,
        "occurred_on": "",
        "name": "",
        "phone": "",
    }
    data.update(extra)
    return data


def photo(name: str = "IMG_20260301.jpg", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else jpeg_with_gps(), content_type="image/jpeg")


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_the_form_opens_without_login_with_the_safety_note(regions, client):
    response = client.get(reverse("public:report"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="safety-note"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    # Only the public categories, in their order.
    from pimpasa.reports.models import Category

    assert re.findall(r'name="category" value="([a-z_]+)"', html) == list(
        Category.objects.filter(public=True, active=True).values_list("code", flat=True)
    )


def test_the_page_defaults_to_indonesian(regions, client):
    response = client.get(reverse("public:report"))

    assert '<html lang="id">' in response.content.decode()


@pytest.mark.parametrize("name", ["public:report", "public:status"])
def test_the_pages_load_nothing_from_other_sites(regions, client, name):
    html = client.get(reverse(name)).content.decode()

    urls = re.findall(r'(?:src|href|action|hx-get|hx-post)="([^"]*)"', html)
    assert urls, "the page links at least its own styles and scripts"
    outside = [u for u in urls if not (u.startswith("/") and not u.startswith("//")) and u != "data:,"]
    assert outside == []
    assert "<script>" not in html and " style=" not in html and "onclick" not in html


def test_the_region_picker_works_without_login(regions, client):
    html = client.get(reverse("public:report")).content.decode()
    options_url = re.search(r'hx-get="([^"]+)"', html).group(1).replace("&amp;", "&")

    first = client.get(options_url)
    chosen = client.get(options_url.replace("value=", "x=") + "&region__pick=35.02.01")

    assert options_url.startswith(reverse("public:region_options"))
    assert first.status_code == 200
    assert '<option value="35">' in first.content.decode()
    assert chosen.status_code == 200
    assert f'value="{VILLAGE}"' in chosen.content.decode()


def test_an_anonymous_report_with_a_photo_returns_a_code_and_keeps_no_exif(regions, client, media):
    from pimpasa.reports.models import Report

    response = client.post(reverse("public:report"), form_data(attachments=[photo()]), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("public:done"), 302)]
    code = re.search(r'id="tracking-code">([^<]+)<', response.content.decode()).group(1)
    assert is_valid_tracking_code(code)
    report = Report.objects.get(tracking_code=code)
    assert report.channel == "public_web"
    assert report.category.code == "illegal_recruitment"
    assert report.region_id == VILLAGE
    assert report.reporter_mode == "anonymous"
    assert (report.reporter_name, report.reporter_phone, report.reporter_contact) == ("", "", "")
    assert report.created_by is None
    (attachment,) = report.attachments.all()
    content = (media / attachment.file.name).read_bytes()
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.content_type == "image/jpeg"
    with Image.open(io.BytesIO(content)) as stored:
        assert dict(stored.getexif()) == {}
        assert stored.getexif().get_ifd(0x8825) == {}
    assert "IMG_20260301" not in attachment.file.name
    assert stored_files(media) == [media / attachment.file.name]


def test_the_code_is_shown_once(regions, client):
    client.post(reverse("public:report"), form_data())

    first = client.get(reverse("public:done"))
    again = client.get(reverse("public:done"))

    assert first.status_code == 200
    assert again.status_code == 302
    assert again["Location"] == reverse("public:report")


@pytest.mark.parametrize(
    ("extra", "mode", "name", "phone"),
    [
        ({"name": "Siti Aminah", "phone": "0812-3456-7890"}, "identified", "Siti Aminah", "+6281234567890"),
        (
            {"name": "Siti Aminah", "phone": "0812 3456 7890", "confidential": "on"},
            "confidential",
            "Siti Aminah",
            "+6281234567890",
        ),
        ({"phone": "+62 812 3456 7890"}, "confidential", "", "+6281234567890"),
        ({"confidential": "on"}, "anonymous", "", ""),
    ],
)
def test_contact_decides_the_reporter_mode(regions, client, extra, mode, name, phone):
    from pimpasa.reports.models import Report

    response = client.post(reverse("public:report"), form_data(**extra))

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter_mode, report.reporter_name, report.reporter_phone) == (mode, name, phone)


def test_a_pdf_and_two_photos_are_accepted(regions, client):
    from pimpasa.reports.models import Report

    files = [photo("a.jpg"), photo("b.jpg"), SimpleUploadedFile("surat.pdf", PDF_BYTES)]

    response = client.post(reverse("public:report"), form_data(attachments=files))

    assert response.status_code == 302
    report = Report.objects.get()
    assert sorted(report.attachments.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/jpeg",
        "image/jpeg",
    ]


def _refused(client, media, data, field="attachments"):
    from pimpasa.reports.models import Report, ReportAttachment

    response = client.post(reverse("public:report"), data)

    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert Report.objects.count() == 0
    assert ReportAttachment.objects.count() == 0
    assert stored_files(media) == []
    return response


def test_a_text_file_renamed_jpg_is_refused_and_nothing_is_stored(regions, client, media):
    fake = SimpleUploadedFile("foto.jpg", b"bukan foto, hanya teks\n", content_type="image/jpeg")

    response = _refused(client, media, form_data(attachments=[photo(), fake]))

    assert response.context["form"].errors["attachments"][0].startswith("foto.jpg: ")


def test_a_too_large_file_is_refused(regions, client, media, settings):
    settings.PIMPASA_UPLOAD_MAX_BYTES = 2000
    big = SimpleUploadedFile("besar.pdf", PDF_BYTES + b"0" * 2000)

    _refused(client, media, form_data(attachments=[big]))


def test_more_than_three_files_are_refused(regions, client, media):
    _refused(client, media, form_data(attachments=[photo(f"{n}.jpg") for n in range(4)]))


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"category": "no_such"}, "category"),
        ({"description": "   "}, "description"),
        ({"region": "35.02.01"}, "region"),
        ({"region": "99.99.99.9999"}, "region"),
        ({"occurred_on": "2999-01-01"}, "occurred_on"),
        ({"phone": "12345"}, "phone"),
    ],
)
def test_bad_fields_are_refused_and_nothing_is_stored(regions, client, media, extra, field):
    _refused(client, media, form_data(attachments=[photo()], **extra), field=field)


def test_a_category_only_for_staff_is_not_offered(regions, client, media):
    from pimpasa.reports.models import Category

    Category.objects.filter(code="other").update(public=False)

    _refused(client, media, form_data(category="other"), field="category")


def test_submissions_per_address_are_limited(regions, client):
    from pimpasa.reports.models import Report

    answers = [client.post(reverse("public:report"), form_data()).status_code for _ in range(6)]
    elsewhere = client.post(reverse("public:report"), form_data(), REMOTE_ADDR="203.0.113.9")

    assert answers == [302] * 5 + [429]
    assert elsewhere.status_code == 302
    assert Report.objects.count() == 6


def test_the_limit_page_is_neutral(regions, client, settings):
    settings.PIMPASA_PUBLIC_RATE_LIMITS = {"report_ip": (0, 3600)}

    response = client.post(reverse("public:report"), form_data())

    assert response.status_code == 429
    assert 'id="rate-limited"' in response.content.decode()


def test_forwarded_addresses_are_ignored_unless_trusted(regions, client, settings):
    settings.PIMPASA_PUBLIC_RATE_LIMITS = {"report_ip": (1, 3600)}

    first = client.post(reverse("public:report"), form_data(), HTTP_X_FORWARDED_FOR="198.51.100.1")
    spoofed = client.post(reverse("public:report"), form_data(), HTTP_X_FORWARDED_FOR="198.51.100.2")
    settings.PIMPASA_TRUST_X_FORWARDED_FOR = True
    behind_proxy = client.post(
        reverse("public:report"), form_data(), HTTP_X_FORWARDED_FOR="198.51.100.99, 198.51.100.3"
    )

    assert (first.status_code, spoofed.status_code, behind_proxy.status_code) == (302, 429, 302)


def test_csrf_stays_on(regions):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("public:report"), form_data())

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("remote", "key"),
    [
        ("203.0.113.5", "203.0.113.5"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("", "unknown"),
    ],
)
def test_client_ip(rf, remote, key):
    from pimpasa.reports.views.public import client_ip

    request = rf.get("/", REMOTE_ADDR=remote)

    assert client_ip(request) == key


def test_confidentiality_is_ticked_until_the_reporter_unticks_it(regions, client):
    html = client.get(reverse("public:report")).content.decode()

    (checkbox,) = re.findall(r'<input type="checkbox" name="confidential"[^>]*>', html)
    assert "checked" in checkbox


def test_the_page_with_the_code_is_never_cached(regions, client):
    client.post(reverse("public:report"), form_data())

    response = client.get(reverse("public:done"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(("trusted", "address"), [(False, "10.0.0.1"), (True, "203.0.113.9")])
def test_client_address_reads_the_forwarded_address_only_when_trusted(rf, settings, trusted, address):
    from pimpasa.reports.views.public import client_address

    settings.PIMPASA_TRUST_X_FORWARDED_FOR = trusted
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")

    assert client_address(request) == address


def test_the_rate_counters_keep_no_address_of_a_reporter(regions, client):
    from pimpasa.core.models import RateCounter

    response = client.post(reverse("public:report"), form_data(), REMOTE_ADDR="203.0.113.77")

    assert response.status_code == 302
    keys = list(RateCounter.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert not any("203.0.113" in key for key in keys)
