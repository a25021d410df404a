"""What monitoring keeps of its own: the homes count NM01 divides by, and case-management reviews.

Every other figure is counted from the records the staff pages write; there is no second set of
counters to drift from them.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from intake.models import Base


class HomesCount(Base):
    """The homes the landlord owns on a date, as an admin entered it; every count is kept (NM01).

    The regulator's denominator is low-cost rental accommodation plus low-cost home ownership.
    """

    __tablename__ = "homes_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    counted_on: Mapped[date] = mapped_column(Date, index=True)
    low_cost_rental: Mapped[int] = mapped_column(Integer)
    low_cost_home_ownership: Mapped[int] = mapped_column(Integer)
    entered_by: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[datetime]

    @property
    def homes(self) -> int:
        return self.low_cost_rental + self.low_cost_home_ownership


class CaseReview(Base):
    """A case-management review (policy 8.1): when, by whom, and what was noted."""

    __tablename__ = "case_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reviewed_on: Mapped[date] = mapped_column(Date)
    reviewer: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime]
