"""NM01, the regulator's tenant satisfaction measure: hate-incident cases opened per 1,000 homes.

Counting rule (written beside the figure on the page and in docs/monitoring.md):

- the numerator is the cases opened in the financial year (1 April to 31 March, local time) that are
  still in the hate category now: every case starts there (policy 4.1, 4.3), and one moved out of it
  with a manager's approval ("proven otherwise" or "wholly unreasonable") no longer involves a hate
  incident. A case is counted once, in the year it was opened, however often it is reopened;
  restricted cases (policy 4.11) count like any other.
- the denominator is the latest homes count an admin entered dated on or before 31 March of that
  year: low-cost rental plus low-cost home ownership homes. With no such count there is no rate.
- the rate is cases / homes x 1,000, rounded half up to two decimal places.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.case_tables import Case
from intake.monitoring.monitoring_tables import HomesCount
from intake.monitoring.periods import Period, financial_year, financial_year_label
from intake.vocabulary import Category

MEASURE = "NM01(2)"
MEASURE_NAME = "Number of anti-social behaviour cases that involve hate incidents opened per 1,000 homes"


@dataclass(frozen=True)
class Homes:
    counted_on: date
    low_cost_rental: int
    low_cost_home_ownership: int
    entered_by: str
    entered_at: datetime

    @property
    def total(self) -> int:
        return self.low_cost_rental + self.low_cost_home_ownership


@dataclass(frozen=True)
class NM01:
    year: str  # 2026-27
    period: Period
    cases: int
    homes: Homes | None

    @property
    def rate(self) -> Decimal | None:
        return rate_per_thousand(self.cases, self.homes.total) if self.homes else None


def rate_per_thousand(cases: int, homes: int) -> Decimal | None:
    if homes <= 0:
        return None
    return (Decimal(cases) * 1000 / Decimal(homes)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def nm01(session: Session, day: date, start: datetime, end: datetime) -> NM01:
    """NM01 for the financial year holding ``day``; ``start`` and ``end`` are its UTC bounds."""
    year = financial_year(day)
    cases = (
        select(func.count())
        .select_from(Case)
        .where(Case.opened_at >= start, Case.opened_at < end, Case.category == Category.ASB_SERIOUS_HIGH_RISK.value)
    )
    return NM01(financial_year_label(day), year, session.scalar(cases) or 0, homes_on(session, year.last))


def homes_on(session: Session, day: date) -> Homes | None:
    """The latest homes count dated on or before ``day`` (the last entered, where two share a date)."""
    query = select(HomesCount).where(HomesCount.counted_on <= day)
    row = session.scalar(query.order_by(HomesCount.counted_on.desc(), HomesCount.id.desc()).limit(1))
    return _homes(row) if row else None


def homes_history(session: Session) -> list[Homes]:
    rows = session.scalars(select(HomesCount).order_by(HomesCount.counted_on.desc(), HomesCount.id.desc()))
    return [_homes(row) for row in rows]


def _homes(row: HomesCount) -> Homes:
    return Homes(row.counted_on, row.low_cost_rental, row.low_cost_home_ownership, row.entered_by, row.entered_at)
