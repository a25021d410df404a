"""Legal holds: a manager keeps a case past its retention date, and only a manager's decision ends it.

A hold records its reason, who approved it and when it is next reviewed; it never expires by
itself (issue 17). Placing and lifting are audit events.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit
from intake.case_tables import Case, StaffUser
from intake.casework.errors import Refused
from intake.casework.lookup import visible_case
from intake.context import Intake
from intake.data_protection.due import active_hold
from intake.data_protection.protection_tables import LegalHold, PurgeRecord
from intake.vocabulary import Role

REASON_MAX = 2000


def check_manager(staff: StaffUser) -> None:
    """Retention and subject access are managers' decisions (policy 8.1)."""
    if staff.role != Role.MANAGER.value:
        raise Refused("Only a manager can do this.")


def place_hold(intake: Intake, manager: StaffUser, case_reference: str, reason: str, review_on: date) -> int:
    """Keep a case from being purged until a manager lifts the hold; returns the hold's id."""
    check_manager(manager)
    reason = _reason(reason, "Say why the case must be kept")
    if review_on <= intake.clock().astimezone(intake.calendar.timezone).date():
        raise Refused("Choose a review date in the future.")
    with intake.db.begin() as session:
        case = visible_case(session, manager, case_reference)
        if purged(session, case.id):
            raise Refused("This case has already been purged.")
        if active_hold(session, case.id) is not None:
            raise Refused("This case is already held.")
        hold = LegalHold(
            case_id=case.id, reason=reason, approved_by=manager.actor, placed_at=intake.clock(), review_on=review_on
        )
        session.add(hold)
        session.flush()
        audit.record(
            session,
            at=intake.clock(),
            actor=manager.actor,
            action="legal_hold_placed",
            case_id=case.id,
            hold_id=hold.id,
        )
        return hold.id


def lift_hold(intake: Intake, manager: StaffUser, hold_id: int, reason: str) -> str:
    """End a hold by an explicit, recorded decision; returns the case's reference."""
    check_manager(manager)
    reason = _reason(reason, "Say why the hold is being lifted")
    with intake.db.begin() as session:
        hold = session.get(LegalHold, hold_id)
        if hold is None or hold.lifted_at is not None:
            raise Refused("This hold is not in place.")
        hold.lifted_at, hold.lifted_by, hold.lift_reason = intake.clock(), manager.actor, reason
        audit.record(
            session,
            at=intake.clock(),
            actor=manager.actor,
            action="legal_hold_lifted",
            case_id=hold.case_id,
            hold_id=hold.id,
        )
        return session.get_one(Case, hold.case_id).reference


def purged(session: Session, case_id: int) -> bool:
    return session.scalar(select(PurgeRecord.id).where(PurgeRecord.case_id == case_id)) is not None


def _reason(reason: str, missing: str) -> str:
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise Refused(f"{missing}, in at most {REASON_MAX} characters.")
    return reason
