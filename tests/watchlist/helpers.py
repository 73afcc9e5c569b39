"""Small helpers shared by the watchlist tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

HEADER = "ref,kind,full_name,aliases,birth_date,nik,phone\n"


def write(tmp_path: Path, text: str, name: str = "watchlist.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def events_of(event_type: str) -> list[Any]:
    from pimpasa.core.models import TimelineEvent

    return list(TimelineEvent.objects.filter(event_type=event_type).order_by("id"))


def entries() -> list[tuple[Any, ...]]:
    """Return every entry as (ref, kind, full_name, aliases, birth_date, nik, phones), by ref."""
    from pimpasa.watchlist.models import WatchlistEntry

    return list(
        WatchlistEntry.objects.order_by("ref").values_list(
            "ref", "kind", "full_name", "aliases", "birth_date", "nik", "phones"
        )
    )
