"""Deadlines of reports in Indonesian working days (pure: no ORM).

Rules, in Asia/Jakarta local time (WIB):

- A working day is a Monday to Friday that is neither a national holiday (libur nasional)
  nor a collective leave day (cuti bersama), as ``lokal-id`` lists them from the yearly
  SKB 3 Menteri. For a year ``lokal-id`` has no decree for yet, only weekends are days off.
- A deadline of N working days falls at the same clock time N working days later:
  received Friday 10:00 with 3 working days → due Wednesday 10:00.
- A report received on a day off starts its clock at 00:00 of the next working day:
  received Saturday 10:00 with 3 working days → the clock starts Monday 00:00 → due
  Thursday 00:00, i.e. at the end of Wednesday.
- A deadline in hours (critical reports) counts clock hours, days off included: trafficking
  does not wait for Monday.
- When a policy gives both, hours win.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import lokal

__all__ = [
    "JAKARTA",
    "Deadlines",
    "add_working_days",
    "deadline",
    "deadlines",
    "is_working_day",
]

JAKARTA = ZoneInfo("Asia/Jakarta")


@lru_cache(maxsize=4096)
def is_working_day(day: dt.date) -> bool:
    """Return whether ``day`` is a working day of government offices (no weekend, holiday, cuti bersama)."""
    try:
        return lokal.is_working_day(day)
    except ValueError:
        # No SKB for that year in lokal-id yet: count weekends only rather than refuse a deadline.
        return day.weekday() < 5


def _next_working_day(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(start: dt.datetime, days: int, *, tz: dt.tzinfo = JAKARTA) -> dt.datetime:
    """Return the moment ``days`` working days after ``start`` (aware), at the same local clock time.

    A ``start`` on a day off counts from 00:00 of the next working day.
    """
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime")
    if days < 0:
        raise ValueError("days must not be negative")
    local = start.astimezone(tz)
    day = local.date()
    clock = local.time()
    if not is_working_day(day):
        day = _next_working_day(day)
        clock = dt.time.min
    for _ in range(days):
        day = _next_working_day(day)
    return dt.datetime.combine(day, clock, tzinfo=tz)


def deadline(
    start: dt.datetime, *, working_days: int | None = None, hours: int | None = None, tz: dt.tzinfo = JAKARTA
) -> dt.datetime | None:
    """Return the deadline ``hours`` clock hours or ``working_days`` working days after ``start``.

    Hours win when both are given; None when neither is.
    """
    if hours is not None:
        return start + dt.timedelta(hours=hours)
    if working_days is not None:
        return add_working_days(start, working_days, tz=tz)
    return None


@dataclass(frozen=True)
class Deadlines:
    """When a report must be verified and first acted on."""

    verify_due_at: dt.datetime | None
    action_due_at: dt.datetime | None


def deadlines(
    start: dt.datetime,
    *,
    verify_working_days: int | None = None,
    action_working_days: int | None = None,
    verify_hours: int | None = None,
    action_hours: int | None = None,
) -> Deadlines:
    """Return both deadlines of a policy counted from ``start``."""
    return Deadlines(
        verify_due_at=deadline(start, working_days=verify_working_days, hours=verify_hours),
        action_due_at=deadline(start, working_days=action_working_days, hours=action_hours),
    )
