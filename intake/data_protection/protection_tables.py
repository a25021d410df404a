"""What data protection records: legal holds, reviews, purge tombstones, subject-access requests.

A hold, a lift, a purge, a released redaction and a disclosure are each also an audit event.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from intake.models import Base
from intake.sealing import OwnKeyRow, SealedText


class LegalHold(Base):
    """A case kept past its retention date (a claim, a complaint, a police inquiry).

    A hold never expires by itself: on its review date it is listed for a decision, and only a
    manager's recorded lift ends it.
    """

    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    approved_by: Mapped[str] = mapped_column(String(64))
    placed_at: Mapped[datetime]
    review_on: Mapped[date] = mapped_column(Date)
    lifted_at: Mapped[datetime | None]
    lifted_by: Mapped[str | None] = mapped_column(String(64))
    lift_reason: Mapped[str | None] = mapped_column(Text)


class RetentionReview(Base):
    """One run of the review: when, by whom, and how much had fallen due (never what)."""

    __tablename__ = "retention_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    cases_due: Mapped[int]
    cases_held: Mapped[int]
    outbox_bodies_erased: Mapped[int]


class PurgeRecord(Base):
    """The tombstone of a purged case: its rows stay, anonymised; this says when and who approved."""

    __tablename__ = "purge_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    purged_at: Mapped[datetime]
    approved_by: Mapped[str] = mapped_column(String(64))
    classes: Mapped[list[str]] = mapped_column(default=list)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)


class SubjectAccessRequest(OwnKeyRow, Base):
    """A person's request for everything held about them, with its one-calendar-month clock.

    Issue 16: the person's details are sealed under the request's own data key, bound to its
    ``seal_token`` (they are only ever read, never compared in SQL: the search uses the parties' indexes).
    """

    __tablename__ = "subject_access_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    received_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    extended_reason: Mapped[str | None] = mapped_column(Text)
    name_sealed: Mapped[str | None] = mapped_column("name", Text)
    name = SealedText[str | None]("name_sealed")
    phone_sealed: Mapped[str | None] = mapped_column("phone", Text)
    phone = SealedText[str | None]("phone_sealed")  # E.164
    email_sealed: Mapped[str | None] = mapped_column("email", Text)
    email = SealedText[str | None]("email_sealed")  # lower-cased
    postcode_sealed: Mapped[str | None] = mapped_column("postcode", Text)
    postcode = SealedText[str | None]("postcode_sealed")
    opened_by: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime]
    released_at: Mapped[datetime | None]
    released_by: Mapped[str | None] = mapped_column(String(64))


class RedactionRelease(Base):
    """A reviewer's decision to release one default redaction, with the reason (DPA 2018 Sch 2 para 16)."""

    __tablename__ = "redaction_releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("subject_access_requests.id"), index=True)
    redaction_key: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    released_by: Mapped[str] = mapped_column(String(64))
    released_at: Mapped[datetime]


class RightsRequest(Base):
    """A request to erase or correct, recorded with the decision and its reason."""

    __tablename__ = "rights_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("subject_access_requests.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # erase or correct
    what: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(16))  # agreed, refused, partly
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime]
