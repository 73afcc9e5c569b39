"""Demo DBI designations: every lifecycle state, spread over the demo offices' PIMPASA villages.

Each village is walked through the real services by the office's own intelligence staff and
head (so the timeline names them), with meeting, SK and evaluation dates in 2025 and 2026. The
steps run now; afterwards their timestamps and timeline entries are dated back to the day each
step would have happened, so lists, reports and timelines read like a year and a half of work.
Idempotent: a village that already has a designation (in any state) is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from pimpasa.accounts.models import User
from pimpasa.core.models import TimelineEvent
from pimpasa.organization.models import PartnerAgency, Unit
from pimpasa.villages.models import Designation
from pimpasa.villages.services import designations as dbi

from . import data


@dataclass(frozen=True)
class DemoDesignation:
    """Where one demo village's designation stands, and the day its path began."""

    village: str
    state: str  # the state to reach; "revoked" is reached from ``revoked_from``
    started: dt.date
    revoked_from: str = ""
    revoke_reason: str = ""


#: The plan, office by office, in the order of ``data.APPOINTMENTS``.
PLAN: tuple[DemoDesignation, ...] = (
    # Kanim Ponorogo
    DemoDesignation("35.02.15.2001", "evaluated", dt.date(2025, 1, 13)),
    DemoDesignation("35.02.15.2002", "active", dt.date(2025, 2, 10)),
    DemoDesignation("35.03.01.2001", "designated", dt.date(2025, 6, 2)),
    DemoDesignation("35.01.10.2001", "meeting_held", dt.date(2026, 8, 3)),
    # Kanim Madiun
    DemoDesignation("35.19.02.2001", "evaluated", dt.date(2025, 1, 20)),
    DemoDesignation("35.19.02.2003", "proposed", dt.date(2026, 9, 7)),
    DemoDesignation("35.20.01.2001", "candidate", dt.date(2026, 10, 12)),
    # Kanim Cianjur
    DemoDesignation("32.03.23.2001", "active", dt.date(2025, 3, 3)),
    DemoDesignation(
        "32.03.23.2002",
        "revoked",
        dt.date(2025, 4, 7),
        revoked_from="proposed",
        revoke_reason="Usulan ditarik: Desa Cibuluh sudah menjadi desa binaan program BP3MI Jawa Barat.",
    ),
    DemoDesignation("32.03.21.2001", "proposed", dt.date(2026, 9, 14)),
    # Kanim Karawang
    DemoDesignation("32.15.10.2001", "evaluated", dt.date(2025, 2, 3)),
    DemoDesignation("32.15.15.2002", "designated", dt.date(2026, 5, 4)),
    DemoDesignation("32.14.04.2001", "candidate", dt.date(2026, 10, 19)),
    # Kanim Soekarno-Hatta
    DemoDesignation("36.71.04.1003", "active", dt.date(2025, 5, 5)),
    DemoDesignation("36.71.10.1003", "meeting_held", dt.date(2026, 8, 17)),
    # Kanim Singaraja
    DemoDesignation("51.08.01.2002", "evaluated", dt.date(2025, 3, 17)),
    DemoDesignation("51.08.09.2001", "active", dt.date(2025, 7, 7)),
    DemoDesignation("51.01.04.1001", "designated", dt.date(2026, 6, 8)),
    DemoDesignation(
        "51.07.08.2004",
        "revoked",
        dt.date(2025, 8, 4),
        revoked_from="meeting_held",
        revoke_reason="Hasil rakor TIMPORA: kasus di Tianyar ditangani lewat desa binaan kecamatan.",
    ),
    # Kanim Kupang
    DemoDesignation("53.71.01.1001", "active", dt.date(2025, 4, 14)),
    DemoDesignation("53.01.06.1004", "proposed", dt.date(2026, 9, 21)),
    DemoDesignation("53.02.03.2002", "candidate", dt.date(2026, 11, 2)),
)

#: Days from the start of the path to each step.
STEP_DAYS = {"proposed": 14, "meeting_held": 35, "designated": 45, "active": 60}
#: Evaluations of an evaluated DBI: (days after the start, period label, items not met).
EVALUATIONS = (
    (330, "2025", ("village_regulation", "nameplate_installed")),
    (520, "2026-S1", ("village_regulation",)),
)
_STEPS = ("proposed", "meeting_held", "designated", "active", "evaluated")
_EVENTS = {
    "designation.started": "candidate",
    "designation.proposed": "proposed",
    "designation.meeting_held": "meeting_held",
    "designation.designated": "designated",
    "designation.activated": "active",
    "designation.revoked": "revoked",
}

_JUSTIFICATIONS = (
    "Kantong PMI: banyak warga bekerja di Malaysia, Hong Kong dan Taiwan; ada laporan calo yang "
    "merekrut lewat media sosial dan penundaan paspor warga desa pada tahun lalu.",
    "Desa pesisir dengan angka kemiskinan dan pengangguran tinggi; beberapa warga kembali sebagai "
    "PMI nonprosedural yang dideportasi.",
    "Penduduk usia 20–45 tahun besar, pendidikan rata-rata SMP, jauh dari kantor imigrasi dan LTSA; "
    "informasi migrasi aman belum sampai ke warga.",
)
_CONTACTS = {
    "35": ("Sutrisno", "Suparman", "Wahyuni", "Slamet Riyadi"),
    "32": ("Ujang Suryana", "Dede Kurnia", "Nining Rahayu"),
    "36": ("H. Ahmad Syarif", "Rohman"),
    "51": ("I Nyoman Sudira", "I Gede Arsana", "Ni Made Sri Astuti"),
    "53": ("Yohanis Tefa", "Marthen Nenobais", "Yuliana Bani"),
}


def _when(day: dt.date) -> dt.datetime:
    """Return 09:00 local time on ``day``, never later than now."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    return min(moment, timezone.now())


def _day(start: dt.date, days: int) -> dt.date:
    return min(start + dt.timedelta(days=days), timezone.localdate())


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _office_of(village: str) -> tuple[str, Any]:
    """Return the demo office slug and appointment spec whose PIMPASA serves ``village``."""
    for spec in data.APPOINTMENTS:
        if village in spec.villages:
            return spec.unit.removeprefix("kanim-"), spec
    raise LookupError(village)


def _step_data(
    plan: DemoDesignation, step: str, index: int, slug: str, spec: Any, actor: Any
) -> dict[str, Any]:
    start = plan.started
    if step == "proposed":
        return {
            "justification": _JUSTIFICATIONS[index % len(_JUSTIFICATIONS)],
            "mapping_notes": "Pemetaan kerawanan Seksi Inteldakim; indeks kerawanan desa dan data Disnaker.",
        }
    if step == "meeting_held":
        keys = [f"polres-{slug}", f"kodim-{slug}", f"disnaker-{slug}", f"desa-{slug}"]
        names = [a.name for a in data.AGENCIES if a.key in keys]
        agencies = PartnerAgency.objects.filter(name__in=names)
        if actor is not None:
            agencies = agencies.filter(pk__in=PartnerAgency.objects.visible_to(actor).values("pk"))
        village = data.REGION_NAMES[plan.village]
        return {
            "meeting_date": _day(start, STEP_DAYS["meeting_held"]),
            "meeting_place": "Aula Kantor Imigrasi" if index % 2 else f"Balai Desa {village}",
            "agency_ids": list(agencies.values_list("pk", flat=True)),
            "attendees": f"Camat; Kepala Desa {village}; Babinsa; Bhabinkamtibmas; tokoh masyarakat",
            "minutes": f"Rakor TIMPORA menyepakati {village} diusulkan sebagai Desa Binaan Imigrasi.",
        }
    if step == "designated":
        prefix = spec.decree_number.split("-GR", 1)[0]
        return {
            "sk_number": f"{prefix}-UM.01.01-{101 + index:04d}",
            "sk_date": _day(start, STEP_DAYS["designated"]),
        }
    if step == "active":
        people = _CONTACTS[plan.village[:2]]
        head = people[index % len(people)]
        return {
            "contacts": [
                {
                    "name": head,
                    "position": "Kepala Desa",
                    "phone": f"0812{3300 + index:04d}{4100 + index:04d}",
                },
                {"name": "Sekretaris Desa", "position": "Sekretaris Desa", "phone": ""},
            ]
        }
    raise ValueError(step)


def _walk(plan: DemoDesignation, index: int, actor: Any) -> Designation | None:
    slug, spec = _office_of(plan.village)
    intel = _user(f"intel_{slug}") if actor is None else actor
    head = _user(f"head_{slug}") if actor is None else actor
    unit = Unit.objects.filter(code=spec.unit).first()
    if unit is None:
        return None
    designation = dbi.designation_start(actor=intel, village_code=plan.village, unit=unit)
    target = plan.revoked_from or plan.state
    for step in _STEPS:
        if designation.status == target or step == "evaluated":
            break
        who = head if step == "designated" else intel
        dbi.designation_transition(
            actor=who, designation=designation, to=step, **_step_data(plan, step, index, slug, spec, who)
        )
    if plan.state == "evaluated":
        for days, period, missed in EVALUATIONS:
            if plan.started + dt.timedelta(days=days) > timezone.localdate():
                break
            dbi.designation_evaluate(
                actor=intel,
                designation=designation,
                evaluated_on=_day(plan.started, days),
                period=period,
                checklist={item: item not in missed for item in _checklist_codes()},
                notes="Monitoring dan evaluasi oleh Seksi Inteldakim bersama PIMPASA.",
            )
    if plan.state == "revoked":
        dbi.designation_revoke(actor=head, designation=designation, reason=plan.revoke_reason)
    _date_back(designation, plan)
    return designation


def _checklist_codes() -> tuple[str, ...]:
    from pimpasa.villages.evaluation import CHECKLIST_CODES

    return CHECKLIST_CODES


def _date_back(designation: Designation, plan: DemoDesignation) -> None:
    """Date the steps' timestamps and timeline entries back to when they would have happened."""
    days = {"candidate": 0, **STEP_DAYS}
    stamps: dict[str, dt.datetime] = {}
    for state, offset in days.items():
        if getattr(designation, f"{state}_at") is not None:
            stamps[state] = _when(plan.started + dt.timedelta(days=offset))
    evaluations = list(designation.evaluations.order_by("evaluated_on"))
    if evaluations:
        stamps["evaluated"] = _when(evaluations[-1].evaluated_on)
    if designation.revoked_at is not None:
        last = max(stamps.values())
        stamps["revoked"] = min(last + dt.timedelta(days=21), timezone.now())
    Designation.objects.filter(pk=designation.pk).update(**{f"{s}_at": t for s, t in stamps.items()})
    events = TimelineEvent.objects.filter(target_type="villages.designation", target_id=str(designation.pk))
    for event_type, state in _EVENTS.items():
        if state in stamps:
            events.filter(event_type=event_type).update(created_at=stamps[state])
    for evaluation in evaluations:
        events.filter(event_type="designation.evaluated", data__new__period=evaluation.period).update(
            created_at=_when(evaluation.evaluated_on)
        )


def load_designations(*, actor: Any = None) -> int:
    """Create the demo designations that are missing; return how many were created.

    With no ``actor`` each step is taken by the office's own intelligence staff or head
    (the system when the demo user is missing); an ``actor`` takes every step itself.
    """
    existing = set(Designation.objects.values_list("village_id", flat=True))
    created = 0
    with transaction.atomic():
        for index, plan in enumerate(PLAN):
            if plan.village in existing:
                continue
            if _walk(plan, index, actor) is not None:
                created += 1
    return created
