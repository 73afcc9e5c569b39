"""Check and clean uploaded files before they are stored with a report.

Accepted: JPEG, PNG and WebP images and PDF documents, recognised from their
content (magic bytes, then Pillow for images), never from the file name or the
type the browser claims. Images are decoded and encoded again, so EXIF (GPS
position, camera, time), XMP, IPTC, ICC profiles and comments are gone; the
orientation EXIF asked for is applied to the pixels first. PDFs are kept byte
for byte: their metadata (author, software, dates) stays, which is why they are
only ever served as downloads. The SHA-256 is that of the bytes stored.

No ORM here: bytes in, a ``CleanFile`` out (or a ``ValidationFailed`` with a
stable code).
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import warnings
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from pimpasa.core.errors import ValidationFailed

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: Larger images are refused rather than decoded (a small file can hold a huge image); 50 million
#: pixels still takes the 48-megapixel photos of current phones.
MAX_PIXELS = 50_000_000

JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
PDF = "application/pdf"

#: Content type -> (Pillow format, file extension).
TYPES: dict[str, tuple[str, str]] = {
    JPEG: ("JPEG", ".jpg"),
    PNG: ("PNG", ".png"),
    WEBP: ("WEBP", ".webp"),
    PDF: ("", ".pdf"),
}
IMAGE_TYPES = frozenset({JPEG, PNG, WEBP})
#: What a file input may offer (a hint for the browser; the server decides from the content).
ACCEPT = ",".join([*TYPES, *(ext for _fmt, ext in TYPES.values()), ".jpeg"])


@dataclass(frozen=True)
class CleanFile:
    """An accepted file, ready to store: the bytes to keep, their type and SHA-256."""

    content: bytes
    content_type: str
    extension: str
    sha256: str
    original_name: str

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES


def max_upload_bytes() -> int:
    """Return the size limit of one upload (setting ``PIMPASA_UPLOAD_MAX_BYTES``, default 10 MB)."""
    return int(getattr(settings, "PIMPASA_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> str | None:
    """Return the content type the first bytes of a file announce, or None if not an accepted one."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    return None


def safe_name(name: str) -> str:
    """Return the last part of an uploaded file name, without control characters, at most 255 long."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[-255:] or "file"


def _too_large(size: int, limit: int) -> ValidationFailed:
    return ValidationFailed(
        _("The file is too large (%(size)s); the limit is %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="file_too_large",
        details={"size": size, "limit": limit},
    )


def _not_allowed() -> ValidationFailed:
    return ValidationFailed(
        _("Only photos (JPEG, PNG, WebP) and PDF documents can be attached."),
        code="file_type_not_allowed",
    )


def _unreadable() -> ValidationFailed:
    return ValidationFailed(_("The file is damaged or cannot be read."), code="file_unreadable")


def read_limited(stream: IO[bytes], *, size: int | None, limit: int) -> bytes:
    """Read the whole stream, refusing it as soon as it is known to exceed ``limit`` bytes."""
    if size is not None and size > limit:
        raise _too_large(size, limit)
    if hasattr(stream, "seek"):
        stream.seek(0)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_large(size if size and size > limit else len(data), limit)
    return data


def _reencode(data: bytes, content_type: str) -> bytes:
    """Decode an image and encode its pixels again, with no metadata, in the same format."""
    fmt = TYPES[content_type][0]
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != fmt:
                    raise _not_allowed()
                if probe.width * probe.height > MAX_PIXELS:
                    raise ValidationFailed(
                        _("The image has too many pixels (%(mp)s million); at most %(max)s million.")
                        % {"mp": probe.width * probe.height // 1_000_000, "max": MAX_PIXELS // 1_000_000},
                        code="image_too_large",
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image) or image
                pixels = _plain_pixels(upright, fmt)
        except ValidationFailed:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _unreadable() from exc
        except Exception as exc:  # Pillow raises many kinds for broken files
            raise _unreadable() from exc
    out = io.BytesIO()
    options: dict[str, Any] = {}
    if fmt == "JPEG":
        options = {"quality": 90, "optimize": True}
    elif fmt == "WEBP":
        options = {"quality": 90}
    # A new image carries no info dict: nothing but pixels is written.
    pixels.save(out, format=fmt, **options)
    return out.getvalue()


def _plain_pixels(image: Image.Image, fmt: str) -> Image.Image:
    """Return a copy of the pixels in a mode ``fmt`` can store, detached from the source's metadata."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    if fmt == "JPEG":
        mode = "L" if image.mode in {"L", "1"} else "RGB"
    elif image.mode in {"1", "L", "RGB", "RGBA"} and not (image.mode in {"L", "RGB"} and has_alpha):
        mode = image.mode
    else:
        mode = "RGBA" if has_alpha else "RGB"
    converted = image.convert(mode)
    plain = Image.new(converted.mode, converted.size)
    plain.paste(converted)
    return plain


def clean_upload(stream: IO[bytes], *, name: str, size: int | None = None) -> CleanFile:
    """Check an uploaded file and return what to store; raise ``ValidationFailed`` if it is refused.

    Codes: ``file_empty``, ``file_too_large``, ``image_too_large`` (too many pixels),
    ``file_type_not_allowed`` (content is no accepted type), ``file_unreadable`` (an
    accepted type that does not decode).
    """
    data = read_limited(stream, size=size, limit=max_upload_bytes())
    if not data:
        raise ValidationFailed(_("The file is empty."), code="file_empty")
    content_type = sniff(data[:16])
    if content_type is None:
        raise _not_allowed()
    stored = data if content_type == PDF else _reencode(data, content_type)
    return CleanFile(
        content=stored,
        content_type=content_type,
        extension=TYPES[content_type][1],
        sha256=hashlib.sha256(stored).hexdigest(),
        original_name=safe_name(name),
    )
