"""Signals inferred from free text, stored as inferred, with the words that triggered them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from intake.models import Base


class InferredStatus(StrEnum):
    INFERRED = "inferred"  # acting as an answered question, not yet looked at by staff
    CONFIRMED = "confirmed"
    REMOVED = "removed"  # with a reason; its effect on triage undone


class InferredSignal(Base):
    """One signal read from a report's words or a later message's (issue 11; policy 4.4, 4.10, 4.11)."""

    __tablename__ = "inferred_signals"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))  # None: the report's own words
    signal: Mapped[str] = mapped_column(String(32))
    clause: Mapped[str] = mapped_column(String(8))
    words: Mapped[str] = mapped_column(String(200))  # the words that triggered it, normalised
    inferred_at: Mapped[datetime]
    work_id: Mapped[int | None] = mapped_column(ForeignKey("works.id"))  # the works order it started
    # The reporter's answer before the signal acted on it (issue 19), so removing it restores what was said.
    answer_before: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=InferredStatus.INFERRED.value)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
