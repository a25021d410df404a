"""Periods to count over: financial years (April to March), quarters, months and custom ranges. Pure.

A period is a run of whole local days, from its first day to its last inclusive; it is counted as
the instants from local midnight starting its first day up to (not including) local midnight
after its last day, so an instant belongs to exactly one month, quarter and year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

FIRST_MONTH = 4  # the financial year starts on 1 April
# The years a period may touch: wide enough for any record, narrow enough that a year's neighbours
# and its bounds in any time zone are still dates (a typed 9999-06-01 would run into year 10000).
YEARS = range(1900, 3000)


class PeriodError(ValueError):
    """A period that cannot be counted over (a custom range that ends before it starts, a day out of range)."""


@dataclass(frozen=True)
class Period:
    kind: str  # year, quarter, month or custom
    first: date
    last: date  # inclusive

    @property
    def label(self) -> str:
        if self.kind == "year":
            return f"Financial year {financial_year_label(self.first)}"
        if self.kind == "quarter":
            return f"Quarter {quarter_of(self.first)} of {financial_year_label(self.first)}"
        if self.kind == "month":
            return self.first.strftime("%B %Y")
        return f"{self.first:%d %B %Y} to {self.last:%d %B %Y}"

    @property
    def slug(self) -> str:
        """For file names: ``2026-04-01_2027-03-31``."""
        return f"{self.first.isoformat()}_{self.last.isoformat()}"

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The UTC instants [start, end) of the period's local days."""
        start = datetime.combine(self.first, time(0), tzinfo=zone).astimezone(UTC)
        end = datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
        return start, end

    def months(self) -> list[date]:
        """The first day of every calendar month the period touches, in order."""
        found, month = [], self.first.replace(day=1)
        while month <= self.last:
            found.append(month)
            month = next_month(month)
        return found


def financial_year_start(day: date) -> date:
    """1 April of the financial year ``day`` falls in."""
    year = day.year if day.month >= FIRST_MONTH else day.year - 1
    return date(year, FIRST_MONTH, 1)


def financial_year_label(day: date) -> str:
    """``2026-27`` for any day from 1 April 2026 to 31 March 2027, as the regulator writes it."""
    start = financial_year_start(day).year
    return f"{start}-{(start + 1) % 100:02d}"


def quarter_of(day: date) -> int:
    """1 for April to June, ... 4 for January to March."""
    return ((day.month - FIRST_MONTH) % 12) // 3 + 1


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def financial_year(day: date) -> Period:
    start = financial_year_start(day)
    return Period("year", start, date(start.year + 1, FIRST_MONTH, 1) - timedelta(days=1))


def quarter(day: date) -> Period:
    start = financial_year_start(day)
    first = start
    for _ in range(quarter_of(day) - 1):
        first = next_month(next_month(next_month(first)))
    return Period("quarter", first, next_month(next_month(next_month(first))) - timedelta(days=1))


def month(day: date) -> Period:
    first = day.replace(day=1)
    return Period("month", first, next_month(first) - timedelta(days=1))


def custom(first: date, last: date) -> Period:
    if last < first:
        raise PeriodError("The period must end on or after the day it starts.")
    return Period("custom", first, last)


def period_of(kind: str, day: date, last: date | None = None) -> Period:
    """The period of ``kind`` holding ``day`` (or, for custom, from ``day`` to ``last``)."""
    if any(given.year not in YEARS for given in (day, last or day)):
        raise PeriodError(f"That day is outside the dates the figures can be counted for ({YEARS[0]} to {YEARS[-1]}).")
    if kind == "quarter":
        return quarter(day)
    if kind == "month":
        return month(day)
    if kind == "custom":
        return custom(day, last or day)
    return financial_year(day)
