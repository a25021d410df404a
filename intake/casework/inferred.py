"""Staff decide on signals inferred from a report's words: confirm them, or remove them with a reason.

Removing one undoes what it did (a works order, immediate priority, the restriction), so the
reason is required and audited (issue 11; policy 4.4, 4.10, 4.11).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from intake import audit
from intake.case_tables import StaffUser
from intake.casework.errors import Hidden, Refused
from intake.casework.lookup import visible_report
from intake.context import Intake
from intake.models import Report
from intake.reading import retriage
from intake.reading.stored import InferredSignal, InferredStatus


def confirm_inferred(intake: Intake, staff: StaffUser, reference: str, inferred_id: int) -> str:
    """Staff agree with what was read; the signal's name, for the page's message."""
    with intake.db.begin() as session:
        report, inferred = _open(session, staff, reference, inferred_id)
        now = intake.clock()
        retriage.confirm(inferred, staff.actor, now)
        _audit(session, report, inferred, staff, "inferred_signal_confirmed")
        return inferred.signal


def remove_inferred(intake: Intake, staff: StaffUser, reference: str, inferred_id: int, reason: str) -> str:
    """Staff say the words do not mean this; the reason is kept beside the signal and audited."""
    if not reason.strip():
        raise Refused("Say why the signal does not apply.")
    with intake.db.begin() as session:
        report, inferred = _open(session, staff, reference, inferred_id)
        now = intake.clock()
        retriage.remove(session, report, inferred, staff.actor, now, reason.strip())
        _audit(session, report, inferred, staff, "inferred_signal_removed", priority=report.priority)
        return inferred.signal


def _open(session: Session, staff: StaffUser, reference: str, inferred_id: int) -> tuple[Report, InferredSignal]:
    report = visible_report(session, staff, reference)  # a restricted report: managers only (policy 4.11)
    inferred = session.get(InferredSignal, inferred_id)
    if inferred is None or inferred.report_id != report.id:
        raise Hidden(reference)
    if inferred.status != InferredStatus.INFERRED.value:
        raise Refused("This signal has already been decided.")
    return report, inferred


def _audit(
    session: Session, report: Report, inferred: InferredSignal, staff: StaffUser, action: str, **extra: str
) -> None:
    audit.record(
        session,
        at=inferred.decided_at or report.received_at,
        actor=staff.actor,
        action=action,
        report_id=report.id,
        signal=inferred.signal,
        inferred_id=inferred.id,
        **extra,
    )
