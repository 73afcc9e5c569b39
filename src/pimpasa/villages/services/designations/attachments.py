"""Documents of a designation: checked by content (PDF, JPEG, PNG, DOCX; at most 10 MB), hashed, stored."""

from __future__ import annotations

import hashlib
import io
import os
import uuid
import zipfile
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from pimpasa.core.audit import event_record
from pimpasa.core.errors import PermissionDenied, ValidationFailed

from ... import permissions
from ...models import Designation, DesignationAttachment, DesignationStatus

S = DesignationStatus

#: Largest attachment accepted (10 MB).
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
#: Accepted attachment types: content type and the file-name endings that go with it.
ATTACHMENT_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
}


def _sniff(head: bytes, upload: Any) -> str | None:
    """Return the content type that the file's bytes show, or None for anything else."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if {"[Content_Types].xml", "word/document.xml"} <= names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return None


class CheckedUpload:
    """An upload whose type, size and hash were checked before any row is written."""

    def __init__(self, content: bytes, name: str, content_type: str):
        self.content = content
        self.name = name
        self.content_type = content_type
        self.sha256 = hashlib.sha256(content).hexdigest()


def check_upload(upload: Any) -> CheckedUpload:
    name = os.path.basename(str(getattr(upload, "name", "") or "file"))[:255]
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed(
            _("%(name)s is larger than 10 MB.") % {"name": name},
            code="file_too_large",
            details={"file": name},
        )
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read(MAX_ATTACHMENT_BYTES + 1)
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationFailed(
            _("%(name)s is larger than 10 MB.") % {"name": name},
            code="file_too_large",
            details={"file": name},
        )
    content_type = _sniff(content[:8], io.BytesIO(content))
    endings = ATTACHMENT_TYPES.get(content_type or "", ())
    if content_type is None or not name.lower().endswith(endings):
        raise ValidationFailed(
            _("%(name)s is not a PDF, JPEG, PNG or DOCX file.") % {"name": name},
            code="file_type",
            details={"file": name},
        )
    return CheckedUpload(content, name, content_type)


def store_attachment(
    *, actor: Any, designation: Designation, stage: str, upload: CheckedUpload
) -> DesignationAttachment:
    ending = ATTACHMENT_TYPES[upload.content_type][0]
    attachment = DesignationAttachment(
        designation=designation,
        stage=stage,
        original_name=upload.name,
        content_type=upload.content_type,
        size=len(upload.content),
        sha256=upload.sha256,
        uploaded_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
    )
    # A generated name: what the user called the file never becomes a path on disk.
    attachment.file.save(f"{uuid.uuid4().hex}{ending}", ContentFile(upload.content), save=False)
    attachment.save()
    return attachment


def designation_attach(
    *, actor: Any, designation: Designation, stage: str = "", file: Any
) -> DesignationAttachment:
    """Attach a document (PDF, JPEG, PNG or DOCX, at most 10 MB) to a step of the designation."""
    if not permissions.can_propose(actor, designation.unit):
        raise PermissionDenied(_("Only the office's intelligence staff or head prepare a designation."))
    stage = stage or designation.status
    if stage not in S.values or stage == S.REVOKED:
        raise ValidationFailed(_("Choose the step the document belongs to."), details={"stage": stage})
    checked = check_upload(file)
    with transaction.atomic():
        row = Designation.objects.select_for_update().get(pk=designation.pk)
        if row.status == S.REVOKED:
            raise ValidationFailed(_("This designation was revoked."), code="designation_closed")
        attachment = store_attachment(actor=actor, designation=row, stage=stage, upload=checked)
        event_record(
            actor=actor,
            event_type="designation.attached",
            target=row,
            region_code=row.village_id,
            data={
                "new": {
                    "file": checked.name,
                    "stage": stage,
                    "size": attachment.size,
                    "sha256": checked.sha256,
                }
            },
        )
    return attachment


def designation_attachment_read(*, actor: Any, attachment: DesignationAttachment) -> DesignationAttachment:
    """Record that ``actor`` downloaded ``attachment`` (the caller checked that they may read it)."""
    designation = attachment.designation
    event_record(
        actor=actor,
        event_type="designation.attachment_downloaded",
        target=designation,
        region_code=designation.village_id,
        data={"new": {"file": attachment.original_name, "sha256": attachment.sha256}},
    )
    return attachment
