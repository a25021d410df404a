"""The daily retention review: what has fallen due, recorded; outbox bodies erased without approval.

A case is never purged by the review: it is listed for a manager to approve at /staff/retention.
An outbox message's body (the words we sent) is erased 30 days after delivery (``outbox_bodies`` in
the schedule, ``approval = "none"``) by the review itself: the report keeps its own copy of what
matters (the contact log), and a body is only needed while the message may still be retried.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from intake import audit
from intake.case_tables import Case, StaffUser
from intake.casework.errors import Hidden, Refused
from intake.context import Intake
from intake.data_protection.due import DueCase, RetentionView, active_hold, is_due, retention_view
from intake.data_protection.holds import check_manager
from intake.data_protection.protection_tables import RetentionReview
from intake.data_protection.purge import preview
from intake.data_protection.schedule import Schedule
from intake.models import OutboxMessage
from intake.vocabulary import OutboxStatus

OUTBOX_BODIES = "outbox_bodies"


@dataclass(frozen=True)
class ReviewResult:
    view: RetentionView
    outbox_bodies_due: int
    outbox_bodies_erased: int  # 0 on a dry run


def review_retention(intake: Intake, schedule: Schedule, actor: str, *, dry_run: bool) -> ReviewResult:
    """List what fell due; unless a dry run, erase due outbox bodies and record the review (audited)."""
    now, today = intake.clock(), _today(intake)
    with intake.db.begin() as session:
        view = retention_view(session, schedule, now, today)
        due_bodies = _outbox_bodies_due(session, schedule, intake)
        if dry_run:
            return ReviewResult(view, due_bodies, 0)
        erased = _erase_outbox_bodies(session, schedule, intake)
        session.add(
            RetentionReview(
                at=now, actor=actor, cases_due=len(view.due), cases_held=len(view.held), outbox_bodies_erased=erased
            )
        )
        audit.record(
            session,
            at=now,
            actor=actor,
            action="retention_reviewed",
            cases_due=len(view.due),
            outbox_bodies_erased=erased,
        )
        return ReviewResult(view, due_bodies, erased)


def _delivered_before(schedule: Schedule, intake: Intake) -> list[ColumnElement[bool]] | None:
    """Sent messages whose body is still kept, delivered longer ago than the schedule's period."""
    record_class = schedule.named(OUTBOX_BODIES)
    if record_class is None:
        return None
    cutoff = record_class.period.before(intake.clock())
    return [
        OutboxMessage.status == OutboxStatus.SENT.value,
        OutboxMessage.sent_at <= cutoff,
        OutboxMessage.body_sealed != "",
    ]


def _outbox_bodies_due(session: Session, schedule: Schedule, intake: Intake) -> int:
    where = _delivered_before(schedule, intake)
    if where is None:
        return 0
    return session.scalar(select(func.count()).select_from(OutboxMessage).where(*where)) or 0


def _erase_outbox_bodies(session: Session, schedule: Schedule, intake: Intake) -> int:
    where = _delivered_before(schedule, intake)
    if where is None:
        return 0
    result = session.execute(
        update(OutboxMessage).where(*where).values(body_sealed="").execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _today(intake: Intake) -> date:
    return intake.clock().astimezone(intake.calendar.timezone).date()


def retention_overview(intake: Intake, manager: StaffUser, schedule: Schedule) -> RetentionView:
    """What /staff/retention shows a manager: due, held, holds. Viewing is audited."""
    check_manager(manager)
    with intake.db.begin() as session:
        view = retention_view(session, schedule, intake.clock(), _today(intake))
        audit.record(
            session, at=intake.clock(), actor=manager.actor, action="retention_viewed", cases_due=len(view.due)
        )
        return view


def dry_run(intake: Intake, manager: StaffUser, schedule: Schedule) -> list[tuple[DueCase, dict[str, int]]]:
    """What approving every due purge would remove, counted per case; nothing changes."""
    check_manager(manager)
    with intake.db.read() as session:
        view = retention_view(session, schedule, intake.clock(), _today(intake))
        return [(due, preview(session, _case(session, due.reference))) for due in view.due]


def purge_confirmation(intake: Intake, manager: StaffUser, schedule: Schedule, reference: str) -> dict[str, int]:
    """What purging this one case would remove, for the confirmation step; refused if it is not due."""
    check_manager(manager)
    with intake.db.read() as session:
        case = _case(session, reference)
        if active_hold(session, case.id) is not None:
            raise Refused("This case is under a legal hold: lift the hold first.")
        if not is_due(session, schedule, case, intake.clock()):
            raise Refused("This case has not fallen due for purging.")
        return preview(session, case)


def _case(session: Session, reference: str) -> Case:
    case = session.scalar(select(Case).where(Case.reference == reference))
    if case is None:
        raise Hidden(reference)
    return case
