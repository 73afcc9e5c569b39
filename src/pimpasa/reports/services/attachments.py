"""Attachments of reports: store a cleaned upload, and open one with the view logged as chain of custody."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from pimpasa.core.audit import event_record
from pimpasa.core.errors import NotFound, ValidationFailed

from .. import permissions
from ..attachments import PDF, CleanFile, clean_upload
from ..models import Report, ReportAttachment

VIEW = "view"
DOWNLOAD = "download"
_EVENTS = {VIEW: "report.attachment_viewed", DOWNLOAD: "report.attachment_downloaded"}


def _clean(upload: UploadedFile | CleanFile | IO[bytes]) -> CleanFile:
    if isinstance(upload, CleanFile):
        return upload
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", None)
    return clean_upload(upload, name=name, size=size)


def _ensure_can_attach(actor: Any, report: Report) -> None:
    if actor is None:
        return  # the public form and the gateway, which create the report in the same transaction
    if not Report.objects.visible_to(actor).filter(pk=report.pk).exists():
        raise NotFound(_("No such report."))
    permissions.ensure_can_follow_up(actor, report)


def report_attach(
    *, actor: Any, report: Report, upload: UploadedFile | CleanFile | IO[bytes]
) -> ReportAttachment:
    """Check, clean and store one file of ``report``; record ``report.attachment_added``.

    ``actor`` is None for the public form and the message gateway. ``upload`` is an
    uploaded file or a ``CleanFile`` a form already checked. The file is stored under a
    random name; a failure later in the caller's transaction leaves it to
    ``attachments_discard``.
    """
    _ensure_can_attach(actor, report)
    clean = _clean(upload)
    with transaction.atomic():
        attachment = ReportAttachment(
            report=report,
            original_name=clean.original_name,
            content_type=clean.content_type,
            size=clean.size,
            sha256=clean.sha256,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        attachment.file.save(secrets.token_hex(16) + clean.extension, ContentFile(clean.content), save=False)
        try:
            attachment.save()
            event_record(
                actor=actor,
                event_type="report.attachment_added",
                target=report,
                region_code=report.region_id,
                data={
                    "attachment": attachment.pk,
                    "content_type": clean.content_type,
                    "size": clean.size,
                    "sha256": clean.sha256,
                },
            )
        except Exception:
            attachment.file.storage.delete(attachment.file.name)
            raise
    return attachment


def attachments_discard(attachments: Iterable[ReportAttachment]) -> None:
    """Delete the stored files of attachments whose transaction was rolled back."""
    for attachment in attachments:
        if attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)


@dataclass
class OpenedAttachment:
    """An attachment a user may read, its file open for reading, and how to serve it."""

    attachment: ReportAttachment
    file: IO[bytes]
    inline: bool
    download_name: str
    intact: bool


def _sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(64 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def attachment_open(*, user: Any, attachment_id: int, action: str = VIEW) -> OpenedAttachment:
    """Open an attachment of a report ``user`` may read; record the view or download on its timeline.

    Every opening is chain of custody: the event names the attachment, its stored
    SHA-256 and whether the bytes on disk still have it. Images are shown inline; a
    PDF is always a download (it may carry scripts and keeps its metadata).
    """
    if action not in _EVENTS:
        raise ValidationFailed(_("Unknown action."), code="invalid_action")
    visible = Report.objects.visible_to(user).values("pk")
    attachment = (
        ReportAttachment.objects.select_related("report").filter(pk=attachment_id, report__in=visible).first()
    )
    if attachment is None:
        raise NotFound(_("No such attachment."))
    report = attachment.report
    try:
        stream = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise NotFound(_("No such attachment.")) from exc
    # A mismatch is served anyway (it is evidence either way), and the timeline shows it.
    intact = _sha256_of(stream) == attachment.sha256
    inline = action == VIEW and attachment.content_type != PDF
    extension = attachment.file.name.rsplit(".", 1)[-1] if "." in attachment.file.name else "bin"
    with transaction.atomic():
        event_record(
            actor=user,
            event_type=_EVENTS[action],
            target=report,
            region_code=report.region_id,
            data={"attachment": attachment.pk, "sha256": attachment.sha256, "intact": intact},
        )
    return OpenedAttachment(
        attachment=attachment,
        file=stream,
        inline=inline,
        download_name=f"{report.tracking_code}-{attachment.pk}.{extension}",
        intact=intact,
    )
