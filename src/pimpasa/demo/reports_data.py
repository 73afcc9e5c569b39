"""Demo reports: a year of tips and questions for the demo offices, walked through the real services.

Every report is submitted with ``report_submit`` and moved with ``report_transition``, so
validation, SLA deadlines, watchlist matching and the timeline behave as in real use. The
services stamp each step with the current time; afterwards the demo moves those stamps back
to plausible dates across the past year (demo data only), so lists show a year of history
and a few overdue reports.

The stories follow the modus operandi in DOMAIN.md: village calo paying "thank-you money",
umrah or visit visas used to work in Saudi Arabia, scam compounds reached via Thailand,
fake job ads, returnees. Names are invented.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pimpasa.accounts.models import User
from pimpasa.core.roles import Role
from pimpasa.organization import services as org
from pimpasa.organization.models import PartnerAgency, StaffPosting, Unit, UnitKind
from pimpasa.organization.permissions import SYSTEM
from pimpasa.regions.models import Level, Region
from pimpasa.reports.models import (
    Channel,
    Outcome,
    Referral,
    RejectReason,
    Report,
    ReportStatus,
    SharedField,
)
from pimpasa.reports.services import intake, messages, referrals, workflow

from .credentials import password_generate

#: The seed of every random choice: the same demo on every install.
SEED = 2026
#: Reports per office over the past year.
REPORTS_PER_OFFICE = 36

R = ReportStatus

# category code, weight, destinations, story templates ({village}, {dest}, {name})
_CATEGORIES: tuple[tuple[str, int, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "illegal_recruitment",
        25,
        ("MY", "SA", "HK", "TW"),
        (
            "Seorang sponsor bernama {name} mendatangi warga {village} dan menawarkan kerja ke {dest} "
            "tanpa melalui Disnaker. Keluarga calon pekerja diberi uang terima kasih Rp 5 juta.",
            "{name} mengumpulkan KTP dan KK beberapa pemuda {village} untuk 'diurus' paspornya, "
            "dijanjikan kerja di perkebunan {dest} dengan gaji besar.",
            "Warga melaporkan calo {name} yang menjanjikan pekerjaan di {dest}; biaya dibayar ke rekening "
            "pribadi dan tidak ada kontrak kerja.",
        ),
    ),
    (
        "planned_departure",
        20,
        ("SA", "MY", "MM", "KH"),
        (
            "Tiga warga {village} berencana berangkat ke {dest} minggu depan dengan visa kunjungan; "
            "diantar oleh {name} ke Jakarta.",
            "Informasi dari perangkat desa {village}: rombongan umrah yang diurus {name} akan tinggal "
            "untuk bekerja di {dest}.",
            "Seorang ibu di {village} bertanya karena anaknya akan berangkat ke {dest} lewat Thailand "
            "untuk kerja 'customer service' yang ditawarkan {name}.",
        ),
    ),
    (
        "victim_returnee",
        12,
        ("MY", "SA", "KH", "MM"),
        (
            "Warga {village} dipulangkan dari {dest} setelah bekerja tanpa dokumen; direkrut oleh {name}.",
            "Keluarga di {village} menerima kabar anggota keluarganya tertahan di {dest} dan paspornya "
            "dipegang majikan. Perekrut awalnya {name}.",
        ),
    ),
    (
        "online_scam",
        12,
        ("KH", "MM", "LA", "PH"),
        (
            "Lowongan di media sosial menawarkan kerja admin di {dest} dengan gaji Rp 15 juta; beberapa "
            "pemuda {village} sudah mendaftar melalui {name}.",
            "Pemuda {village} menghubungi keluarga dari {dest}, mengaku dipaksa bekerja sebagai penipu "
            "daring. Ia berangkat karena ajakan {name}.",
        ),
    ),
    (
        "question",
        12,
        ("HK", "TW", "JP", "KR"),
        (
            "Warga {village} bertanya syarat menjadi PMI resmi ke {dest} dan di mana mendaftar.",
            "Pertanyaan dari karang taruna {village}: apakah paspor bisa dibuat tanpa rekomendasi "
            "Disnaker untuk kerja di {dest}?",
        ),
    ),
    (
        "suspicious_foreigner",
        8,
        ("",),
        (
            "Beberapa orang asing menginap di rumah warga {village} tanpa lapor ke RT dan bekerja di "
            "proyek setempat.",
        ),
    ),
    (
        "document_fraud",
        6,
        ("SA", "MY"),
        (
            "Ada dugaan pemalsuan data KTP dan akta kelahiran untuk menaikkan umur calon pekerja dari "
            "{village} yang akan dikirim ke {dest} oleh {name}.",
        ),
    ),
    (
        "smuggling_route",
        3,
        ("MY", "AU"),
        (
            "Perahu nelayan dari pesisir dekat {village} diduga mengangkut orang ke {dest} pada malam "
            "hari; pengaturnya disebut {name}.",
        ),
    ),
    ("other", 2, ("",), ("Laporan lain dari warga {village} tentang kegiatan mencurigakan.",)),
)

_FIRST = (
    "Agus Salim",
    "Sri Wahyuni",
    "Dewi Lestari",
    "Budi Santoso",
    "Siti Aminah",
    "Nur Hayati",
    "Rudi Hartono",
    "Yuli Astuti",
    "Tri Wahyudi",
    "Endang Susilowati",
    "Ani Rahmawati",
    "Suparmi",
    "Wartini",
    "Ujang Suherman",
    "Neng Rosita",
    "Komang Ayu",
    "Maria Ndun",
    "Yohanes Tefa",
)

_FALLBACK_RECRUITERS = ("Haji Slamet", "Bu Warsini", "Pak Darto", "Mas Yono")

_AGENCY_ORDER = ("police", "migrant_protection", "manpower", "ngo")


@dataclass
class _Office:
    unit: Unit
    intel: User
    head: User
    field: User | None
    villages: list[str]
    agencies: list[PartnerAgency]


def _offices() -> list[_Office]:
    offices = []
    for unit in Unit.objects.filter(kind=UnitKind.KANIM).order_by("code"):
        slug = unit.code.removeprefix("kanim-")
        users = {
            u.username: u
            for u in User.objects.filter(username__in=[f"intel_{slug}", f"head_{slug}", f"field_{slug}"])
        }
        intel, head = users.get(f"intel_{slug}"), users.get(f"head_{slug}")
        if intel is None or head is None:
            continue
        area = list(unit.area_codes())
        villages = list(
            Region.objects.filter(level=Level.VILLAGE)
            .filter(_prefix_q(area))
            .order_by("code")
            .values_list("code", flat=True)
        )
        if not villages:
            continue
        agencies = list(PartnerAgency.objects.within(intel.get_scope()).filter(active=True).order_by("pk"))
        offices.append(_Office(unit, intel, head, users.get(f"field_{slug}"), villages, agencies))
    return offices


def _prefix_q(codes: list[str]) -> Any:
    from pimpasa.core.scoping import region_q

    return region_q("code", codes)


def _recruiter_names() -> list[tuple[str, str]]:
    """Return (name as villagers say it, birth date iso) of demo watchlist persons, spelled loosely."""
    try:
        from pimpasa.watchlist.models import WatchlistEntry
    except ImportError:  # pragma: no cover - the watchlist app is part of the project
        return [(n, "") for n in _FALLBACK_RECRUITERS]
    rows = list(
        WatchlistEntry.objects.filter(kind="person")
        .order_by("ref")
        .values_list("full_name", "birth_date")[:20]
    )
    if not rows:
        return [(n, "") for n in _FALLBACK_RECRUITERS]
    return [(_variant(name), born.isoformat() if born else "") for name, born in rows]


def _variant(name: str) -> str:
    """Spell a name the way a tip might: old spelling, dropped honorific, short Muhammad."""
    out = name.replace("Haji ", "H. ").replace("Muhammad ", "M. ").replace("Yusuf", "Jusuf")
    return out.replace("u", "oe", 1) if out == name and "u" in name else out


def _nik(rng: random.Random, village: str, born: dt.date, female: bool) -> str:
    district = village[:8].replace(".", "")
    day = born.day + (40 if female else 0)
    return f"{district}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 9999):04d}"


def _people(rng: random.Random, village: str, recruiter: tuple[str, str]) -> list[dict[str, Any]]:
    name, born = recruiter
    people: list[dict[str, Any]] = [{"role": "suspected_recruiter", "full_name": name}]
    if born and rng.random() < 0.5:
        people[0]["birth_date"] = dt.date.fromisoformat(born)
    if rng.random() < 0.6:
        people[0]["phone"] = (
            f"08{rng.choice(['12', '13', '21', '52', '57', '77'])}{rng.randint(10_000_000, 99_999_999)}"
        )
    if rng.random() < 0.7:
        female = rng.random() < 0.6
        born_v = dt.date(rng.randint(1996, 2006), rng.randint(1, 12), rng.randint(1, 28))
        victim = {
            "role": "potential_victim",
            "full_name": rng.choice(_FIRST),
            "birth_date": born_v,
            "sex": "F" if female else "M",
            "home_region_code": village,
        }
        if rng.random() < 0.5:
            victim["nik"] = _nik(rng, village, born_v, female)
        people.append(victim)
    return people


def _gateway_user(office: _Office) -> User:
    """Return the office's message-gateway client account (no roles; may only post messages)."""
    username = f"gateway_{office.unit.code.removeprefix('kanim-')}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=password_generate(),
            full_name=f"WhatsApp gateway {office.unit.name}",
        )
        user.user_permissions.add(Permission.objects.get(codename="add_inboundmessage"))
    if not StaffPosting.objects.filter(user=user, active=True).exists():
        org.posting_set(
            actor=SYSTEM, user=user, unit=office.unit, roles=[Role.GATEWAY], position="WhatsApp gateway"
        )
    return user


def _backdate(report: Report, received: dt.datetime, rng: random.Random) -> None:
    """Move the service's timestamps to the demo's date, keeping their order and spacing plausible."""
    shift = received - report.received_at
    steps = [
        ("verified_at", dt.timedelta(hours=rng.randint(2, 60))),
        ("rejected_at", dt.timedelta(hours=rng.randint(4, 60))),
        ("follow_up_at", dt.timedelta(days=rng.randint(2, 6))),
        ("referred_at", dt.timedelta(days=rng.randint(5, 15))),
        ("closed_at", dt.timedelta(days=rng.randint(15, 45))),
    ]
    update: dict[str, Any] = {
        "received_at": received,
        "verify_due_at": F("verify_due_at") + shift,
        "action_due_at": F("action_due_at") + shift,
    }
    first_action = None
    for name, delay in steps:
        if getattr(report, name) is not None:
            update[name] = received + delay
            if name in ("follow_up_at", "referred_at", "closed_at") and first_action is None:
                first_action = received + delay
    if report.first_action_at is not None:
        update["first_action_at"] = first_action or received + dt.timedelta(days=2)
    Report.objects.filter(pk=report.pk).update(**update)


def _walk(report: Report, office: _Office, rng: random.Random, age_days: int) -> None:
    """Move a report as far as its age makes plausible."""
    intel = office.intel
    roll = rng.random()
    if age_days < 3 and roll < 0.7:
        return  # still waiting for verification; some recent ones become overdue
    if roll < 0.08:
        workflow.report_transition(
            actor=intel,
            report=report,
            to=R.REJECTED,
            reason=rng.choice(list(RejectReason.values)),
            note="Tidak ditemukan indikasi setelah dicek ke desa.",
        )
        return
    workflow.report_transition(
        actor=intel, report=report, to=R.VERIFIED, note="Dicek bersama Bhabinkamtibmas."
    )
    if age_days < 10 and roll < 0.5:
        return
    # A restricted report is readable only by its named readers (the intelligence officer here).
    officer = intel if report.restricted else (office.field or intel)
    workflow.report_transition(
        actor=intel, report=report, to=R.IN_FOLLOW_UP, assigned_to=officer, note="Ditindaklanjuti PIMPASA."
    )
    if age_days < 20 and roll < 0.6:
        return
    if roll < 0.45 and age_days > 30:
        outcome = rng.choice(
            [
                Outcome.DEPARTURE_PREVENTED,
                Outcome.PASSPORT_POSTPONED,
                Outcome.INFORMATION_ONLY,
                Outcome.VICTIM_ASSISTED,
            ]
        )
        workflow.report_transition(actor=intel, report=report, to=R.CLOSED, outcome=outcome, note="Selesai.")


_REFERRAL_PLAN = ("sent", "accepted", "rejected", "done", "revoked", "done", "accepted")


def _refer(report: Report, office: _Office, rng: random.Random, plan: str) -> Referral | None:
    kinds = {a.kind: a for a in office.agencies}
    agency = next((kinds[k] for k in _AGENCY_ORDER if k in kinds), None)
    if agency is None:
        return None
    shared = [SharedField.SUMMARY, SharedField.DESCRIPTION, SharedField.RECRUITERS]
    victim = report.people.filter(role="potential_victim").exists()
    kwargs: dict[str, Any] = {}
    if victim and rng.random() < 0.5:
        shared.append(SharedField.VICTIMS)
        kwargs = {
            "consent_recorded": True,
            "consent_note": "Persetujuan lisan korban di hadapan kepala desa.",
        }
    referral = referrals.referral_create(
        actor=office.intel,
        report=report,
        agency_id=agency.pk,
        reason="Dugaan perekrutan nonprosedural; mohon penyelidikan lebih lanjut.",
        shared_fields=shared,
        **kwargs,
    )
    answered = f"{agency.name} (demo)"
    if plan in ("accepted", "done"):
        referrals.referral_accept(actor=SYSTEM, referral=referral, answered_by=answered)
    if plan == "done":
        referrals.referral_complete(
            actor=SYSTEM,
            referral=referral,
            feedback="Perekrut sudah dipanggil dan diperiksa.",
            outcome="Penyelidikan dimulai",
            answered_by=answered,
        )
    if plan == "rejected":
        referrals.referral_reject(
            actor=SYSTEM,
            referral=referral,
            reason="Bukan kewenangan kami; silakan ke BP3MI.",
            answered_by=answered,
        )
    if plan == "revoked":
        referrals.referral_revoke(
            actor=office.intel, referral=referral, reason="Dikirim ke instansi yang salah."
        )
    return referral


def load_reports(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Create the demo's reports, referrals and gateway messages once; return what was created."""
    if Report.objects.exists():
        return {"reports": 0, "referrals": 0, "messages": 0}
    now = now or timezone.now()
    rng = random.Random(SEED)
    recruiters = _recruiter_names()
    weights = [c[1] for c in _CATEGORIES]
    counts = {"reports": 0, "referrals": 0, "messages": 0}
    plan_index = 0
    for office in _offices():
        with transaction.atomic():
            for i in range(REPORTS_PER_OFFICE):
                code, _w, destinations, stories = rng.choices(_CATEGORIES, weights=weights)[0]
                age_days = int(365 * (i / REPORTS_PER_OFFICE) ** 1.4) + rng.randint(0, 3)
                received = now - dt.timedelta(days=age_days, hours=rng.randint(0, 10))
                village = rng.choice(office.villages)
                village_name = Region.objects.get(code=village).name
                recruiter = rng.choice(recruiters)
                dest = rng.choice(destinations)
                channel = rng.choices(
                    [Channel.FIELD_OFFICER, Channel.PUBLIC_WEB, Channel.WALK_IN, Channel.PARTNER],
                    weights=[45, 25, 20, 10],
                )[0]
                mode = (
                    "anonymous"
                    if channel == Channel.PUBLIC_WEB
                    else rng.choice(["identified", "confidential"])
                )
                actor: User | None
                if channel == Channel.FIELD_OFFICER:
                    actor = office.field or office.intel
                else:
                    actor = None if channel == Channel.PUBLIC_WEB else office.intel
                restricted = rng.random() < 0.04
                if restricted:
                    actor = office.head  # only the office head names who may read a restricted report
                report = intake.report_submit(
                    actor=actor,
                    channel=channel,
                    category_code=code,
                    description=rng.choice(stories).format(
                        village=village_name, dest=_country(dest), name=recruiter[0]
                    ),
                    region_code=village,
                    occurred_on=(received - dt.timedelta(days=rng.randint(0, 10))).date(),
                    destination_country=dest,
                    urgency=rng.choices(["low", "normal", "high", "critical"], weights=[15, 60, 20, 5])[0],
                    reporter_mode=mode,
                    reporter_name="" if mode == "anonymous" else rng.choice(_FIRST),
                    reporter_phone=""
                    if mode == "anonymous"
                    else f"0813{rng.randint(10_000_000, 99_999_999)}",
                    people=[]
                    if code in ("question", "suspicious_foreigner", "other")
                    else _people(rng, village, recruiter),
                    reliability=rng.choice("BCDF"),
                    credibility=rng.choice("2336"),
                    restricted=restricted,
                    restricted_usernames=[office.intel.username] if restricted else [],
                    unit=office.unit,
                )
                _walk(report, office, rng, age_days)
                report.refresh_from_db()
                if report.status == R.IN_FOLLOW_UP and age_days > 15 and rng.random() < 0.5:
                    plan = _REFERRAL_PLAN[plan_index % len(_REFERRAL_PLAN)]
                    plan_index += 1
                    if _refer(report, office, rng, plan) is not None:
                        counts["referrals"] += 1
                    report.refresh_from_db()
                _backdate(report, received, rng)
                counts["reports"] += 1
            counts["messages"] += _load_messages(office, rng, now)
    return counts


def _load_messages(office: _Office, rng: random.Random, now: dt.datetime) -> int:
    gateway = _gateway_user(office)
    texts = (
        "Assalamualaikum pak, ada orang menawarkan kerja ke Malaysia tanpa paspor kerja, apa itu resmi?",
        "Pak, tetangga saya mau berangkat ke Arab lewat umrah tapi katanya mau kerja. Bagaimana ini?",
        "Saya mau tanya syarat buat paspor untuk kerja di Hongkong",
        "Ada lowongan admin di Kamboja gaji 15 juta, teman saya sudah ditransfer tiket. Tolong dicek",
        "Anak saya di Myanmar tidak bisa pulang, katanya disekap. Mohon bantuan",
    )
    created = 0
    for n, text in enumerate(texts):
        received = now - dt.timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 20))
        message, new = messages.inbound_receive(
            gateway=gateway,
            external_id=f"demo-{office.unit.code}-{n}",
            channel=rng.choice(["whatsapp", "whatsapp", "sms"]),
            sender=f"0857{rng.randint(10_000_000, 99_999_999)}",
            text=text,
            received_at=received,
        )
        created += int(new)
        if new and n in (1, 4):
            messages.inbound_convert(
                actor=office.intel,
                message=message,
                category_code="planned_departure" if n == 1 else "victim_returnee",
                region_code=rng.choice(office.villages),
                description=text,
                urgency="high" if n == 4 else "normal",
            )
    return created


def _country(code: str) -> str:
    names = {
        "MY": "Malaysia",
        "SA": "Arab Saudi",
        "HK": "Hong Kong",
        "TW": "Taiwan",
        "KH": "Kamboja",
        "MM": "Myanmar",
        "LA": "Laos",
        "PH": "Filipina",
        "JP": "Jepang",
        "KR": "Korea Selatan",
        "AU": "Australia",
        "": "luar negeri",
    }
    return names.get(code, code)
