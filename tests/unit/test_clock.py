"""The working-day clock (policy 4.1) and the 24-hour works clock (policy 4.10)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake.clock import WorkingCalendar, response_due, works_due

LONDON = ZoneInfo("Europe/London")
CALENDAR = WorkingCalendar(LONDON, time(17, 0), "ENG")


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # An ordinary weekday: Tuesday morning -> Wednesday 17:00.
        (london(2026, 11, 24, 9, 30), london(2026, 11, 25, 17, 0)),
        # Received after close of business still counts from its own date.
        (london(2026, 11, 24, 18, 45), london(2026, 11, 25, 17, 0)),
        # Friday before the August bank holiday -> Tuesday.
        (london(2026, 8, 28, 15, 0), london(2026, 9, 1, 17, 0)),
        # Christmas Eve: Christmas, a weekend and the substitute Boxing Day are skipped.
        (london(2026, 12, 24, 11, 0), london(2026, 12, 29, 17, 0)),
        # A Saturday -> Monday.
        (london(2026, 11, 21, 12, 0), london(2026, 11, 23, 17, 0)),
        # The clocks go back on Sunday 25 Oct 2026: due Monday 17:00 GMT.
        (london(2026, 10, 24, 12, 0), london(2026, 10, 26, 17, 0)),
        # 23:30 UTC on Monday 29 June is already Tuesday in London -> Wednesday 17:00 BST.
        (datetime(2026, 6, 29, 23, 30, tzinfo=UTC), london(2026, 7, 1, 17, 0)),
        # Good Friday and Easter Monday 2026 are skipped.
        (london(2026, 4, 2, 10, 0), london(2026, 4, 7, 17, 0)),
    ],
)
def test_response_is_due_at_close_of_business_on_the_next_working_day(received: datetime, due: datetime) -> None:
    assert response_due(received, CALENDAR) == due


def test_due_time_after_clocks_go_back_is_in_gmt() -> None:
    due = response_due(london(2026, 10, 24, 12, 0), CALENDAR)
    assert due == datetime(2026, 10, 26, 17, 0, tzinfo=UTC)


def test_due_time_in_summer_is_in_bst() -> None:
    due = response_due(datetime(2026, 6, 29, 23, 30, tzinfo=UTC), CALENDAR)
    assert due == datetime(2026, 7, 1, 16, 0, tzinfo=UTC)


def test_close_of_business_is_configurable() -> None:
    calendar = WorkingCalendar(LONDON, time(16, 30), "ENG")
    assert response_due(london(2026, 11, 24, 9, 0), calendar) == london(2026, 11, 25, 16, 30)


def test_scottish_calendar_uses_scottish_bank_holidays() -> None:
    # 30 November (St Andrew's Day) is a bank holiday in Scotland, not in England.
    scotland = WorkingCalendar(LONDON, time(17, 0), "SCT")
    assert response_due(london(2026, 11, 27, 9, 0), scotland) == london(2026, 12, 1, 17, 0)
    assert response_due(london(2026, 11, 27, 9, 0), CALENDAR) == london(2026, 11, 30, 17, 0)


def test_works_are_due_24_calendar_hours_after_receipt_even_over_a_weekend() -> None:
    assert works_due(london(2026, 11, 27, 16, 0)) == london(2026, 11, 28, 16, 0)


def test_works_clock_counts_real_hours_across_the_clock_change() -> None:
    received = london(2026, 10, 24, 12, 0)  # BST; 24 hours later it is 11:00 GMT
    assert works_due(received) == london(2026, 10, 25, 11, 0)


def test_naive_receipt_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        response_due(datetime(2026, 11, 24, 9, 0), CALENDAR)


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(UTC)))
def test_every_due_time_is_a_later_working_day_at_close_of_business(received: datetime) -> None:
    due = response_due(received, CALENDAR)
    local_due = due.astimezone(LONDON)
    assert due > received
    assert local_due.time() == time(17, 0)
    assert CALENDAR.is_working_day(local_due.date())
    assert local_due.date() > received.astimezone(LONDON).date()
    # The next working day, not a later one: nothing in between is a working day.
    day = received.astimezone(LONDON).date() + timedelta(days=1)
    while day < local_due.date():
        assert not CALENDAR.is_working_day(day)
        day += timedelta(days=1)
