"""Helpers shared by the designation tests (this module holds no tests itself)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

#: A village of Kanim Ponorogo served by the fixture's PIMPASA (field_ponorogo).
VILLAGE = "35.02.01.2001"
#: A village of Kanim Ponorogo without a PIMPASA.
VILLAGE_WITHOUT_PIMPASA = "35.02.01.2003"
#: A village of Kanim Cianjur.
CIANJUR_VILLAGE = "32.03.01.2001"

CONTACTS = [{"name": "Sutrisno", "position": "Kepala Desa", "phone": "0812-3456-7890"}]
ALL_YES = {
    "pimpasa_visits": True,
    "outreach_held": True,
    "reports_received": True,
    "contact_reachable": True,
    "nameplate_installed": True,
    "village_regulation": True,
    "information_point": True,
    "partner_coordination": True,
    "legal_channels": True,
}

#: The fields each step needs, as the generic transition and the API take them.
STEP_DATA: dict[str, dict[str, Any]] = {
    "proposed": {
        "justification": "Kantong PMI: 212 warga bekerja di luar negeri.",
        "mapping_notes": "Peta 2025",
    },
    "meeting_held": {
        "meeting_date": dt.date(2025, 3, 4),
        "meeting_place": "Aula Kantor Imigrasi Ponorogo",
        "attendees": "Camat Slahung; Kepala Desa Tugurejo",
        "minutes": "Rakor TIMPORA menyetujui usulan.",
    },
    "designated": {"sk_number": "W15.IMI.IMI.7-GR.02.01-0001", "sk_date": dt.date(2025, 3, 10)},
    "active": {"contacts": CONTACTS},
    "evaluated": {
        "evaluated_on": dt.date(2025, 9, 30),
        "period": "2025-S2",
        "checklist": {**ALL_YES, "nameplate_installed": False, "village_regulation": False},
        "notes": "Papan nama belum terpasang.",
    },
}

PATH = ["proposed", "meeting_held", "designated", "active", "evaluated"]


def walk(org: Any, designation: Any, to: str, *, agencies: bool = True) -> Any:
    """Move ``designation`` through every step up to ``to`` as the office head of Ponorogo."""
    from pimpasa.villages.services.designations import designation_transition

    head = org.users["head_ponorogo"]
    for state in PATH:
        if designation.status == to:
            break
        data = dict(STEP_DATA[state])
        if state == "meeting_held" and agencies:
            data["agency_ids"] = [org.agencies["polres_ponorogo"].pk]
        designation_transition(actor=head, designation=designation, to=state, **data)
    return designation


def start(org: Any, code: str = VILLAGE, username: str = "intel_ponorogo") -> Any:
    from pimpasa.villages.services.designations import designation_start

    return designation_start(actor=org.users[username], village_code=code)


def snapshot(designation: Any) -> dict[str, Any]:
    """Return the designation as stored, with its related rows and its events (to show nothing changed)."""
    from django.forms.models import model_to_dict

    from pimpasa.core.models import TimelineEvent
    from pimpasa.villages.models import Designation

    row = Designation.objects.get(pk=designation.pk)
    return {
        "row": {k: v for k, v in model_to_dict(row).items() if k != "meeting_agencies"},
        "agencies": sorted(row.meeting_agencies.values_list("pk", flat=True)),
        "contacts": list(row.contacts.values_list("name", "position", "phone")),
        "evaluations": list(row.evaluations.values_list("period", "score")),
        "attachments": list(row.attachments.values_list("sha256", flat=True)),
        "events": TimelineEvent.objects.filter(target_type="villages.designation").count(),
    }


def event_types(designation: Any) -> list[str]:
    from pimpasa.core.models import TimelineEvent

    return list(
        TimelineEvent.objects.filter(target_type="villages.designation", target_id=str(designation.pk))
        .order_by("id")
        .values_list("event_type", flat=True)
    )


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png_bytes() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()
