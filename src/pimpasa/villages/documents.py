"""Documents of the DBI lifecycle: the village's certificate (PDF) and the report to the Kanwil (PDF, XLSX).

Drawn with reportlab's built-in fonts and openpyxl: nothing is fetched, nothing depends on
fonts installed on the server. Text follows the active language; dates are spelt out in it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pimpasa.core.spreadsheets import safe_cell

if TYPE_CHECKING:
    from .models import Designation
    from .selectors.designations import DesignationReport

#: The program's own name for the certificate; it stays the same in every language.
CERTIFICATE_TITLE = "Piagam Desa Binaan Imigrasi"
NAVY = colors.HexColor("#1d3557")
GOLD = colors.HexColor("#b08d2a")


def long_date(day: dt.date | None) -> str:
    """Return ``day`` spelt out in the active language ("10 Maret 2025"), or a dash."""
    return formats.date_format(day, "j F Y") if day else "—"


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def _hierarchy(designation: Designation) -> tuple[str, str, str]:
    district = designation.village.parent
    regency = district.parent if district else None
    province = regency.parent if regency else None
    return (
        district.name if district else "",
        regency.name if regency else "",
        province.name if province else "",
    )


# --- Certificate ---------------------------------------------------------------------------------


def _centred(pdf: canvas.Canvas, y: float, text: str, font: str, size: float, width: float) -> None:
    pdf.setFont(font, size)
    pdf.drawCentredString(width / 2, y, text)


def _wrapped(pdf: canvas.Canvas, y: float, text: str, size: float, width: float, margin: float) -> float:
    """Draw ``text`` centred over several lines within the margins; return the y below it."""
    words, line, lines = text.split(), "", []
    for word in words:
        candidate = f"{line} {word}".strip()
        if pdf.stringWidth(candidate, "Helvetica", size) > width - 2 * margin and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    for text_line in lines:
        _centred(pdf, y, text_line, "Helvetica", size, width)
        y -= size * 1.45
    return y


def certificate_pdf(*, designation: Designation, head: Any | None) -> bytes:
    """Return the certificate of a designated village as an A4 landscape PDF.

    ``head`` is the office head who signs (the approver of the SK); None leaves a blank line.
    """
    width, height = landscape(A4)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"{CERTIFICATE_TITLE} – {designation.village.name}")
    pdf.setAuthor(designation.unit.name)
    pdf.setSubject(designation.sk_number)

    pdf.setStrokeColor(NAVY)
    pdf.setLineWidth(4)
    pdf.rect(1.0 * cm, 1.0 * cm, width - 2.0 * cm, height - 2.0 * cm)
    pdf.setStrokeColor(GOLD)
    pdf.setLineWidth(1.5)
    pdf.rect(1.4 * cm, 1.4 * cm, width - 2.8 * cm, height - 2.8 * cm)

    district, regency, province = _hierarchy(designation)
    village = designation.village
    pdf.setFillColor(NAVY)
    y = height - 3.4 * cm
    _centred(pdf, y, designation.unit.name.upper(), "Helvetica-Bold", 13, width)
    y -= 2.0 * cm
    _centred(pdf, y, "PIAGAM", "Helvetica-Bold", 34, width)
    y -= 1.2 * cm
    _centred(pdf, y, "DESA BINAAN IMIGRASI", "Helvetica-Bold", 22, width)
    pdf.setFillColor(colors.black)
    y -= 1.5 * cm
    _centred(pdf, y, _("is awarded to"), "Helvetica-Oblique", 13, width)
    y -= 1.3 * cm
    pdf.setFillColor(NAVY)
    _centred(pdf, y, f"{village.get_kind_display()} {village.name}".upper(), "Helvetica-Bold", 26, width)
    pdf.setFillColor(colors.black)
    y -= 0.9 * cm
    place = _("Kecamatan %(district)s, %(regency)s, Provinsi %(province)s") % {
        "district": district,
        "regency": regency,
        "province": province,
    }
    _centred(pdf, y, place, "Helvetica", 13, width)
    y -= 1.4 * cm
    body = _(
        "designated as a Desa Binaan Imigrasi of %(office)s by decree (SK) of the head of the office "
        "number %(number)s of %(date)s, to foster safe migration and the prevention of trafficking in "
        "persons (TPPO) and people smuggling (TPPM)."
    ) % {
        "office": designation.unit.name,
        "number": designation.sk_number,
        "date": long_date(designation.sk_date),
    }
    y = _wrapped(pdf, y, body, 12, width, 4 * cm)

    sign_x = width - 8.5 * cm
    y = 5.6 * cm
    pdf.setFont("Helvetica", 11)
    pdf.drawCentredString(sign_x, y, long_date(designation.sk_date))
    pdf.drawCentredString(sign_x, y - 0.6 * cm, _("Head of the office"))
    name = (getattr(head, "full_name", "") or str(head)) if head is not None else ""
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawCentredString(sign_x, 2.7 * cm, name or "........................................")
    pdf.setLineWidth(0.5)
    pdf.line(sign_x - 3.5 * cm, 2.55 * cm, sign_x + 3.5 * cm, 2.55 * cm)
    nip = getattr(head, "nip", "") if head is not None else ""
    if nip:
        pdf.setFont("Helvetica", 10)
        pdf.drawCentredString(sign_x, 2.1 * cm, f"NIP {nip}")
    pdf.setFont("Helvetica", 8)
    pdf.setFillColor(colors.grey)
    pdf.drawString(2.0 * cm, 2.1 * cm, f"{village.code} · SK {designation.sk_number}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --- Report to the Kanwil ------------------------------------------------------------------------


def report_headers() -> list[str]:
    """Return the column titles of the report, in the active language."""
    return [
        _("No."),
        _("Village code"),
        _("Village"),
        _("Kecamatan"),
        _("Kabupaten/kota"),
        _("Status"),
        _("Candidate since"),
        _("Proposed"),
        _("Meeting date"),
        _("SK number"),
        _("SK date"),
        _("Active since"),
        _("Last evaluation"),
        _("Evaluation score"),
        _("Revoked"),
        _("Reason for revocation"),
    ]


def report_rows(report: DesignationReport) -> list[list[Any]]:
    """Return one row of values per designation (dates as dates, empty cells as None)."""
    rows: list[list[Any]] = []
    for number, d in enumerate(report.designations, start=1):
        district, regency, _province = _hierarchy(d)
        evaluation = getattr(d, "latest_evaluation", None)
        rows.append(
            [
                number,
                d.village_id,
                d.village.name,
                district,
                regency,
                d.get_status_display(),
                _local_day(d.candidate_at),
                _local_day(d.proposed_at),
                d.meeting_date,
                d.sk_number or None,
                d.sk_date,
                _local_day(d.active_at),
                evaluation.period if evaluation else None,
                evaluation.score if evaluation else None,
                _local_day(d.revoked_at),
                d.revoke_reason or None,
            ]
        )
    return rows


def _period_text(report: DesignationReport) -> str:
    start = long_date(report.date_from) if report.date_from else "…"
    end = long_date(report.date_to) if report.date_to else "…"
    return f"{start} – {end}"


def report_xlsx(report: DesignationReport) -> bytes:
    """Return the report as a workbook: sheet "DBI" (one row per designation) and a summary sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "DBI"
    headers = report_headers()
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in report_rows(report):
        sheet.append([safe_cell(value) for value in row])
    for column, title in enumerate(headers, start=1):
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = max(10, min(40, len(title) + 4))
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"

    summary = book.create_sheet(_("Summary"))
    summary.append([_("Office"), report.unit.name])
    summary.append([_("From"), report.date_from])
    summary.append([_("To"), report.date_to])
    summary.append([_("Office head"), str(report.office_head) if report.office_head else None])
    summary.append([_("Generated"), timezone.localtime().replace(tzinfo=None, microsecond=0)])
    summary.append([])
    summary.append([_("Status"), _("Designations")])
    for _value, label, count in report.counts:
        summary.append([label, count])
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return formats.date_format(value, "j M Y")
    return str(value)


def report_pdf(report: DesignationReport) -> bytes:
    """Return the report as an A4 landscape PDF: heading, counts per status, one row per designation."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=1.2 * cm,
        rightMargin=1.2 * cm,
        topMargin=1.2 * cm,
        bottomMargin=1.2 * cm,
        title=_("DBI report: %(office)s") % {"office": report.unit.name},
        author=report.unit.name,
    )
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("small", fontSize=7, leading=8.5)
    head = styles["BodyText"].clone("head", fontSize=7, leading=8.5, fontName="Helvetica-Bold")
    story: list[Any] = [
        Paragraph(
            escape(_("Report on Desa Binaan Imigrasi to the regional office (Kanwil)")), styles["Title"]
        ),
        Paragraph(escape(report.unit.name), styles["Heading2"]),
        Paragraph(escape(_("Period: %(period)s") % {"period": _period_text(report)}), styles["BodyText"]),
        Paragraph(
            escape(" · ".join(f"{label}: {count}" for _v, label, count in report.counts if count) or "—"),
            styles["BodyText"],
        ),
        Spacer(1, 0.4 * cm),
    ]
    # Fewer columns than the workbook, so the rows stay readable on paper.
    keep = (0, 1, 2, 3, 5, 6, 8, 9, 10, 11, 12, 13, 14)
    headers = report_headers()
    data: list[Sequence[Any]] = [[Paragraph(escape(headers[i]), head) for i in keep]]
    for row in report_rows(report):
        data.append([Paragraph(escape(_cell(row[i])), small) for i in keep])
    if len(data) == 1:
        story.append(Paragraph(escape(_("No designations in this period.")), styles["BodyText"]))
    else:
        widths = [0.8, 2.4, 2.6, 2.4, 2.0, 1.9, 1.9, 3.4, 1.9, 1.9, 1.6, 1.3, 1.9]
        table = Table(data, colWidths=[w * cm for w in widths], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e7eef6")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    generated = _("Generated %(when)s") % {"when": formats.date_format(timezone.localtime(), "j F Y H:i")}
    story += [Spacer(1, 0.4 * cm), Paragraph(escape(generated), small)]
    document.build(story)
    return buffer.getvalue()
