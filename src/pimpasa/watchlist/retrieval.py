"""Find the watchlist entries worth scoring for a query, in PostgreSQL (used by ``selectors``).

Scoring every entry in Python would take seconds; a trigram scan of whole names
reads every name sharing a common word ("siti", "budi", "agus" are in thousands)
and takes tens of milliseconds. So candidates come from the words of the name,
through the GIN index on ``WatchlistName.tokens`` (see ``matching.index_tokens``):

1. each distinctive word of the query (not an initial, not ``muhammad``/``siti``)
   is expanded to the spellings of it the vocabulary holds (``WatchlistToken``:
   trigram similarity at least ``TOKEN_SIMILARITY``, edit similarity at least
   ``SPELLING_SIMILARITY``, length within two letters: "santosa" and "santos"
   for "santoso", not "susanto"), and to its old or new spelling with j for y
   ("yeyen" for "jejen");
2. with two or more distinctive words, candidates are the names holding a
   spelling of each of them (of all but one when there are three or more), or of
   two adjacent words written as one ("nurhayati" for "nur hayati"); with exactly
   two, also the names having just one of them ("Siti Aminah" for "Siti Aminah
   Lestari");
3. with one distinctive word, candidates are the names whose only distinctive
   word is a spelling of it ("Siti Aminah" and "Aminah" for "Aminah"), and the
   names that write it as two words ("Nur Hayati" for "Nurhayati");
4. a name missing words of the other reaches a match only with more evidence:
   when the query gives a birth date (or a NIK, which encodes one), the entries
   born that day sharing any word of the name are added, through the index on
   birth dates;
5. entries with the query's NIK or one of its phone numbers are added.

Of the names found in 2 and 3, the ``CANDIDATES_PER_NAME`` most like the query
(trigram similarity of the whole name, computed for those rows only) are taken.
The callers then score the candidates with ``matching.score``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper
from rapidfuzz.distance import OSA

from .matching import (
    JOINED,
    SIGNATURE,
    NameKey,
    Person,
    distinctive_words,
    join_words,
    name_key,
    nik_facts,
    phone_key,
    signature,
)
from .models import (
    DEFAULT_MATCH_THRESHOLD,
    Status,
    WatchlistEntry,
    WatchlistName,
    WatchlistSettings,
    WatchlistToken,
)

#: Trigram similarity from which a vocabulary word may be a spelling of a query word.
TOKEN_SIMILARITY = 0.3
#: Edit similarity (optimal string alignment, 0-1) a spelling must also reach: "santosa" for
#: "santoso" (0.86), not "susanto" (0.43).
SPELLING_SIMILARITY = 0.6
#: Most name rows taken per query name.
CANDIDATES_PER_NAME = 60
#: Most entries taken for a shared NIK or phone number.
EXACT_CANDIDATES = 100

_NAMES = WatchlistName._meta.db_table
_ENTRIES = WatchlistEntry._meta.db_table
_TOKENS = WatchlistToken._meta.db_table
_SETTINGS = WatchlistSettings._meta.db_table

# Trigram-near words, and words of about the same length with the same first letter (a swap
# of two letters, "spoian" for "sopian", breaks most trigrams of a short word).
_SPELLINGS_SQL = f"""
    SELECT q.t, v.token FROM unnest(%s::text[]) AS q(t) JOIN {_TOKENS} v ON v.token %% q.t
    UNION
    SELECT q.t, v.token FROM unnest(%s::text[]) AS q(t) JOIN {_TOKENS} v
    ON left(v.token, 1) = left(q.t, 1) AND length(v.token) BETWEEN length(q.t) - 1 AND length(q.t) + 1
"""  # noqa: S608 - table names come from the models, values are parameters


def set_thresholds(cursor: CursorWrapper) -> float:
    """Prepare this transaction for the search queries and return the configured match threshold.

    ``SET LOCAL`` (as functions, to take parameters): pg_trgm's threshold for the spellings;
    and no sequential or parallel scans, since the planner misjudges how few rows an OR of
    array conditions leaves and a scan of every name takes a hundred times longer than the
    index. The threshold is read in the same round trip.
    """
    cursor.execute(
        "SELECT set_config('pg_trgm.similarity_threshold', %s, true),"  # noqa: S608
        " set_config('enable_seqscan', 'off', true),"
        " set_config('max_parallel_workers_per_gather', '0', true),"
        f" (SELECT match_threshold FROM {_SETTINGS} WHERE id = 1)",
        [str(TOKEN_SIMILARITY)],
    )
    row = cursor.fetchone()
    return float(row[3]) if row and row[3] is not None else float(DEFAULT_MATCH_THRESHOLD)


def _spellings(cursor: CursorWrapper, words: Sequence[str]) -> dict[str, list[str]]:
    """Return each word's variants (``_variants``) and the vocabulary's spellings of it."""
    out = {w: _variants(w) for w in words}
    if words:
        cursor.execute(_SPELLINGS_SQL, [list(words), list(words)])
        for word, spelling in cursor.fetchall():
            if (
                spelling not in out[word]
                and abs(len(spelling) - len(word)) <= 2
                and OSA.normalized_similarity(word, spelling) >= SPELLING_SIMILARITY
            ):
                out[word].append(spelling)
    return out


def _groups(words: list[str], key: NameKey) -> list[list[str]]:
    """Return groups of words a candidate must all hold (a spelling of each); any group will do.

    A word ``"a+b"`` stands for two adjacent query words written as one.
    """
    n = len(words)
    need = n if n <= 2 else n - 1
    groups = [list(c) for c in combinations(words, need)]
    for a, b in pairwise(key.all):
        if a in words and b in words:
            others = [w for w in words if w not in (a, b)]
            rest = [others] if len(others) <= 1 else [list(c) for c in combinations(others, len(others) - 1)]
            groups += [[f"{a}+{b}", *r] for r in rest]
    return groups


def _query_dates(query: Person) -> list[dt.date]:
    """Return the birth dates the query gives: its own, or those its NIK can mean (both centuries)."""
    if query.birth_date:
        return [query.birth_date]
    facts = nik_facts(query.nik) if query.nik else None
    dates = []
    if facts is not None:
        for century in (1900, 2000):
            try:
                dates.append(dt.date(century + facts.year2, facts.month, facts.day))
            except ValueError:
                continue
    return dates


#: The columns of a candidate, in ``Candidate`` order.
_FIELDS = "e.id, e.ref, e.full_name, e.kind, e.aliases, e.birth_date, e.nik, e.phones, e.sex"


@dataclass(frozen=True)
class Candidate:
    """An active entry found for a query, with what scoring needs."""

    id: int
    ref: str
    full_name: str
    kind: str
    aliases: list[str]
    birth_date: dt.date | None
    nik: str
    phones: list[str]
    sex: str

    def person(self) -> Person:
        return Person(
            full_name=self.full_name,
            aliases=tuple(self.aliases),
            birth_date=self.birth_date,
            nik=self.nik,
            phones=tuple(self.phones),
            sex=self.sex,
        )


def _fetch(cursor: CursorWrapper, sql: str, params: Sequence[Any]) -> list[Candidate]:
    cursor.execute(sql, params)
    return [Candidate(*row) for row in cursor.fetchall()]


def _variants(word: str) -> list[str]:
    """Return a word, its j/y swaps, and the mark of names that write it as two words."""
    return list(dict.fromkeys([word, word.replace("j", "y"), word.replace("y", "j"), JOINED + word]))


def _by_name(cursor: CursorWrapper, key: NameKey, dates: list[dt.date]) -> list[Candidate]:
    words = distinctive_words(key)
    spellings = _spellings(cursor, words)
    # Two query words written as one in a name ("nurhayati"): no other spellings, they found
    # "suryadi" for "nurryadi".
    spellings.update(
        {a + b: _variants(join_words(a, b)) for a, b in pairwise(key.all) if a in words and b in words}
    )
    clauses: list[str] = []
    params: list[Any] = []
    if len(words) <= 1:
        # At most one distinctive word: the names with that signature, or writing the word as two.
        if words:
            plain = [s for s in spellings[words[0]] if not s.startswith(JOINED)]
            marks = [SIGNATURE + s for s in plain] + [JOINED + s for s in plain]
        else:
            sig = signature(key)
            marks = [sig] if sig else []
        if not marks:
            return []
        clauses.append("n.tokens && %s::text[]")
        params.append(marks)
    else:
        for group in _groups(words, key):
            clauses.append("(" + " AND ".join(["n.tokens && %s::text[]"] * len(group)) + ")")
            params += [spellings[word.replace("+", "")] for word in group]
        if len(words) == 2:
            # Names with only one of the two words ("Siti Aminah" for "Siti Aminah Lestari").
            clauses.append("n.tokens && %s::text[]")
            params.append([SIGNATURE + s for w in words for s in spellings[w] if not s.startswith(JOINED)])
    # The name rows most like the query first (trigram similarity, computed for the rows found
    # only), in a subquery so that only the best are joined to their entries.
    text = " ".join(sorted(key.all))
    found = _fetch(
        cursor,
        f"SELECT {_FIELDS} FROM (SELECT n.entry_id, row_number() OVER ("  # noqa: S608
        "ORDER BY similarity(n.key, %s) DESC, cardinality(n.tokens), n.entry_id) AS rank "
        f"FROM {_NAMES} n WHERE {' OR '.join(clauses)} ORDER BY rank LIMIT %s) c "
        f"JOIN {_ENTRIES} e ON e.id = c.entry_id AND e.status = %s ORDER BY c.rank",
        [text, *params, CANDIDATES_PER_NAME, Status.ACTIVE],
    )
    if dates:
        # A name missing a word reaches a match only with its birth date: the entries born
        # that day that share any word of the name, through the index on birth dates.
        shared = [s for w in (words or [t for t in key.all if len(t) > 1]) for s in spellings.get(w, [w])]
        shared = [s for s in shared if not s.startswith(JOINED)]
        found += _fetch(
            cursor,
            f"SELECT DISTINCT {_FIELDS} FROM {_ENTRIES} e JOIN {_NAMES} n ON n.entry_id = e.id "  # noqa: S608
            "WHERE e.birth_date = ANY(%s) AND e.status = %s AND n.tokens && %s::text[] "
            "ORDER BY e.id LIMIT %s",
            [dates, Status.ACTIVE, shared, CANDIDATES_PER_NAME],
        )
    return found


def candidates(query: Person) -> list[Candidate]:
    """Return the active entries worth scoring against ``query``, most promising first, each once.

    Call it inside a transaction after ``set_thresholds``.
    """
    out: dict[int, Candidate] = {}
    dates = _query_dates(query)
    with connection.cursor() as cursor:
        seen: set[tuple[str, ...]] = set()
        for name in query.names:
            key = name_key(name)
            if key.all and key.all not in seen:
                seen.add(key.all)
                for found in _by_name(cursor, key, dates):
                    out.setdefault(found.id, found)
        facts = nik_facts(query.nik) if query.nik else None
        phones = [p for p in (phone_key(x) for x in query.phones) if p]
        exact: list[str] = []
        params: list[Any] = [Status.ACTIVE]
        if facts is not None:
            exact.append("e.nik = %s")
            params.append(facts.nik)
        if phones:
            exact.append("e.phones && %s::varchar(16)[]")
            params.append(phones)
        if exact:
            for found in _fetch(
                cursor,
                f"SELECT {_FIELDS} FROM {_ENTRIES} e WHERE e.status = %s "  # noqa: S608
                f"AND ({' OR '.join(exact)}) ORDER BY e.id LIMIT %s",
                [*params, EXACT_CANDIDATES],
            ):
                out.setdefault(found.id, found)
    return list(out.values())
