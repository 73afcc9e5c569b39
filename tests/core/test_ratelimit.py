"""Rate limits counted in PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from pimpasa.core.models import RateCounter
from pimpasa.core.ratelimit import rate_count, rate_hit, rate_purge

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 11, 23, 12, 0, 5, tzinfo=dt.UTC)


def test_allows_up_to_the_limit_then_refuses_within_the_window() -> None:
    results = [rate_hit("ip:1", limit=3, window=60, now=NOON) for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert rate_count("ip:1", window=60, now=NOON) == 5


def test_a_new_window_starts_a_new_count() -> None:
    for _ in range(3):
        rate_hit("ip:2", limit=3, window=60, now=NOON)
    assert rate_hit("ip:2", limit=3, window=60, now=NOON + dt.timedelta(seconds=60)) is True


def test_keys_are_counted_apart() -> None:
    assert rate_hit("ip:3", limit=1, window=60, now=NOON) is True
    assert rate_hit("ip:4", limit=1, window=60, now=NOON) is True
    assert rate_hit("ip:3", limit=1, window=60, now=NOON) is False


def test_purge_deletes_old_windows_only() -> None:
    rate_hit("old", limit=1, window=60, now=NOON - dt.timedelta(days=3))
    rate_hit("new", limit=1, window=60)
    assert rate_purge() == 1
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["new"]
