"""Reads of the watchlist: the list, one entry, the settings, and the name search.

Every function first checks that the user reads the watchlist at all: for a user
without an intelligence role it does not exist (``NotFound``); its readers read
all of it (``WatchlistEntry.objects.visible_to``). ``user=SYSTEM`` (None) reads
everything: commands and jobs.

The search takes candidates from PostgreSQL (``retrieval``: names sharing a
spelling of the query's words, entries sharing its NIK or a phone number) and
scores them in Python with ``matching.score``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from pimpasa.core.errors import NotFound

from . import permissions, retrieval
from .filters import WatchlistFilters
from .matching import MatchResult, Person, rank
from .models import DEFAULT_MATCH_THRESHOLD, WatchlistEntry, WatchlistSettings

#: Most matches one search returns.
MAX_LIMIT = 100


def watchlist_settings() -> WatchlistSettings:
    """Return the watchlist settings (the seeded row, or the defaults if it is missing)."""
    return WatchlistSettings.objects.filter(id=1).first() or WatchlistSettings(
        id=1, match_threshold=DEFAULT_MATCH_THRESHOLD
    )


def match_threshold() -> float:
    return float(watchlist_settings().match_threshold)


def _readable(user: Any) -> QuerySet[WatchlistEntry]:
    permissions.ensure_can_read(user)
    return WatchlistEntry.objects.visible_to(user)


def entry_list(*, user: Any, filters: WatchlistFilters | None = None) -> QuerySet[WatchlistEntry]:
    """Return the entries the user may read, filtered, with their owning office loaded."""
    entries = _readable(user).select_related("unit").order_by("full_name", "ref")
    return (filters or WatchlistFilters()).apply(entries)


def entry_get(*, user: Any, ref: str) -> WatchlistEntry:
    """Return the entry ``ref`` if the user may read the watchlist."""
    entry = _readable(user).select_related("unit", "created_by").filter(ref=ref).first()
    if entry is None:
        raise NotFound(_("No such watchlist entry."))
    return entry


@dataclass(frozen=True)
class Match:
    """A watchlist entry found by a search, with its score and reasons."""

    entry_id: int
    ref: str
    full_name: str
    kind: str
    score: float
    reasons: tuple[str, ...]
    result: MatchResult

    def as_dict(self) -> dict[str, Any]:
        """Return the shape the CLI and the API print: ``{"ref", "full_name", "score", "reasons"}``."""
        return {
            "ref": self.ref,
            "full_name": self.full_name,
            "score": self.score,
            "reasons": list(self.reasons),
        }


def _search(query: Person, *, limit: int, threshold: float) -> list[Match]:
    found = retrieval.candidates(query)
    by_id = {c.id: c for c in found}
    # Candidates in retrieval order, so equal scores keep a stable order.
    ranked = rank(query, ((c.id, c.person()) for c in found), threshold=threshold, limit=limit)
    return [
        Match(
            entry_id=pk,
            ref=by_id[pk].ref,
            full_name=by_id[pk].full_name,
            kind=by_id[pk].kind,
            score=result.score,
            reasons=result.reasons,
            result=result,
        )
        for pk, result in ranked
    ]


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def watchlist_search(
    *, user: Any, query: Person, limit: int = 10, threshold: float | Decimal | None = None
) -> list[Match]:
    """Return the active entries matching ``query`` at or above the threshold, best first, at most ``limit``.

    ``threshold`` defaults to the configured one (``WatchlistSettings``).
    """
    # Readers of the watchlist read all of it, so the candidates need no further filter.
    permissions.ensure_can_read(user)
    with transaction.atomic():
        with connection.cursor() as cursor:
            configured = retrieval.set_thresholds(cursor)
        cutoff = configured if threshold is None else float(threshold)
        return _search(query, limit=_limit(limit), threshold=cutoff)


def watchlist_search_many(
    *, user: Any, queries: Sequence[tuple[str, Person]], limit: int = 10, threshold: float | None = None
) -> list[tuple[str, list[Match]]]:
    """Search each ``(qid, person)`` of a batch, in order, with one settings read and one transaction."""
    permissions.ensure_can_read(user)
    with transaction.atomic():
        with connection.cursor() as cursor:
            configured = retrieval.set_thresholds(cursor)
        cutoff = configured if threshold is None else float(threshold)
        return [(qid, _search(query, limit=_limit(limit), threshold=cutoff)) for qid, query in queries]
