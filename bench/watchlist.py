"""Benchmark: watchlist search over 10⁵ generated entries, against a brute-force rapidfuzz scan.

Run from the project root::

    .venv/bin/python bench/watchlist.py [--entries 100000] [--queries 1000] [--seed 7]

It creates a scratch database (a temporary embedded PostgreSQL server, or
``DATABASE_URL``'s server when that is set), migrates it, and in the same run:

1. generates ``--entries`` realistic Indonesian entries (names of several
   traditions, aliases, spelling variants, birth dates, NIKs consistent with
   them, phone numbers, a few organisations) and loads them with the import
   service, as ``pimpasa watchlist import`` does;
2. generates a query set: variants of listed people (exact, old spelling and
   Muhammad variants, reordered tokens, titles and degrees, one typo, compounds
   joined or split), the same names with a conflicting birth date, and names
   that are not on the list (no listed name holds two of their words);
3. times each query through the CLI batch path (``selectors.watchlist_search_many``,
   what ``pimpasa watchlist search --file`` calls) and through the API
   (``POST /api/v1/watchlist/search`` with a bearer token, Django's test client),
   and through a brute-force scan: rapidfuzz over every name of every entry
   (``process.extract``), the best 40 scored with the same ``matching.score``,
   plus exact NIK and phone look-ups;
4. prints p50/p95 per query, the ratio to the brute force, recall (the listed
   person is among the matches, or the limit is filled by matches scoring at
   least as high) and the false-alarm rates (anything returned for a name not on
   the list; the person returned despite a conflicting birth date), and the same
   for other thresholds.

It prints figures only (no assertions) and removes what it created. The goal is
p95 ≤ 20 ms per query.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from regions_import import scratch_database

GOAL_P95_MS = 20.0
#: Thresholds whose recall and false alarms are shown after the timed runs.
SWEEP = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def _words(text: str) -> list[str]:
    return text.split()


MALE = _words(
    """
    agus ahmad andi bambang budi dedi didik eko fajar hadi hendra heru imam joko slamet sugeng
    sutrisno suparman wahyu yusuf rudi rizki arif teguh wawan yanto gunawan hartono iwan irfan
    dimas bayu rahmat hidayat sigit supriyadi sukirman tukiman paijo sarno parman asep dadang ujang
    cecep jajang yayan dede aep ruslan usman ismail ibrahim hasan husein umar ali abdul ilham fauzi
    taufik rahman syaiful samsul nasrul zainal hamzah mansur mustofa khoirul anwar
    """
)
FEMALE = _words(
    """
    siti sri dewi nur rina yuni wati ani tuti endang lestari rahayu ningsih astuti wahyuni fitri
    aminah fatimah khadijah aisyah zainab halimah maryam nurhayati nurjanah nurlaila kartini
    suminah sulastri sundari suparmi tumini warsini ngatini painem sumarni yanti susi lilis euis
    iis enok neneng popon yeyen titin winda indah puspita ratna ratih novi maya dian
    """
)
SECOND = _words(
    """
    santoso susanto setiawan wibowo prasetyo kurniawan hidayat saputra gunawan purnomo sulistyo
    wijaya nugroho hartono pratama utomo firmansyah ramadhan hakim rahman maulana syahputra
    sutrisno suryadi riyadi widodo sudarsono sugiarto hermawan kusuma permana suherman sopian
    saepudin sudrajat mulyana hidayatullah nasution siregar harahap lubis simanjuntak pardede
    sitompul hutapea manurung tambunan rangkuti daulay pohan lestari rahayu handayani wulandari
    anggraini safitri puspitasari kusumawati purwanti susanti yuliani fitriani
    """
)
ORG_WORDS = _words(
    """
    maju jaya abadi sejahtera mandiri sentosa makmur bersama karya sukses mulia bahagia nusantara
    global prima utama mitra citra insani bina tenaga kerja lintas samudra timur raya
    """
)
TITLES_FRONT = ["H.", "Hj.", "Drs.", "Ir.", "Bapak", "Ibu", "Ust.", "KH."]
TITLES_BACK = [", S.H.", ", S.Pd.", ", S.E.", " SE", ", M.M.", ", S.Kom."]
MUHAMMAD = ["Muhammad", "Muhamad", "Mohammad", "Moh.", "Moch.", "M.", "Mochamad"]
DISTRICTS = ["350201", "350202", "350101", "350301", "351901", "352001", "320301", "320305", "321401"]
PHONE_PREFIXES = ["812", "813", "821", "822", "852", "857", "858", "878", "896", "895"]


def _cap(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in name.split())


@dataclass
class Row:
    ref: str
    kind: str
    full_name: str
    aliases: list[str] = field(default_factory=list)
    birth_date: dt.date | None = None
    sex: str = ""
    nik: str = ""
    phones: list[str] = field(default_factory=list)


def _nik(rng: random.Random, born: dt.date, sex: str) -> str:
    day = born.day + (40 if sex == "P" else 0)
    return f"{rng.choice(DISTRICTS)}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randint(1, 9999):04d}"


def _phone(rng: random.Random) -> str:
    return f"0{rng.choice(PHONE_PREFIXES)}{rng.randint(1000000, 99999999)}"


def _more_names() -> tuple[list[str], list[str]]:
    """Return more given and family names from lokal-id's name lists (a private module: optional)."""
    try:
        from lokal.samaran import _names
    except ImportError:
        return [], []
    given = sorted(set(_names.GIVEN_NAMES) - set(MALE) - set(FEMALE))
    family = sorted(set(_names.FAMILY_NAMES) | set(_names.SECOND_NAMES) - set(SECOND))
    return given, family


MORE_GIVEN, MORE_FAMILY = _more_names()
SECOND += MORE_FAMILY


def _person_name(rng: random.Random, sex: str) -> str:
    given = (MALE if sex == "L" else FEMALE) + MORE_GIVEN
    shape = rng.random()
    if shape < 0.10:
        return _cap(rng.choice(given))
    if shape < 0.20 and sex == "L":
        return _cap(f"muhammad {rng.choice(given)} {rng.choice(SECOND)}")
    if shape < 0.70:
        return _cap(f"{rng.choice(given)} {rng.choice(SECOND)}")
    if shape < 0.92:
        return _cap(f"{rng.choice(given)} {rng.choice(given)} {rng.choice(SECOND)}")
    connector = "bin" if sex == "L" else "binti"
    return _cap(f"{rng.choice(given)} {rng.choice(SECOND)} {connector} {rng.choice(MALE)}")


def generate_entries(rng: random.Random, count: int) -> list[Row]:
    rows: list[Row] = []
    for i in range(count):
        ref = f"B{i:06d}"
        if rng.random() < 0.03:
            words = rng.sample(ORG_WORDS, rng.randint(2, 3))
            name = "PT " + _cap(" ".join(words))
            phones = [_phone(rng)] if rng.random() < 0.6 else []
            rows.append(
                Row(
                    ref,
                    "organization",
                    name,
                    [_cap(" ".join(words))] if rng.random() < 0.3 else [],
                    phones=phones,
                )
            )
            continue
        sex = rng.choice("LP")
        name = _person_name(rng, sex)
        row = Row(ref, "person", name, sex=sex)
        if rng.random() < 0.35:
            tokens = name.split()
            row.aliases.append(("Pak " if sex == "L" else "Bu ") + tokens[0])
            if rng.random() < 0.3:
                row.aliases.append(_cap(f"{tokens[0]} {rng.choice(SECOND)}"))
        if rng.random() < 0.7:
            row.birth_date = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 50))
            if rng.random() < 0.55:
                row.nik = _nik(rng, row.birth_date, sex)
        if rng.random() < 0.5:
            row.phones.append(_phone(rng))
        rows.append(row)
    return rows


def to_csv(rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ref", "kind", "full_name", "aliases", "birth_date", "nik", "phone"])
    for r in rows:
        born = r.birth_date.isoformat() if r.birth_date else ""
        writer.writerow([r.ref, r.kind, r.full_name, ";".join(r.aliases), born, r.nik, ";".join(r.phones)])
    return out.getvalue().encode()


# --- Variants -----------------------------------------------------------------------------------


def old_spelling(rng: random.Random, name: str) -> str | None:
    """Write one word of ``name`` as before 1972 (all of its letters), or Muhammad/Ahmad another way."""
    tokens = name.split()
    if tokens[0].lower() == "muhammad":
        return " ".join([rng.choice(MUHAMMAD[1:]), *tokens[1:]])
    if tokens[0].lower() == "ahmad":
        return " ".join(["Achmad", *tokens[1:]])
    rules = (("j", "dj"), ("y", "j"), ("c", "tj"), ("u", "oe"), ("sy", "sj"), ("kh", "ch"))
    options = [i for i, t in enumerate(tokens) if any(new in t.lower() for new, _old in rules)]
    if not options:
        return None
    i = rng.choice(options)
    word = tokens[i].lower()
    for new, old in rules:
        word = word.replace(new, old)
    tokens[i] = _cap(word)
    return " ".join(tokens)


def reorder(rng: random.Random, name: str) -> str | None:
    tokens = name.split()
    if len(tokens) < 2 or "bin" in name.lower():
        return None
    shuffled = tokens[:]
    while shuffled == tokens:
        rng.shuffle(shuffled)
    return " ".join(shuffled)


def titled(rng: random.Random, name: str) -> str:
    front = rng.choice(TITLES_FRONT) + " " if rng.random() < 0.7 else ""
    back = rng.choice(TITLES_BACK) if rng.random() < 0.5 or not front else ""
    return f"{front}{name}{back}"


def typo(rng: random.Random, name: str) -> str | None:
    tokens = name.split()
    long = [i for i, t in enumerate(tokens) if len(t) >= 5 and t.lower() not in ("muhammad", "bin", "binti")]
    if not long:
        return None
    i = rng.choice(long)
    word = tokens[i]
    p = rng.randint(1, len(word) - 2)
    kind = rng.choice(["sub", "del", "ins", "swap"])
    letters = "aeioubdkmnrst"
    if kind == "sub":
        word = word[:p] + rng.choice(letters.replace(word[p].lower(), "")) + word[p + 1 :]
    elif kind == "del":
        word = word[:p] + word[p + 1 :]
    elif kind == "ins":
        word = word[:p] + rng.choice(letters) + word[p:]
    else:
        word = word[:p] + word[p + 1] + word[p] + word[p + 2 :]
    tokens[i] = word
    return " ".join(tokens)


def compound(rng: random.Random, name: str) -> str | None:
    tokens = name.split()
    for i in range(len(tokens) - 1):
        if tokens[i].lower() in ("nur", "sri", "abdul", "siti", "dewi"):
            return " ".join([*tokens[:i], tokens[i] + tokens[i + 1].lower(), *tokens[i + 2 :]])
    for i, t in enumerate(tokens):
        for prefix in ("nur", "abdul", "hidayat"):
            if t.lower().startswith(prefix) and len(t) > len(prefix) + 3:
                return " ".join([*tokens[:i], t[: len(prefix)], _cap(t[len(prefix) :]), *tokens[i + 1 :]])
    return None


@dataclass
class Query:
    qid: str
    kind: str
    full_name: str
    birth_date: dt.date | None
    nik: str
    phone: str
    target: str | None  # the ref that must be found (or must not be, for "dob_conflict")


VARIANTS: dict[str, Callable[[random.Random, str], str | None]] = {
    "exact": lambda rng, name: name,
    "old_spelling": old_spelling,
    "reordered": reorder,
    "titles": titled,
    "typo": typo,
    "compound": compound,
}


def listed_words(rows: list[Row]) -> set[str]:
    """Return, for every listed name, its distinctive words alone and in pairs ("agus", "agus santoso")."""
    from pimpasa.watchlist.matching import distinctive_words, name_key

    taken: set[str] = set()
    for r in rows:
        for name in (r.full_name, *r.aliases):
            words = sorted(distinctive_words(name_key(name)))
            if len(words) == 1:
                taken.add(words[0])
            taken.update(f"{a} {b}" for i, a in enumerate(words) for b in words[i + 1 :])
    return taken


def _near(name: str, taken: set[str]) -> bool:
    """Return whether a listed name holds two words of ``name`` (or, for one word, is that word alone)."""
    from pimpasa.watchlist.matching import distinctive_words, name_key

    words = sorted(distinctive_words(name_key(name)))
    if len(words) <= 1:
        return not words or words[0] in taken
    return any(f"{a} {b}" in taken for i, a in enumerate(words) for b in words[i + 1 :])


def generate_queries(rng: random.Random, rows: list[Row], count: int, taken: set[str]) -> list[Query]:
    people = [r for r in rows if r.kind == "person"]
    queries: list[Query] = []
    per_kind = count // 10
    n = 0
    for kind, make in VARIANTS.items():
        want = per_kind if kind != "typo" else per_kind * 2
        made = 0
        while made < want:
            row = rng.choice(people)
            name = make(rng, row.full_name)
            if not name:
                continue
            born = row.birth_date if row.birth_date and rng.random() < 0.5 else None
            nik = row.nik if row.nik and rng.random() < 0.15 else ""
            phone = row.phones[0] if row.phones and rng.random() < 0.15 else ""
            queries.append(Query(f"q{n}", kind, name, born, nik, phone, row.ref))
            n += 1
            made += 1
    with_dates = [r for r in people if r.birth_date]
    for _ in range(per_kind):
        row = rng.choice(with_dates)
        assert row.birth_date is not None
        other = row.birth_date + dt.timedelta(days=rng.randint(400, 365 * 15))
        queries.append(Query(f"q{n}", "dob_conflict", row.full_name, other, "", "", row.ref))
        n += 1
    absent = count - len(queries)
    made = 0
    while made < absent:
        sex = rng.choice("LP")
        name = _person_name(rng, sex)
        if _near(name, taken):
            continue
        born = (
            dt.date(1955, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 50)) if rng.random() < 0.5 else None
        )
        queries.append(Query(f"q{n}", "absent", name, born, "", "", None))
        n += 1
        made += 1
    return queries


# --- Running ------------------------------------------------------------------------------------


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


class BruteForce:
    """Every name of every entry scanned with rapidfuzz, the best candidates scored like the real search."""

    def __init__(self) -> None:
        from pimpasa.watchlist.matching import Person, normalize_name
        from pimpasa.watchlist.models import Status, WatchlistEntry

        self.people: dict[int, tuple[str, str, Any]] = {}
        self.keys: list[str] = []
        self.owner: list[int] = []
        self.by_nik: dict[str, list[int]] = defaultdict(list)
        self.by_phone: dict[str, list[int]] = defaultdict(list)
        for pk, ref, name, aliases, born, nik, phones, sex in WatchlistEntry.objects.filter(
            status=Status.ACTIVE
        ).values_list("pk", "ref", "full_name", "aliases", "birth_date", "nik", "phones", "sex"):
            person = Person(name, tuple(aliases), born, nik, tuple(phones), sex)
            self.people[pk] = (ref, name, person)
            for n in person.names:
                self.keys.append(normalize_name(n))
                self.owner.append(pk)
            if nik:
                self.by_nik[nik].append(pk)
            for p in phones:
                self.by_phone[p].append(pk)

    def search(self, query: Any, *, limit: int, threshold: float) -> list[tuple[str, float]]:
        from rapidfuzz import fuzz, process

        from pimpasa.watchlist.matching import nik_facts, normalize_name, phone_key, rank

        ids: dict[int, None] = {}
        for name in query.names:
            key = normalize_name(name)
            if key:
                for _choice, _score, index in process.extract(
                    key, self.keys, scorer=fuzz.token_sort_ratio, limit=40
                ):
                    ids[self.owner[index]] = None
        facts = nik_facts(query.nik)
        if facts:
            ids.update((pk, None) for pk in self.by_nik.get(facts.nik, []))
        for phone in query.phones:
            ids.update((pk, None) for pk in self.by_phone.get(phone_key(phone) or "", []))
        ranked = rank(query, ((pk, self.people[pk][2]) for pk in ids), threshold=threshold, limit=limit)
        return [(self.people[pk][0], result.score) for pk, result in ranked]


def evaluate(
    queries: list[Query],
    found: dict[str, list[tuple[str, float]]],
    target_score: Callable[[Query], float],
    *,
    limit: int,
    threshold: float = 0.0,
) -> dict[str, tuple[int, int]]:
    """Return per query kind: (queries, good outcomes), counting matches at or above ``threshold``.

    A listed person counts as found when returned, or when the matches filled the limit
    with scores at least as high as theirs: common names ("Pak Budi") tie with dozens.
    """
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for q in queries:
        matches = found[q.qid]
        refs = [ref for ref, score_ in matches if score_ >= threshold]
        if q.kind == "absent":
            good = not refs
        elif q.kind == "dob_conflict":
            good = q.target not in refs
        else:
            target = target_score(q)
            crowded = len(matches) >= limit and matches[-1][1] >= target >= threshold
            good = q.target in refs or crowded
        out[q.kind][0] += 1
        out[q.kind][1] += int(good)
    return {k: (v[0], v[1]) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pimpasa.settings")
    os.environ.setdefault("PIMPASA_SECRET_KEY", "benchmark-only-not-secret")
    os.environ.setdefault("PIMPASA_LOG_LEVEL", "WARNING")
    rng = random.Random(args.seed)
    with scratch_database() as where:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from pimpasa.accounts import services as accounts
        from pimpasa.core.roles import Role
        from pimpasa.organization import services as organization
        from pimpasa.organization.models import UnitKind
        from pimpasa.watchlist import selectors, services
        from pimpasa.watchlist.matching import Person, score
        from pimpasa.watchlist.permissions import SYSTEM

        call_command("migrate", verbosity=0, interactive=False)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            (version,) = cursor.fetchone()

        rows = generate_entries(rng, args.entries)
        data = to_csv(rows)
        started = time.perf_counter()
        result = services.watchlist_import(actor=SYSTEM, data=data, file_name="bench.csv")
        import_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE watchlist_watchlistname")
            cursor.execute("VACUUM ANALYZE watchlist_watchlistentry")
            cursor.execute("SELECT count(*) FROM watchlist_watchlistname")
            (name_rows,) = cursor.fetchone()

        taken = listed_words(rows)
        queries = generate_queries(rng, rows, args.queries, taken)
        people = {
            q.qid: Person(
                q.full_name, birth_date=q.birth_date, nik=q.nik, phones=(q.phone,) if q.phone else ()
            )
            for q in queries
        }
        threshold = selectors.match_threshold()

        # Warm the caches of both paths once, outside the timings.
        selectors.watchlist_search_many(user=SYSTEM, queries=[("warm", people[queries[0].qid])])

        cli_times: list[float] = []
        cli_found: dict[str, list[str]] = {}
        for q in queries:
            t0 = time.perf_counter()
            ((_qid, matches),) = selectors.watchlist_search_many(
                user=SYSTEM, queries=[(q.qid, people[q.qid])]
            )
            cli_times.append(time.perf_counter() - t0)
            cli_found[q.qid] = [(m.ref, m.score) for m in matches]

        unit = organization.unit_create(
            actor=None, code="bench-ditjen", name="Ditjen (bench)", kind=UnitKind.DITJEN
        )
        from pimpasa.accounts.models import User

        user = User.objects.create_user(username="bench_national", password=None)
        organization.posting_set(actor=None, user=user, unit=unit, roles=[Role.NATIONAL])
        _token, raw = accounts.token_create(actor=None, user=user, name="bench", days=None)
        client = Client(SERVER_NAME="localhost", HTTP_AUTHORIZATION=f"Bearer {raw}")
        api_times: list[float] = []
        api_found: dict[str, list[str]] = {}
        for q in queries:
            body = {"full_name": q.full_name, "nik": q.nik, "phone": q.phone, "limit": 10}
            if q.birth_date:
                body["birth_date"] = q.birth_date.isoformat()
            t0 = time.perf_counter()
            response = client.post("/api/v1/watchlist/search", body, content_type="application/json")
            api_times.append(time.perf_counter() - t0)
            assert response.status_code == 200, response.content
            api_found[q.qid] = [(m["ref"], m["score"]) for m in response.json()["matches"]]

        # The same searches with a low threshold, untimed, to show what other thresholds would give.
        swept = dict(
            (qid, [(m.ref, m.score) for m in matches])
            for qid, matches in selectors.watchlist_search_many(
                user=SYSTEM, queries=[(q.qid, people[q.qid]) for q in queries], threshold=min(SWEEP)
            )
        )

        started = time.perf_counter()
        brute = BruteForce()
        brute_setup = time.perf_counter() - started
        brute_times: list[float] = []
        brute_found: dict[str, list[str]] = {}
        for q in queries:
            t0 = time.perf_counter()
            brute_found[q.qid] = brute.search(people[q.qid], limit=10, threshold=threshold)
            brute_times.append(time.perf_counter() - t0)

    cli_p50, cli_p95 = _ms(cli_times)
    api_p50, api_p95 = _ms(api_times)
    brute_p50, brute_p95 = _ms(brute_times)
    print(f"watchlist benchmark — PostgreSQL {version}, {where}")
    print(
        f"entries: {result.created:,} ({name_rows:,} name keys), imported in {import_seconds:.1f} s; "
        f"queries: {len(queries):,}; threshold {threshold:.2f}"
    )
    print()
    print(f"{'path':<34}{'p50 ms':>9}{'p95 ms':>9}   goal p95 <= {GOAL_P95_MS:.0f} ms")
    print(f"{'CLI batch (watchlist_search_many)':<34}{cli_p50:>9.2f}{cli_p95:>9.2f}")
    print(f"{'API POST /watchlist/search':<34}{api_p50:>9.2f}{api_p95:>9.2f}")
    print(
        f"{'brute-force rapidfuzz scan':<34}{brute_p50:>9.2f}{brute_p95:>9.2f}"
        f"   (+{brute_setup:.1f} s to load)"
    )
    print(f"{'ratio brute force / CLI':<34}{brute_p50 / cli_p50:>8.1f}x{brute_p95 / cli_p95:>8.1f}x")
    print()
    listed = {
        r.ref: Person(r.full_name, tuple(r.aliases), r.birth_date, r.nik, tuple(r.phones), r.sex)
        for r in rows
    }

    def target_score(q: Query) -> float:
        return score(people[q.qid], listed[q.target]).score if q.target else 0.0

    db = evaluate(queries, cli_found, target_score, limit=10)
    bf = evaluate(queries, brute_found, target_score, limit=10)
    labels = {
        "exact": "recall: exact name",
        "old_spelling": "recall: old spelling / Muhammad",
        "reordered": "recall: tokens reordered",
        "titles": "recall: titles and degrees",
        "typo": "recall: one typo",
        "compound": "recall: compound joined/split",
        "dob_conflict": "suppressed: conflicting birth date",
        "absent": "no match: name not listed",
    }
    print(f"{'query set':<38}{'n':>6}{'database':>10}{'brute':>10}")
    for kind, label in labels.items():
        n, good = db.get(kind, (0, 0))
        _n, good_bf = bf.get(kind, (0, 0))
        if n:
            print(f"{label:<38}{n:>6}{good / n:>10.1%}{good_bf / n:>10.1%}")
    positives = [k for k in VARIANTS]
    n_pos = sum(db[k][0] for k in positives if k in db)
    recall = sum(db[k][1] for k in positives if k in db) / n_pos
    recall_bf = sum(bf[k][1] for k in positives if k in bf) / n_pos
    absent_n, absent_good = db.get("absent", (1, 1))
    conflict_n, conflict_good = db.get("dob_conflict", (1, 1))
    print(f"{'recall over all variants':<38}{n_pos:>6}{recall:>10.1%}{recall_bf:>10.1%}")
    print(
        f"{'false alarms: absent names':<38}{absent_n:>6}{1 - absent_good / absent_n:>10.1%}"
        f"{1 - bf['absent'][1] / absent_n:>10.1%}"
    )
    print(
        f"{'false alarms: birth-date conflicts':<38}{conflict_n:>6}{1 - conflict_good / conflict_n:>10.1%}"
        f"{1 - bf['dob_conflict'][1] / conflict_n:>10.1%}"
    )
    same = sum(1 for q in queries if cli_found[q.qid] == api_found[q.qid])
    print(f"CLI and API answers identical for {same:,} of {len(queries):,} queries")
    print()
    print(f"{'threshold':<12}{'recall':>10}{'false alarms (absent)':>24}{'(birth-date conflict)':>24}")
    for t in SWEEP:
        at = evaluate(queries, swept, target_score, limit=10, threshold=t)
        n = sum(at[k][0] for k in positives if k in at)
        found_ = sum(at[k][1] for k in positives if k in at)
        fa_absent = 1 - at["absent"][1] / at["absent"][0]
        fa_conflict = 1 - at["dob_conflict"][1] / at["dob_conflict"][0]
        mark = "  (configured)" if abs(t - threshold) < 1e-9 else ""
        print(f"{t:<12.2f}{found_ / n:>10.1%}{fa_absent:>24.1%}{fa_conflict:>24.1%}{mark}")


if __name__ == "__main__":
    main()
