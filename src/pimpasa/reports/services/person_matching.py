"""Match the people of a report against the watchlist and against people named in other reports.

Runs inside the intake transaction (``report_submit``, ``report_add_person``): one
watchlist search and one trigram query per name of the person, a few milliseconds each on
the GIN indexes, so a report with a handful of people is matched before the officer sees
it. Matching runs as the system, whoever submits: a villager's tip about a listed recruiter
must raise the hit even though the villager may not see the watchlist. Who may *see* a
hit is decided when it is shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection
from django.db.models import Q

from pimpasa.watchlist.matching import Person, names_of, nik_facts, rank, search_key
from pimpasa.watchlist.selectors import match_threshold, watchlist_search

from ..models import PersonMatch, ReportPerson

#: Most watchlist hits and most matching people in other reports kept per person.
MAX_WATCHLIST_HITS = 10
MAX_PERSON_MATCHES = 20
#: Best trigram candidates scored per name.
CANDIDATES_PER_NAME = 40
#: ``pg_trgm.word_similarity_threshold`` during retrieval: low, since the Python scoring decides.
WORD_SIMILARITY_THRESHOLD = 0.4

_SEX_AS_KTP = {"M": "L", "F": "P"}


def search_names(full_name: str, aliases: Iterable[str]) -> str:
    """Return the search keys of a person's names, one per line, for ``ReportPerson.search_names``."""
    keys: list[str] = []
    for name in (full_name, *aliases):
        key = search_key(name)
        if key and key not in keys:
            keys.append(key)
    return "\n".join(keys)


def as_person(
    *,
    full_name: str,
    aliases: Sequence[str] = (),
    birth_date: dt.date | None = None,
    nik: str = "",
    phone: str = "",
    sex: str = "",
) -> Person:
    """Return the matching module's view of a person named in a report."""
    return Person(
        full_name=full_name,
        aliases=tuple(aliases),
        birth_date=birth_date,
        nik=nik,
        phones=(phone,) if phone else (),
        sex=_SEX_AS_KTP.get(sex, sex),
    )


def _person_of(row: ReportPerson) -> Person:
    return as_person(
        full_name=row.full_name,
        aliases=row.aliases,
        birth_date=row.birth_date,
        nik=row.nik,
        phone=row.phone,
        sex=row.sex,
    )


_PEOPLE_SQL = f"""
    SELECT id FROM {ReportPerson._meta.db_table}
    WHERE %s <%% search_names AND report_id <> %s
    ORDER BY word_similarity(%s, search_names) DESC, id
    LIMIT %s
"""  # noqa: S608 - the table name comes from the model, values are parameters


def _candidate_people(person: ReportPerson, query: Person) -> list[int]:
    """Return ids of people in other reports worth scoring: similar names, the same NIK or phone."""
    ids: dict[int, None] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(WORD_SIMILARITY_THRESHOLD)],
        )
        for key in names_of(query):
            cursor.execute(_PEOPLE_SQL, [key, person.report_id, key, CANDIDATES_PER_NAME])
            ids.update((row[0], None) for row in cursor.fetchall())
    exact = Q(pk__in=[])
    facts = nik_facts(person.nik) if person.nik else None
    if facts is not None:
        exact |= Q(nik=facts.nik)
    if person.phone:
        # Stored phones are normalised at intake, so equality finds the same number however typed.
        exact |= Q(phone=person.phone)
    if facts is not None or person.phone:
        others = ReportPerson.objects.filter(exact).exclude(report_id=person.report_id)
        ids.update((pk, None) for pk in others.values_list("pk", flat=True)[:200])
    return list(ids)


def _score(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.001"))


def person_matches_compute(*, people: Sequence[ReportPerson]) -> list[PersonMatch]:
    """Replace the stored matches of ``people`` (saved rows of one report) and return the new ones."""
    if not people:
        return []
    PersonMatch.objects.filter(person__in=[p.pk for p in people]).delete()
    threshold = match_threshold()
    found: list[PersonMatch] = []
    for person in people:
        query = _person_of(person)
        for hit in watchlist_search(user=None, query=query, limit=MAX_WATCHLIST_HITS, threshold=threshold):
            found.append(
                PersonMatch(
                    report_id=person.report_id,
                    person=person,
                    entry_id=hit.entry_id,
                    score=_score(hit.score),
                    reasons=list(hit.reasons),
                )
            )
        ids = _candidate_people(person, query)
        if not ids:
            continue
        rows = ReportPerson.objects.in_bulk(ids)
        candidates = ((pk, _person_of(rows[pk])) for pk in ids if pk in rows)
        for pk, result in rank(query, candidates, threshold=threshold, limit=MAX_PERSON_MATCHES):
            found.append(
                PersonMatch(
                    report_id=person.report_id,
                    person=person,
                    other_person_id=pk,
                    other_report_id=rows[pk].report_id,
                    score=_score(result.score),
                    reasons=list(result.reasons),
                )
            )
    return PersonMatch.objects.bulk_create(found)
