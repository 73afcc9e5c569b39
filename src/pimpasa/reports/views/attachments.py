"""Pages: open a report's attachment (images inline, PDFs as download), each opening logged."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from pimpasa.core.http import or_404

from ..services import attachments as services


def _serve(request: HttpRequest, attachment_id: int, action: str) -> FileResponse:
    opened = or_404(services.attachment_open, user=request.user, attachment_id=attachment_id, action=action)
    response = FileResponse(
        opened.file,
        as_attachment=not opened.inline,
        filename=opened.download_name,
        content_type=opened.attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Nothing in a served file may run or load anything, even if a browser renders it.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


@login_required
@require_GET
def attachment_view(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Show an image attachment inline (a PDF is still downloaded); the view is logged."""
    return _serve(request, attachment_id, services.VIEW)


@login_required
@require_GET
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Download an attachment; the download is logged."""
    return _serve(request, attachment_id, services.DOWNLOAD)


urls: list[URLPattern] = [
    path("attachments/<int:attachment_id>/", attachment_view, name="attachment_view"),
    path("attachments/<int:attachment_id>/download/", attachment_download, name="attachment_download"),
]
