"""Month by month: reports received and cases opened, and reports by area and month (policy 5.6),
and the time to first response. Months are the landlord's local calendar months."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func
from sqlalchemy.orm import Session

from intake.case_tables import Case
from intake.models import Report
from intake.monitoring.bases import CASES, REPORTS, Scope, based
from intake.monitoring.figures import district
from intake.monitoring.periods import Period, month


@dataclass(frozen=True)
class MonthCount:
    month: date  # its first day
    reports: int
    cases: int


@dataclass(frozen=True)
class AreaRow:
    area: str
    counts: tuple[int, ...]  # one a month, in the order of the period's months

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class ResponseTimes:
    """Hours from receipt to the first response (calendar hours), over reports with one recorded."""

    responded: int
    median_hours: float | None
    p90_hours: float | None


def _month_sums(column: Any, period: Period, zone: ZoneInfo) -> list[Any]:
    sums: list[Any] = []
    for first in period.months():
        start, end = month(first).bounds(zone)
        sums.append(func.sum(case((and_(column >= start, column < end), 1), else_=0)))
    return sums


def by_month(session: Session, period: Period, scope: Scope, zone: ZoneInfo) -> list[MonthCount]:
    """Reports received and cases opened in each month of the period."""
    reports = session.execute(based(REPORTS, scope, _month_sums(Report.received_at, period, zone))).one()
    cases = session.execute(based(CASES, scope, _month_sums(Case.opened_at, period, zone))).one()
    return [
        MonthCount(first, int(r or 0), int(c or 0)) for first, r, c in zip(period.months(), reports, cases, strict=True)
    ]


def by_area_and_month(session: Session, period: Period, scope: Scope, zone: ZoneInfo) -> list[AreaRow]:
    """Reports received by postcode district and month, busiest area first."""
    query = based(REPORTS, scope, [Report.postcode_area, *_month_sums(Report.received_at, period, zone)])
    folded: dict[str, list[int]] = {}
    for area, *counts in session.execute(query.group_by(Report.postcode_area)):
        row = folded.setdefault(district(area), [0] * len(counts))
        for index, count in enumerate(counts):
            row[index] += int(count or 0)
    rows = [AreaRow(area, tuple(counts)) for area, counts in folded.items()]
    return sorted(rows, key=lambda row: (-row.total, row.area))


def response_times(session: Session, scope: Scope) -> ResponseTimes:
    """The median and 90th percentile (nearest rank) of the time to first response."""
    query = based(REPORTS, scope, [Report.received_at, Report.first_response_at]).where(
        Report.first_response_at.is_not(None)
    )
    hours = sorted(_hours(received, responded) for received, responded in session.execute(query))
    return ResponseTimes(len(hours), nearest_rank(hours, 50), nearest_rank(hours, 90))


def _hours(received: datetime, responded: datetime) -> float:
    return (responded - received).total_seconds() / 3600


def nearest_rank(values: list[float], percent: int) -> float | None:
    """The nearest-rank percentile of sorted ``values``: the smallest value with at least
    ``percent`` per cent of the values at or below it."""
    if not values:
        return None
    return values[max(1, math.ceil(percent / 100 * len(values))) - 1]
