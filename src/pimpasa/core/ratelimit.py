"""Fixed-window rate limits shared by every web process, counted in PostgreSQL.

``rate_hit("public-report:ip:203.0.113.5", limit=10, window=3600)`` counts one use and
returns whether it is still within the limit. One ``INSERT … ON CONFLICT`` per call, so
concurrent requests cannot both slip under the limit.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from .models import RateCounter


def _window_start(now: dt.datetime, window: int) -> dt.datetime:
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % window, tz=dt.UTC)


def rate_hit(key: str, *, limit: int, window: int, now: dt.datetime | None = None) -> bool:
    """Count one use of ``key`` in the current window of ``window`` seconds; return count <= limit."""
    start = _window_start(now or timezone.now(), window)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO core_ratecounter (key, window_start, count) VALUES (%s, %s, 1)
            ON CONFLICT (key, window_start) DO UPDATE SET count = core_ratecounter.count + 1
            RETURNING count
            """,
            [key[:200], start],
        )
        (count,) = cursor.fetchone()
    return bool(count <= limit)


def rate_count(key: str, *, window: int, now: dt.datetime | None = None) -> int:
    """Return how often ``key`` was used in the current window, without counting a use."""
    start = _window_start(now or timezone.now(), window)
    row = (
        RateCounter.objects.filter(key=key[:200], window_start=start).values_list("count", flat=True).first()
    )
    return int(row or 0)


def rate_purge(*, older_than: dt.timedelta = dt.timedelta(days=2)) -> int:
    """Delete counters of windows that started before ``older_than`` ago; return how many."""
    deleted, _ = RateCounter.objects.filter(window_start__lt=timezone.now() - older_than).delete()
    return deleted
