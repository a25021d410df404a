"""The read side of retention: which closed cases have fallen due, which are held, which are purged.

Open cases never fall due. A report not in a case is never closed (reports close with their case),
so it never falls due either: it stays on the queue for staff to accept into a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from intake.case_tables import Case, CaseReport
from intake.data_protection.protection_tables import LegalHold, PurgeRecord
from intake.data_protection.schedule import Schedule
from intake.vocabulary import CaseStatus


@dataclass(frozen=True)
class Hold:
    id: int
    case_reference: str
    reason: str
    approved_by: str
    placed_at: datetime
    review_on: date
    review_due: bool  # its review date has come: a manager decides to keep or lift it


@dataclass(frozen=True)
class DueCase:
    reference: str
    closed_at: datetime
    due_at: datetime
    reports: int
    classes: tuple[str, ...]
    hold: Hold | None


@dataclass(frozen=True)
class RetentionView:
    due: list[DueCase]  # fallen due and not held: a manager may approve each purge
    held: list[DueCase]  # fallen due, kept by a legal hold
    holds: list[Hold]  # every active hold, due or not


def retention_view(session: Session, schedule: Schedule, now: datetime, today: date) -> RetentionView:
    """Everything a manager needs at /staff/retention, as references, dates and classes only."""
    holds = active_holds(session, today)
    held_cases = {hold.case_reference: hold for hold in holds}
    fallen = [
        _due_case(session, schedule, case, held_cases.get(case.reference))
        for case in _fallen_due(session, schedule, now)
    ]
    return RetentionView(
        due=[case for case in fallen if case.hold is None],
        held=[case for case in fallen if case.hold is not None],
        holds=holds,
    )


def is_due(session: Session, schedule: Schedule, case: Case, now: datetime) -> bool:
    """Closed, its period run out, not yet purged (policy 5.5)."""
    if case.status != CaseStatus.CLOSED.value or case.closed_at is None:
        return False
    purged = session.scalar(select(PurgeRecord.id).where(PurgeRecord.case_id == case.id))
    return purged is None and case.closed_at <= schedule.case_period.before(now)


def active_hold(session: Session, case_id: int) -> LegalHold | None:
    return session.scalar(select(LegalHold).where(LegalHold.case_id == case_id, LegalHold.lifted_at.is_(None)))


def active_holds(session: Session, today: date) -> list[Hold]:
    query = (
        select(LegalHold, Case.reference)
        .join(Case, Case.id == LegalHold.case_id)
        .where(LegalHold.lifted_at.is_(None))
        .order_by(LegalHold.review_on, LegalHold.id)
    )
    return [
        Hold(hold.id, reference, hold.reason, hold.approved_by, hold.placed_at, hold.review_on, hold.review_on <= today)
        for hold, reference in session.execute(query)
    ]


def _fallen_due(session: Session, schedule: Schedule, now: datetime) -> list[Case]:
    purged = select(PurgeRecord.case_id)
    query = (
        select(Case)
        .where(
            Case.status == CaseStatus.CLOSED.value,
            Case.closed_at <= schedule.case_period.before(now),
            Case.id.not_in(purged),
        )
        .order_by(Case.closed_at, Case.id)
    )
    return list(session.scalars(query))


def _due_case(session: Session, schedule: Schedule, case: Case, hold: Hold | None) -> DueCase:
    assert case.closed_at is not None
    reports = session.scalar(select(func.count()).where(CaseReport.case_id == case.id)) or 0
    classes = tuple(record_class.name for record_class in schedule.by_trigger_case())
    return DueCase(case.reference, case.closed_at, schedule.case_period.after(case.closed_at), reports, classes, hold)
