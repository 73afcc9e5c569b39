"""Upload checks (pure, no database): types from content, size limit, metadata stripped, SHA-256."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import ExifTags, Image, PngImagePlugin

from pimpasa.core.errors import ValidationFailed
from pimpasa.reports.attachments import clean_upload, safe_name, sniff

GPS = ExifTags.IFD.GPSInfo


def jpeg_with_gps(*, size: tuple[int, int] = (64, 48), orientation: int = 1) -> bytes:
    """Return a JPEG whose EXIF names a camera, a GPS position in Ponorogo and an orientation."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((20, 20, 220), (0, 0, size[0] // 2, size[1] // 2))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraUji"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(GPS).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "S",
            ExifTags.GPS.GPSLatitude: (7.0, 52.0, 0.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (111.0, 28.0, 0.0),
        }
    )
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"taken at the recruiter's house")
    data = out.getvalue()
    # The test photo really carries what must go.
    with Image.open(io.BytesIO(data)) as check:
        assert check.getexif().get_ifd(GPS)
    return data


def png_with_text() -> bytes:
    image = Image.new("RGBA", (10, 8), (0, 128, 0, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Pelapor Rahasia")
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def webp_with_exif() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraUji"
    out = io.BytesIO()
    Image.new("RGB", (12, 12), (1, 2, 3)).save(out, format="WEBP", exif=exif)
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n%%EOF\n"


def _clean(data: bytes, name: str = "file"):
    return clean_upload(io.BytesIO(data), name=name, size=len(data))


def test_jpeg_loses_exif_gps_and_comment_and_keeps_its_orientation():
    # given a photo 64×48 whose EXIF says "rotate 90° clockwise" (orientation 6) and holds a GPS position
    data = jpeg_with_gps(orientation=6)

    clean = _clean(data, "IMG_0001.jpg")

    with Image.open(io.BytesIO(clean.content)) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert "comment" not in stored.info
        assert "exif" not in stored.info
        assert stored.size == (48, 64)  # turned upright, nothing left to tell a viewer to turn it
    assert clean.content_type == "image/jpeg"
    assert clean.extension == ".jpg"
    assert clean.sha256 == hashlib.sha256(clean.content).hexdigest()
    assert clean.size == len(clean.content)
    assert clean.original_name == "IMG_0001.jpg"


def test_png_loses_text_chunks_and_keeps_transparency():
    clean = _clean(png_with_text(), "peta.png")

    with Image.open(io.BytesIO(clean.content)) as stored:
        assert stored.format == "PNG"
        assert stored.mode == "RGBA"
        assert "Author" not in stored.info
        assert stored.getpixel((0, 0)) == (0, 128, 0, 128)
    assert clean.content_type == "image/png"


def test_webp_loses_exif():
    clean = _clean(webp_with_exif(), "foto.webp")

    with Image.open(io.BytesIO(clean.content)) as stored:
        assert stored.format == "WEBP"
        assert dict(stored.getexif()) == {}
    assert clean.content_type == "image/webp"


def test_pdf_is_kept_byte_for_byte():
    clean = _clean(PDF_BYTES, "surat.pdf")

    assert clean.content == PDF_BYTES
    assert clean.content_type == "application/pdf"
    assert clean.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"this is a text file, not a photo\n", "foto.jpg"),
        (b"MZ\x90\x00\x03\x00\x00\x00 an executable", "foto.jpg"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "animasi.gif"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "gambar.png"),
    ],
)
def test_content_that_is_no_accepted_type_is_refused_whatever_its_name(data, name):
    with pytest.raises(ValidationFailed) as refused:
        _clean(data, name)

    assert refused.value.code == "file_type_not_allowed"


def test_a_jpeg_header_over_garbage_is_refused_as_unreadable():
    with pytest.raises(ValidationFailed) as refused:
        _clean(b"\xff\xd8\xff\xe0" + b"\x00garbage" * 50, "foto.jpg")

    assert refused.value.code == "file_unreadable"


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings):
    settings.PIMPASA_UPLOAD_MAX_BYTES = 1000
    data = PDF_BYTES + b"0" * 1000

    with pytest.raises(ValidationFailed) as by_size:
        clean_upload(io.BytesIO(data), name="besar.pdf", size=len(data))
    with pytest.raises(ValidationFailed) as by_reading:
        clean_upload(io.BytesIO(data), name="besar.pdf", size=None)

    assert by_size.value.code == "file_too_large"
    assert by_reading.value.code == "file_too_large"
    assert by_size.value.details == {"size": len(data), "limit": 1000}


def test_the_default_limit_is_ten_megabytes(settings):
    del settings.PIMPASA_UPLOAD_MAX_BYTES  # the setting is optional
    data = PDF_BYTES + b"0" * (10 * 1024 * 1024)

    with pytest.raises(ValidationFailed) as refused:
        clean_upload(io.BytesIO(data), name="besar.pdf", size=len(data))

    assert refused.value.details["limit"] == 10 * 1024 * 1024


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        _clean(b"", "kosong.jpg")

    assert refused.value.code == "file_empty"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe1", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00", "image/png"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x10\x00\x00\x00AVI LIST", None),
        (b"%PDF-1.7", "application/pdf"),
        (b"  %PDF-1.7", None),
        (b"", None),
    ],
)
def test_sniff(head, expected):
    assert sniff(head) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("foto.jpg", "foto.jpg"),
        ("C:\\Users\\Siti\\Desktop\\foto.jpg", "foto.jpg"),
        ("../../etc/passwd", "passwd"),
        ("a\x00b\nc.pdf", "abc.pdf"),
        ("", "file"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_safe_name(name, expected):
    assert safe_name(name) == expected


def test_an_image_with_too_many_pixels_is_refused_before_decoding(monkeypatch):
    from pimpasa.reports import attachments

    monkeypatch.setattr(attachments, "MAX_PIXELS", 64 * 48 - 1)

    with pytest.raises(ValidationFailed) as refused:
        _clean(jpeg_with_gps(size=(64, 48)), "besar.jpg")

    assert refused.value.code == "image_too_large"
