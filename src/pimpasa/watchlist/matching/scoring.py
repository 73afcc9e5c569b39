"""Score a candidate against a query: the best name similarity, adjusted by the other evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from .identifiers import NikFacts, nik_facts, phone_key
from .names import NameKey, name_key, name_similarity, search_key

BIRTH_DATE_BONUS = 0.35
BIRTH_DATE_PENALTY = 0.30
NIK_DIFFERS_PENALTY = 0.10
NIK_CONFLICT_PENALTY = 0.30
SEX_PENALTY = 0.20
PHONE_BONUS = 0.5
PHONE_FLOOR = 0.80
NIK_FLOOR = 0.95
PATRONYMIC_CONFLICT = 0.5

_SEXES = {
    "l": "L",
    "m": "L",
    "male": "L",
    "laki-laki": "L",
    "p": "P",
    "f": "P",
    "female": "P",
    "perempuan": "P",
}


def _sex(value: str) -> str:
    return _SEXES.get((value or "").strip().lower(), "")


@dataclass(frozen=True)
class Person:
    """One side of a comparison: a watchlist entry, a person named in a report, or a query."""

    full_name: str
    aliases: tuple[str, ...] = ()
    birth_date: dt.date | None = None
    nik: str = ""
    phones: tuple[str, ...] = ()
    #: "L" (male) or "P" (female) as on a KTP; "" when unknown.
    sex: str = ""

    def __post_init__(self) -> None:
        # Lists are accepted for convenience; the dataclass stays hashable.
        object.__setattr__(self, "aliases", tuple(a for a in self.aliases if a and a.strip()))
        object.__setattr__(self, "phones", tuple(p for p in self.phones if p and p.strip()))
        object.__setattr__(self, "sex", _sex(self.sex))

    @property
    def names(self) -> tuple[str, ...]:
        return (self.full_name, *self.aliases)


@dataclass(frozen=True)
class MatchResult:
    """A candidate's score (0-1) and the reasons behind it, strongest evidence last."""

    score: float
    reasons: tuple[str, ...] = ()
    name_score: float = 0.0
    #: The candidate's name (full name or alias) that matched best.
    matched_name: str = ""


@dataclass
class _Evidence:
    score: float
    reasons: list[str] = field(default_factory=list)

    def bonus(self, share: float, reason: str) -> None:
        self.score += share * (1 - self.score)
        self.reasons.append(reason)

    def penalty(self, amount: float, reason: str) -> None:
        self.score -= amount
        self.reasons.append(reason)


def _near_dates(a: dt.date, b: dt.date) -> bool:
    """Return whether two different dates look like one date mistyped."""
    if a.year == b.year and a.day == b.month and a.month == b.day:
        return True
    x, y = a.isoformat(), b.isoformat()
    return sum(1 for p, q in zip(x, y, strict=True) if p != q) == 1


def _nik_matches_date(facts: NikFacts, born: dt.date) -> bool:
    return (facts.day, facts.month, facts.year2) == (born.day, born.month, born.year % 100)


def _best_name(query: Person, candidate: Person) -> tuple[float, int, NameKey, NameKey]:
    best = (-1.0, 0, NameKey(()), NameKey(()))
    for q in query.names:
        kq = name_key(q)
        for index, c in enumerate(candidate.names):
            kc = name_key(c)
            s = name_similarity(kq, kc)
            if s > best[0]:
                best = (s, index, kq, kc)
                if s >= 1.0:
                    return best
    return best


def score(query: Person, candidate: Person) -> MatchResult:
    """Score ``candidate`` against ``query`` (0-1) with the reasons; see the module docstring."""
    name_score, index, kq, kc = _best_name(query, candidate)
    name_score = max(name_score, 0.0)
    ev = _Evidence(name_score, [f"name:{name_score:.2f}"])
    if index > 0:
        ev.reasons.append("via:alias")
    if (
        kq.patronymic
        and kc.patronymic
        and name_similarity(NameKey(kq.patronymic), NameKey(kc.patronymic)) < (PATRONYMIC_CONFLICT)
    ):
        ev.reasons.append("patronymic:conflict")

    q_nik, c_nik = nik_facts(query.nik), nik_facts(candidate.nik)
    if query.birth_date and candidate.birth_date:
        if query.birth_date == candidate.birth_date:
            ev.bonus(BIRTH_DATE_BONUS, "birth_date:match")
        elif _near_dates(query.birth_date, candidate.birth_date):
            ev.reasons.append("birth_date:near")
        else:
            ev.penalty(BIRTH_DATE_PENALTY, "birth_date:conflict")
    else:
        # A side without a birth date lets its NIK speak for it.
        pairs = [(q_nik, candidate.birth_date), (c_nik, query.birth_date)]
        for facts, born in pairs:
            if facts is not None and born is not None:
                if _nik_matches_date(facts, born):
                    ev.bonus(BIRTH_DATE_BONUS, "nik_birth_date:match")
                else:
                    ev.penalty(BIRTH_DATE_PENALTY, "nik_birth_date:conflict")
                break
    nik_match = False
    if q_nik is not None and c_nik is not None:
        if q_nik.nik == c_nik.nik:
            nik_match = True
        elif (q_nik.day, q_nik.month, q_nik.year2, q_nik.sex) == (
            c_nik.day,
            c_nik.month,
            c_nik.year2,
            c_nik.sex,
        ):
            ev.penalty(NIK_DIFFERS_PENALTY, "nik:differs")
        else:
            ev.penalty(NIK_CONFLICT_PENALTY, "nik:conflict")
    q_sex = query.sex or (q_nik.sex if q_nik else "")
    c_sex = candidate.sex or (c_nik.sex if c_nik else "")
    both_from_nik = not query.sex and not candidate.sex
    if q_sex and c_sex and q_sex != c_sex and not both_from_nik:
        ev.penalty(SEX_PENALTY, "sex:conflict")
    q_phones = {k for k in map(phone_key, query.phones) if k}
    c_phones = {k for k in map(phone_key, candidate.phones) if k}
    result = max(0.0, ev.score)
    if q_phones & c_phones:
        result = max(result + PHONE_BONUS * (1 - result), PHONE_FLOOR)
        ev.reasons.append("phone:match")
    if nik_match:
        result = max(result, NIK_FLOOR + (1 - NIK_FLOOR) * name_score)
        ev.reasons.append("nik:match")
    return MatchResult(
        score=round(min(1.0, max(0.0, result)), 3),
        reasons=tuple(ev.reasons),
        name_score=round(name_score, 3),
        matched_name=candidate.names[index] if candidate.names else "",
    )


K = TypeVar("K")


def rank(
    query: Person, candidates: Iterable[tuple[K, Person]], *, threshold: float, limit: int
) -> list[tuple[K, MatchResult]]:
    """Return the candidates scoring at least ``threshold``, best first, at most ``limit``.

    Equal scores keep the order of ``candidates``.
    """
    scored: list[tuple[K, MatchResult]] = []
    for key, person in candidates:
        result = score(query, person)
        if result.score >= threshold:
            scored.append((key, result))
    scored.sort(key=lambda item: -item[1].score)
    return scored[:limit]


def names_of(person: Person) -> Sequence[str]:
    """Return the search keys of a person's names (full name and aliases), without repeats or empties."""
    keys: list[str] = []
    for name in person.names:
        key = search_key(name)
        if key and key not in keys:
            keys.append(key)
    return keys
