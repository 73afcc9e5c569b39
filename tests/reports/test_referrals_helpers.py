"""Builders shared by the referral tests: a Ponorogo report with people, agencies, trail readers."""

from __future__ import annotations

import datetime as dt
from typing import Any

RECRUITER_NIK = "3502011505800003"
VICTIM_NIK = "3502014101990001"


def make_report(org: Any, *, status: str = "in_follow_up") -> Any:
    """Submit a confidential Ponorogo report (recruiter, victim, witness, organisation) in ``status``.

    The report goes through the intake and workflow services; the attachment row is
    written directly, as only its listing matters here.
    """
    from pimpasa.reports.models import Category, ReportAttachment
    from pimpasa.reports.services.intake import report_submit
    from pimpasa.reports.services.workflow import report_transition

    # Seeded by a migration; a transactional test that ran earlier flushed it.
    Category.objects.get_or_create(
        code="illegal_recruitment",
        defaults={
            "name_id": "Perekrutan ilegal oleh calo/sponsor",
            "name_en": "Illegal recruitment by a calo",
        },
    )
    report = report_submit(
        actor=org.users["field_ponorogo"],
        channel="field_officer",
        category_code="illegal_recruitment",
        description="Calo menawarkan kerja di Malaysia tanpa dokumen.",
        region_code="35.02.01.2001",
        occurred_on=dt.date(2026, 2, 10),
        destination_country="MY",
        reporter_mode="confidential",
        reporter_name="Siti Pelapor",
        reporter_phone="081200000001",
        people=[
            {
                "role": "suspected_recruiter",
                "full_name": "Bambang Calo",
                "aliases": ["Pak Bam"],
                "nik": RECRUITER_NIK,
                "phone": "081300000002",
            },
            {
                "role": "potential_victim",
                "full_name": "Dewi Lestari",
                "nik": VICTIM_NIK,
                "phone": "081400000003",
                "birth_date": dt.date(1999, 1, 1),
                "sex": "F",
                "home_region_code": "35.02.01.2001",
            },
            {"role": "witness", "full_name": "Saksi Tetangga"},
        ],
        organizations=[{"name": "PT Maju Jaya", "licensed_p3mi": False}],
    )
    ReportAttachment.objects.create(
        report=report,
        file="reports/test/photo.jpg",
        original_name="foto-calo.jpg",
        content_type="image/jpeg",
        size=2048,
        sha256="0" * 64,
    )
    steps = {
        "received": [],
        "verified": [("verified", {})],
        "rejected": [("rejected", {"reason": "unfounded"})],
        "in_follow_up": [("verified", {}), ("in_follow_up", {"assigned_to": org.users["field_ponorogo"]})],
        "closed": [
            ("verified", {}),
            ("in_follow_up", {"assigned_to": org.users["field_ponorogo"]}),
            ("closed", {"outcome": "information_only"}),
        ],
    }[status]
    for to, data in steps:
        report = report_transition(actor=org.users["intel_ponorogo"], report=report, to=to, **data)
    return report


def add_agencies(org: Any) -> None:
    """Add an off-platform BP3MI (e-mail only) in Jawa Timur and a partner user at Polres Cianjur."""
    from pimpasa.core.roles import Role
    from pimpasa.organization import services
    from pimpasa.organization.models import AgencyKind
    from tests.fixtures import make_user

    org.agencies["bp3mi"] = services.agency_create(
        actor=None,
        kind=AgencyKind.MIGRANT_PROTECTION,
        name="BP3MI Jawa Timur",
        area_code="35",
        contact_email="pengaduan@bp3mi-jatim.example",
        contact_phone="081234567890",
    )
    partner = make_user("partner_cianjur")
    services.posting_set(
        actor=None, user=partner, agency=org.agencies["polres_cianjur"], roles=[Role.PARTNER]
    )
    org.users["partner_cianjur"] = partner


def events(event_type: str) -> list[Any]:
    from pimpasa.core.models import TimelineEvent

    return list(TimelineEvent.objects.filter(event_type=event_type).order_by("id"))


def event_types(prefix: str = "referral.") -> list[str]:
    from pimpasa.core.models import TimelineEvent

    return list(
        TimelineEvent.objects.filter(event_type__startswith=prefix)
        .order_by("id")
        .values_list("event_type", flat=True)
    )


def refer(
    org: Any, report: Any, *, agency: str = "polres_ponorogo", actor: str = "intel_ponorogo", **extra: Any
) -> Any:
    from pimpasa.reports.services.referrals import referral_create

    extra.setdefault("reason", "Mohon penyelidikan calo.")
    extra.setdefault("shared_fields", ["summary", "description", "recruiters"])
    return referral_create(actor=org.users[actor], report=report, agency_id=org.agencies[agency].pk, **extra)


def snapshot(referral: Any) -> dict[str, Any]:
    """Return the stored state of a referral, to show a refused action changed nothing."""
    from django.forms.models import model_to_dict

    from pimpasa.reports.models import Referral

    row = Referral.objects.get(pk=referral.pk)
    data = model_to_dict(row)
    data["updated_at"] = row.updated_at
    return data
