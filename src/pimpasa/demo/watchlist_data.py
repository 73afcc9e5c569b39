"""Demo watchlist: recruiters (calo, sponsor), brokers and unlicensed agencies for the demo offices.

Every person and company here is invented. Names come in the spellings people
really meet (old spelling, Muhammad abbreviated, titles, nicknames) so the name
check has something to find; NIKs carry real Kemendagri district codes of Jawa
Timur and Jawa Barat and the birth date (day + 40 for women) of the entry.
``load_watchlist`` is idempotent: an existing reference is left as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pimpasa.organization.models import Unit
from pimpasa.watchlist import services
from pimpasa.watchlist.models import WatchlistEntry


@dataclass(frozen=True)
class WatchSpec:
    ref: str
    full_name: str
    unit: str = ""  # code of the owning office; "" for national entries
    kind: str = "person"
    aliases: tuple[str, ...] = ()
    born: dt.date | None = None
    sex: str = ""
    district: str = ""  # PPKKCC of the NIK; "" for no NIK
    serial: int = 1
    phones: tuple[str, ...] = ()
    reason: str = ""
    active: bool = True

    def nik(self) -> str:
        if not self.district or self.born is None:
            return ""
        day = self.born.day + (40 if self.sex == "P" else 0)
        return f"{self.district}{day:02d}{self.born.month:02d}{self.born.year % 100:02d}{self.serial:04d}"


D = dt.date
WATCHLIST: tuple[WatchSpec, ...] = (
    # Kanim Ponorogo (Ponorogo 35.02, Pacitan 35.01, Trenggalek 35.03).
    WatchSpec(
        "DEMO-WL-001",
        "H. Moch. Djoko Soesilo",
        "kanim-ponorogo",
        aliases=("Pak Joko", "Joko Kumis"),
        born=D(1974, 3, 12),
        sex="L",
        district="350201",
        phones=("0812-3301-4411",),
        reason="Sponsor yang menjanjikan kerja di perkebunan sawit Malaysia tanpa kontrak; dilaporkan "
        "tiga keluarga di Slahung.",
    ),
    WatchSpec(
        "DEMO-WL-002",
        "Siti Nurhayati binti Abdullah",
        "kanim-ponorogo",
        aliases=("Bu Nur", "Nur Hayati"),
        born=D(1981, 7, 2),
        sex="P",
        district="350203",
        phones=("0857-3312-0098",),
        reason="Mengumpulkan KTP calon PMI untuk paspor umrah, diduga untuk kerja di Arab Saudi.",
    ),
    WatchSpec(
        "DEMO-WL-003",
        "Muhamad Rizqi Pratama",
        "kanim-ponorogo",
        aliases=("Rizky", "M. Rizki"),
        born=D(1993, 11, 20),
        sex="L",
        district="350207",
        phones=("0896-1200-7788", "+62 821 4455 6677"),
        reason="Merekrut pemuda lewat Facebook untuk 'customer service' di Thailand.",
    ),
    WatchSpec(
        "DEMO-WL-004",
        "Soeparmi",
        "kanim-ponorogo",
        aliases=("Mbok Parmi", "Suparmi"),
        born=D(1968, 1, 30),
        sex="P",
        district="350104",
        reason="Calo kampung; keluarga menerima 'uang terima kasih' dari sponsor.",
    ),
    WatchSpec(
        "DEMO-WL-005",
        "Drs. Bambang Tjahjono",
        "kanim-ponorogo",
        aliases=("Bambang Cahyono",),
        born=D(1965, 5, 5),
        sex="L",
        district="350305",
        phones=("0813-5522-1100",),
        reason="Mengaku pemilik LPK; memberangkatkan peserta magang dengan visa kunjungan.",
    ),
    WatchSpec(
        "DEMO-WL-006",
        "Eko Prasetjo",
        "kanim-ponorogo",
        aliases=("Eko Prasetyo",),
        born=D(1988, 9, 14),
        sex="L",
        phones=("0852-3344-5566",),
        reason="Mengantar calon PMI ke Batam untuk menyeberang ke Malaysia.",
    ),
    WatchSpec(
        "DEMO-WL-007",
        "Sri Wahyuni Ningsih",
        "kanim-ponorogo",
        aliases=("Yuni",),
        born=D(1990, 4, 21),
        sex="P",
        district="350202",
        reason="Penampung calon PMI sebelum keberangkatan.",
        active=False,
    ),
    WatchSpec(
        "DEMO-WL-008",
        "PT Sinar Djaja Abadi Mandiri",
        "kanim-ponorogo",
        kind="organization",
        aliases=("Sinar Jaya Abadi", "SJAM Travel"),
        phones=("0352-481234",),
        reason="Bukan P3MI berizin; membuka pendaftaran kerja ke Hong Kong di balai desa.",
    ),
    # Kanim Madiun (Madiun 35.19, Magetan 35.20, Ngawi 35.21, Kota Madiun 35.77).
    WatchSpec(
        "DEMO-WL-009",
        "Achmad Fauzi bin Mansur",
        "kanim-madiun",
        aliases=("Pak Fauzi", "Ahmad Fauzi"),
        born=D(1979, 12, 1),
        sex="L",
        district="351902",
        phones=("0812-4900-1212",),
        reason="Sponsor perjalanan 'umrah' rombongan yang tidak kembali.",
    ),
    WatchSpec(
        "DEMO-WL-010",
        "Hj. Tumini",
        "kanim-madiun",
        aliases=("Bu Hajah Tumini",),
        born=D(1962, 8, 17),
        sex="P",
        district="352003",
        reason="Meminjamkan uang keberangkatan dengan potongan gaji di Arab Saudi.",
    ),
    WatchSpec(
        "DEMO-WL-011",
        "Joko Santoso",
        "kanim-madiun",
        aliases=("Djoko Santosa",),
        born=D(1985, 2, 11),
        sex="L",
        district="352105",
        phones=("0878-6000-3131",),
        reason="Perantara dokumen: KTP dan KK dengan data berbeda dari paspor lama.",
    ),
    WatchSpec(
        "DEMO-WL-012",
        "CV Mitra Karya Sejahtera",
        "kanim-madiun",
        kind="organization",
        aliases=("Mitra Karya",),
        phones=("0351-455667",),
        reason="Lowongan kerja pabrik di Taiwan dengan biaya ke rekening pribadi.",
    ),
    # Kanim Cianjur (Cianjur 32.03) and Kanim Karawang (Karawang 32.15, Purwakarta 32.14).
    WatchSpec(
        "DEMO-WL-013",
        "Asep Saepudin",
        "kanim-cianjur",
        aliases=("Kang Asep", "Asep Syaifudin"),
        born=D(1977, 6, 9),
        sex="L",
        district="320301",
        phones=("0813-2010-4545",),
        reason="Calo PMI ke Timur Tengah; tujuh warga Cibeber berangkat dengan visa ziarah.",
    ),
    WatchSpec(
        "DEMO-WL-014",
        "Euis Komalasari",
        "kanim-cianjur",
        aliases=("Teh Euis",),
        born=D(1984, 10, 3),
        sex="P",
        district="320303",
        phones=("0857-2200-9911",),
        reason="Menampung calon PMI perempuan di rumah kontrakan sebelum diberangkatkan.",
    ),
    WatchSpec(
        "DEMO-WL-015",
        "Dadang Suherman",
        "kanim-cianjur",
        aliases=("Mang Dadang",),
        born=D(1970, 1, 25),
        sex="L",
        district="320305",
        reason="Sopir yang mengantar rombongan ke bandara atas suruhan sponsor.",
    ),
    WatchSpec(
        "DEMO-WL-016",
        "Ujang Sopian",
        "kanim-cianjur",
        aliases=("Ujang Sofyan",),
        born=D(1991, 3, 8),
        sex="L",
        phones=("0821-1100-3322",),
        reason="Merekrut lewat grup WhatsApp dengan iming-iming gaji 20 juta di Kamboja.",
    ),
    WatchSpec(
        "DEMO-WL-017",
        "PT Bina Tenaga Insani Global",
        "kanim-cianjur",
        kind="organization",
        aliases=("BTI Global",),
        phones=("0263-261777",),
        reason="Nama mirip P3MI berizin; tidak terdaftar di SISKOP2MI.",
    ),
    WatchSpec(
        "DEMO-WL-018",
        "Nining Kurniasih",
        "kanim-karawang",
        aliases=("Bu Nining",),
        born=D(1975, 12, 12),
        sex="P",
        district="321501",
        phones=("0812-8800-1234",),
        reason="Sponsor yang memalsukan surat izin suami dan orang tua.",
    ),
    WatchSpec(
        "DEMO-WL-019",
        "Iwan Setiawan",
        "kanim-karawang",
        aliases=("Iwan Setyawan", "Wawan"),
        born=D(1983, 5, 30),
        sex="L",
        district="321505",
        reason="Membuat akun M-Paspor untuk calon PMI dengan tujuan wisata.",
        active=False,
    ),
    WatchSpec(
        "DEMO-WL-020",
        "Cecep Hidayat",
        "kanim-karawang",
        aliases=("Tjetjep Hidajat",),
        born=D(1969, 7, 7),
        sex="L",
        district="321410",
        phones=("0877-1122-3344",),
        reason="Kepala rombongan 'ziarah' ke Arab Saudi; pernah ditunda paspornya.",
    ),
    WatchSpec(
        "DEMO-WL-021",
        "PT Lintas Samudra Makmur",
        "kanim-karawang",
        kind="organization",
        aliases=("Lintas Samudera",),
        phones=("0267-841200",),
        reason="Agen kapal ikan; ABK diberangkatkan tanpa perjanjian kerja laut.",
    ),
    # Kanim Soekarno-Hatta (Kota Tangerang 36.71): brokers at the airport.
    WatchSpec(
        "DEMO-WL-022",
        "Muhammad Yusuf Hasibuan",
        "kanim-soetta",
        aliases=("Ucok", "M. Jusuf"),
        born=D(1986, 4, 4),
        sex="L",
        phones=("0811-9090-1010",),
        reason="Menjemput calon PMI di terminal dan mengganti tiket ke Kuala Lumpur.",
    ),
    WatchSpec(
        "DEMO-WL-023",
        "Rina Marlina",
        "kanim-soetta",
        aliases=("Rina Melati", "Mama Rina"),
        born=D(1978, 9, 9),
        sex="P",
        district="327501",
        phones=("0813-7700-5555",),
        reason="Pengurus 'dokumen cepat' di sekitar bandara.",
    ),
    WatchSpec(
        "DEMO-WL-024",
        "Ko Hendra",
        "kanim-soetta",
        aliases=("Hendra Gunawan", "Hendrik"),
        phones=("0812-1000-2000",),
        reason="Penghubung ke jaringan penipuan daring di Myawaddy.",
    ),
    # Kanim Singaraja (Buleleng 51.08) and Kanim Kupang (NTT).
    WatchSpec(
        "DEMO-WL-025",
        "I Ketut Sudarma",
        "kanim-singaraja",
        aliases=("Ketut Darma",),
        born=D(1972, 2, 2),
        sex="L",
        phones=("0819-3600-4400",),
        reason="Merekrut pekerja kapal pesiar tanpa agen berizin.",
    ),
    WatchSpec(
        "DEMO-WL-026",
        "Yohanes Bria",
        "kanim-kupang",
        aliases=("Johanes Bria", "Om Anis"),
        born=D(1980, 10, 30),
        sex="L",
        phones=("0812-3700-8080",),
        reason="Mengirim perempuan muda ke Malaysia lewat Nunukan.",
    ),
    WatchSpec(
        "DEMO-WL-027",
        "Maria Goreti Seran",
        "kanim-kupang",
        aliases=("Mama Maria",),
        born=D(1976, 12, 24),
        sex="P",
        phones=("0821-4500-1200",),
        reason="Penampung di Kupang sebelum penyeberangan.",
    ),
    WatchSpec(
        "DEMO-WL-028",
        "PT Timur Raya Prima Utama",
        "kanim-kupang",
        kind="organization",
        aliases=("Timur Raya",),
        phones=("0380-821000",),
        reason="Perusahaan perekrut yang izin P3MI-nya dicabut.",
    ),
    # National (Direktorat Intelijen Keimigrasian): people seen in several provinces.
    WatchSpec(
        "DEMO-WL-029",
        "Abdurrahman Wahid Nasution",
        aliases=("Abdul Rahman", "Bang Man"),
        born=D(1975, 6, 15),
        sex="L",
        phones=("0811-6000-7000", "+62 813 6000 7000"),
        reason="Koordinator jaringan pengiriman PMI nonprosedural Sumatera Utara–Jawa Timur.",
    ),
    WatchSpec(
        "DEMO-WL-030",
        "Dewi Lestari binti Slamet",
        aliases=("Dewi", "Dewi Lestari Ningsih"),
        born=D(1989, 8, 8),
        sex="P",
        district="351908",
        phones=("0857-9000-1111",),
        reason="Admin grup Facebook 'Lowongan Kerja Luar Negeri Tanpa Biaya'.",
    ),
    WatchSpec(
        "DEMO-WL-031",
        "Haji Slamet Riyadi",
        aliases=("Slamet Rijadi", "Pak Haji"),
        born=D(1960, 11, 11),
        sex="L",
        district="320307",
        reason="Pemodal keberangkatan PMI ke Arab Saudi dengan jaminan sertifikat tanah.",
    ),
    WatchSpec(
        "DEMO-WL-032",
        "Nur Aini Rahmawati",
        aliases=("Nuraini", "Ani"),
        born=D(1995, 1, 19),
        sex="P",
        district="321203",
        phones=("0896-7000-2222",),
        reason="Merekrut lulusan SMK untuk 'magang' di Jepang dengan biaya pelatihan fiktif.",
    ),
    WatchSpec(
        "DEMO-WL-033",
        "Agus Setiawan",
        aliases=("Agus Setyawan", "Gus"),
        born=D(1982, 8, 17),
        sex="L",
        district="350206",
        phones=("0812-5000-3000",),
        reason="Perantara dokumen kependudukan ganda.",
    ),
    WatchSpec(
        "DEMO-WL-034",
        "Tjipto Mangunkusumo",
        aliases=("Cipto",),
        born=D(1971, 4, 1),
        sex="L",
        district="351904",
        reason="Pernah dihukum dalam perkara TPPO 2019; bebas 2024.",
    ),
    WatchSpec(
        "DEMO-WL-035",
        "Fransiskus Xaverius Lake",
        aliases=("Frans Lake",),
        born=D(1984, 12, 3),
        sex="L",
        phones=("0813-3900-4400",),
        reason="Mengirim pekerja ke Malaysia lewat jalur tikus di perbatasan.",
    ),
    WatchSpec(
        "DEMO-WL-036",
        "PT Global Karya Bersama",
        kind="organization",
        aliases=("GKB Recruitment", "Global Karya"),
        phones=("021-5550123",),
        reason="Iklan kerja 'customer service' di Kamboja dan Myanmar melalui media sosial.",
    ),
    WatchSpec(
        "DEMO-WL-037",
        "PT Citra Mulia Nusantara",
        kind="organization",
        aliases=("Citra Mulia",),
        phones=("031-7330099",),
        reason="Bukan P3MI; memotong gaji PMI di Taiwan melalui 'koperasi'.",
    ),
    WatchSpec(
        "DEMO-WL-038",
        "Samsul Hadi",
        aliases=("Samsoel Hadi", "Cak Samsul"),
        born=D(1987, 7, 27),
        sex="L",
        district="350403",
        reason="Mengantar rombongan PMI nonprosedural dari Tulungagung ke Batam.",
    ),
    WatchSpec(
        "DEMO-WL-039",
        "Ratna Sari Dewi",
        aliases=("Ratna", "Mbak Ratna"),
        born=D(1992, 2, 29),
        sex="P",
        district="351501",
        phones=("0822-3300-1100",),
        reason="Menjanjikan pekerjaan di panti jompo Jepang tanpa SSW.",
    ),
    WatchSpec(
        "DEMO-WL-040",
        "Mohammad Chairul Anwar",
        aliases=("Choirul", "Khairul Anwar"),
        born=D(1983, 3, 3),
        sex="L",
        district="357801",
        reason="Sponsor keberangkatan dengan visa turis ke Uni Emirat Arab.",
    ),
)


def load_watchlist(*, actor: Any) -> int:
    """Create the demo watchlist entries that are missing; return how many were created.

    Entries owned by an office the database lacks are loaded as national ones.
    """
    units = {u.code: u for u in Unit.objects.filter(code__in={s.unit for s in WATCHLIST if s.unit})}
    existing = set(
        WatchlistEntry.objects.filter(ref__in=[s.ref for s in WATCHLIST]).values_list("ref", flat=True)
    )
    created = 0
    for spec in WATCHLIST:
        if spec.ref in existing:
            continue
        entry = services.entry_create(
            actor=actor,
            ref=spec.ref,
            kind=spec.kind,
            full_name=spec.full_name,
            aliases=spec.aliases,
            birth_date=spec.born,
            sex=spec.sex,
            nik=spec.nik(),
            phones=spec.phones,
            reason=spec.reason,
            unit=units.get(spec.unit),
        )
        if not spec.active:
            services.entry_set_status(
                actor=actor, entry=entry, status="inactive", reason="Demo: no longer active."
            )
        created += 1
    return created
