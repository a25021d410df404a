"""The working-day clock: when a response and the 24-hour works are due. Pure functions.

Policy 4.1: respond to a report within one working day. We read that as close of business
on the next working day after the local date the landlord received it. Policy 4.10: graffiti
removal and emergency repairs within 24 hours, counted in calendar hours from receipt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

WORKS_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class WorkingCalendar:
    """Where and when the landlord works: its time zone, close of business and bank holidays."""

    timezone: ZoneInfo
    close_of_business: time
    holidays_region: str = "ENG"  # England & Wales bank holidays by default

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in _bank_holidays(self.holidays_region, day.year)

    def next_working_day_after(self, day: date) -> date:
        candidate = day + timedelta(days=1)
        while not self.is_working_day(candidate):
            candidate += timedelta(days=1)
        return candidate

    def local_date(self, instant: datetime) -> date:
        return _aware(instant).astimezone(self.timezone).date()

    def close_of_business_on(self, day: date) -> datetime:
        """Close of business on ``day``, local wall-clock time, as an aware instant."""
        return datetime.combine(day, self.close_of_business, tzinfo=self.timezone)


def response_due(received_at: datetime, calendar: WorkingCalendar) -> datetime:
    """Close of business on the next working day after the local date of receipt (policy 4.1)."""
    day = calendar.next_working_day_after(calendar.local_date(received_at))
    return calendar.close_of_business_on(day).astimezone(UTC)


def works_due(received_at: datetime) -> datetime:
    """Graffiti removal or emergency repair: 24 calendar hours after receipt (policy 4.10)."""
    return _aware(received_at).astimezone(UTC) + WORKS_WINDOW


def utc_now() -> datetime:
    """The application's clock. received_at comes from here, never the database server."""
    return datetime.now(UTC)


def _aware(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("naive datetime: receipt times must be time-zone aware")
    return instant


@lru_cache(maxsize=64)
def _bank_holidays(region: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=region, years=year)
