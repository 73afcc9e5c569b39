"""SLA deadlines: Indonesian working days (weekends, libur nasional, cuti bersama), WIB clock, hours."""

from __future__ import annotations

import datetime as dt

import pytest

from pimpasa.reports import sla

WIB = sla.JAKARTA
UTC = dt.UTC


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Friday + 3 working days: the weekend is skipped, same clock time.
        (wib(2026, 11, 20, 10, 0), 3, wib(2026, 11, 25, 10, 0)),
        # Monday + 5: a plain week.
        (wib(2026, 11, 16, 8, 15), 5, wib(2026, 11, 23, 8, 15)),
        # Christmas: 24 Dec cuti bersama, 25 Dec libur nasional, then the weekend.
        (wib(2026, 12, 23, 10, 0), 3, wib(2026, 12, 30, 10, 0)),
        # Nyepi and Idulfitri 1447 H: 18 Mar to 24 Mar 2026 are all days off.
        (wib(2026, 3, 17, 14, 30), 3, wib(2026, 3, 27, 14, 30)),
        (wib(2026, 3, 17, 14, 30), 5, wib(2026, 3, 31, 14, 30)),
        (wib(2026, 3, 17, 14, 30), 1, wib(2026, 3, 25, 14, 30)),
        # Received on a Saturday: the clock starts Monday 00:00, so due Thursday 00:00 (end of Wednesday).
        (wib(2026, 11, 21, 10, 0), 3, wib(2026, 11, 26, 0, 0)),
        # Received on Idulfitri itself: the clock starts on Wednesday 25 March.
        (wib(2026, 3, 21, 9, 0), 1, wib(2026, 3, 26, 0, 0)),
        # Zero days on a working day: due at once.
        (wib(2026, 11, 18, 9, 0), 0, wib(2026, 11, 18, 9, 0)),
        # A year lokal-id has no decree for yet: weekends only.
        (wib(2025, 11, 21, 10, 0), 1, wib(2025, 11, 24, 10, 0)),
    ],
)
def test_working_days_skip_weekends_and_public_holidays(start, days, due):
    assert sla.add_working_days(start, days) == due


def test_the_clock_is_read_in_jakarta_time():
    # Friday 20 Nov 2026, 23:30 WIB is 16:30 UTC the same day; the deadline keeps 23:30 WIB.
    start = dt.datetime(2026, 11, 20, 16, 30, tzinfo=UTC)

    due = sla.add_working_days(start, 3)

    assert due == wib(2026, 11, 25, 23, 30)
    assert due.astimezone(UTC) == dt.datetime(2026, 11, 25, 16, 30, tzinfo=UTC)


def test_saturday_in_jakarta_is_friday_in_utc():
    # 00:30 WIB on Saturday is still Friday in UTC: Jakarta's calendar decides.
    start = dt.datetime(2026, 11, 20, 17, 30, tzinfo=UTC)

    assert sla.add_working_days(start, 1) == wib(2026, 11, 24, 0, 0)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (dt.date(2026, 12, 25), False),  # Kelahiran Yesus Kristus
        (dt.date(2026, 12, 24), False),  # cuti bersama
        (dt.date(2026, 3, 21), False),  # Idulfitri 1447 H (a Saturday too)
        (dt.date(2026, 3, 23), False),  # cuti bersama Idulfitri, a Monday
        (dt.date(2026, 8, 17), False),  # Proklamasi Kemerdekaan
        (dt.date(2026, 11, 21), False),  # Saturday
        (dt.date(2026, 11, 22), False),  # Sunday
        (dt.date(2026, 11, 23), True),
        (dt.date(2026, 3, 25), True),
    ],
)
def test_is_working_day(day, working):
    assert sla.is_working_day(day) is working


def test_hours_count_the_clock_through_days_off():
    saturday = wib(2026, 3, 21, 8, 0)

    assert sla.deadline(saturday, hours=4) == wib(2026, 3, 21, 12, 0)
    assert sla.deadline(saturday, hours=24) == wib(2026, 3, 22, 8, 0)


def test_a_policy_in_hours_wins_over_working_days():
    start = wib(2026, 11, 20, 10, 0)

    due = sla.deadlines(
        start, verify_working_days=3, action_working_days=5, verify_hours=4, action_hours=None
    )

    assert due == sla.Deadlines(
        verify_due_at=wib(2026, 11, 20, 14, 0), action_due_at=wib(2026, 11, 27, 10, 0)
    )


def test_no_policy_gives_no_deadline():
    assert sla.deadlines(wib(2026, 11, 20, 10, 0)) == sla.Deadlines(verify_due_at=None, action_due_at=None)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        sla.add_working_days(dt.datetime(2026, 11, 20, 10, 0), 3)
