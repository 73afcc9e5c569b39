"""Attachments: stored cleaned under a random name, opened only by readers of the report, each time logged."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.urls import reverse
from PIL import Image

from pimpasa.core.errors import NotFound, PermissionDenied
from tests.reports.test_attachments_cleaning import PDF_BYTES, jpeg_with_gps

PONOROGO_VILLAGE = "35.02.01.2001"
CIANJUR_VILLAGE = "32.03.01.2001"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def submit(region_code: str = PONOROGO_VILLAGE, **extra):
    from pimpasa.reports.services.intake import report_submit

    return report_submit(
        actor=None,
        channel="public_web",
        category_code="illegal_recruitment",
        description="Calo menawarkan kerja di Malaysia tanpa dokumen.",
        region_code=region_code,
        **extra,
    )


def upload(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def attach(report, data: bytes = b"", name: str = "IMG_2001.jpg", actor=None):
    from pimpasa.reports.services.attachments import report_attach

    return report_attach(actor=actor, report=report, upload=upload(data or jpeg_with_gps(), name))


def events(report, event_type: str) -> list:
    from pimpasa.core.models import TimelineEvent

    return list(
        TimelineEvent.objects.filter(
            target_type="reports.report", target_id=str(report.pk), event_type=event_type
        )
        .order_by("id")
        .values("actor_label", "data")
    )


def test_attach_stores_the_cleaned_file_under_a_random_name(org, media):
    report = submit()

    attachment = attach(report)

    stored = Path(media) / attachment.file.name
    content = stored.read_bytes()
    assert "IMG_2001" not in attachment.file.name
    assert attachment.file.name.startswith("reports/") and attachment.file.name.endswith(".jpg")
    assert len(Path(attachment.file.name).stem) == 32
    assert attachment.original_name == "IMG_2001.jpg"
    assert attachment.content_type == "image/jpeg"
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.uploaded_by is None
    with Image.open(io.BytesIO(content)) as image:
        assert dict(image.getexif()) == {}
    assert events(report, "report.attachment_added") == [
        {
            "actor_label": "system",
            "data": {
                "attachment": attachment.pk,
                "content_type": "image/jpeg",
                "size": len(content),
                "sha256": attachment.sha256,
            },
        }
    ]


def test_staff_outside_the_report_cannot_attach_and_nothing_is_stored(org, media):
    from pimpasa.reports.models import ReportAttachment

    report = submit()

    with pytest.raises(NotFound):
        attach(report, actor=org.users["field_cianjur"])
    with pytest.raises(PermissionDenied):
        attach(report, actor=org.users["field_ponorogo"])  # reads it, is not assigned to it

    assert ReportAttachment.objects.count() == 0
    assert not Path(media).exists() or not any(p.is_file() for p in Path(media).rglob("*"))


def test_triage_staff_attach_and_are_named(org):
    report = submit()

    attachment = attach(report, actor=org.users["intel_ponorogo"])

    assert attachment.uploaded_by == org.users["intel_ponorogo"]
    assert events(report, "report.attachment_added")[0]["actor_label"] == "intel_ponorogo"


def test_intelligence_views_a_photo_inline_and_the_view_is_logged(org, login):
    report = submit()
    attachment = attach(report)
    client = login(org.users["intel_ponorogo"])

    response = client.get(reverse("reports:attachment_view", args=[attachment.pk]))

    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == f'inline; filename="{report.tracking_code}-{attachment.pk}.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; sandbox"
    assert hashlib.sha256(body).hexdigest() == attachment.sha256
    assert events(report, "report.attachment_viewed") == [
        {
            "actor_label": "intel_ponorogo",
            "data": {"attachment": attachment.pk, "sha256": attachment.sha256, "intact": True},
        }
    ]
    assert events(report, "report.attachment_downloaded") == []


def test_download_is_an_attachment_and_is_logged(org, login):
    report = submit()
    attachment = attach(report)
    client = login(org.users["field_ponorogo"])

    response = client.get(reverse("reports:attachment_download", args=[attachment.pk]))

    b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{report.tracking_code}-{attachment.pk}.jpg"'
    )
    assert [e["actor_label"] for e in events(report, "report.attachment_downloaded")] == ["field_ponorogo"]


def test_a_pdf_is_downloaded_even_when_viewed(org, login):
    report = submit()
    attachment = attach(report, PDF_BYTES, "surat.pdf")
    client = login(org.users["intel_ponorogo"])

    response = client.get(reverse("reports:attachment_view", args=[attachment.pk]))

    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(events(report, "report.attachment_viewed")) == 1


def test_a_file_changed_on_disk_is_served_and_the_log_says_it_is_not_intact(org, login, media):
    report = submit()
    attachment = attach(report, PDF_BYTES, "surat.pdf")
    (Path(media) / attachment.file.name).write_bytes(PDF_BYTES + b"% changed\n")
    client = login(org.users["intel_ponorogo"])

    response = client.get(reverse("reports:attachment_download", args=[attachment.pk]))

    b"".join(response.streaming_content)
    assert response.status_code == 200
    assert events(report, "report.attachment_downloaded")[0]["data"]["intact"] is False


@pytest.mark.parametrize(
    "username", ["field_cianjur", "passport_ponorogo", "partner_polres", "admin", "regional_jabar"]
)
@pytest.mark.parametrize("name", ["reports:attachment_view", "reports:attachment_download"])
def test_out_of_scope_and_wrong_roles_get_404_and_nothing_is_logged(org, login, username, name):
    report = submit()
    attachment = attach(report)
    client = login(org.users[username])

    response = client.get(reverse(name, args=[attachment.pk]))

    assert response.status_code == 404
    assert events(report, "report.attachment_viewed") == []
    assert events(report, "report.attachment_downloaded") == []


def test_anonymous_is_sent_to_login(org, client):
    attachment = attach(submit())

    response = client.get(reverse("reports:attachment_view", args=[attachment.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_restricted_report_hides_its_files_from_its_own_office_but_not_from_the_head(org, login):
    report = submit(restricted=True)
    attachment = attach(report)
    url = reverse("reports:attachment_view", args=[attachment.pk])

    field = login(org.users["field_ponorogo"]).get(url)
    head = login(org.users["head_ponorogo"]).get(url)

    assert field.status_code == 404
    assert head.status_code == 200
    assert [e["actor_label"] for e in events(report, "report.attachment_viewed")] == ["head_ponorogo"]


def test_an_unknown_id_is_404(org, login):
    response = login(org.users["national"]).get(reverse("reports:attachment_view", args=[999999]))

    assert response.status_code == 404
