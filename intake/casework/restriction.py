"""A manager restricts a report to managers, or lifts the restriction with a reason (policy 4.11).

Only the web and partner forms ask whether the person responsible is a member of staff; a text,
an email or a later message can say so too, and only a person can tell. Both decisions are
audited (who and when); the reason for lifting is kept on the report, where staff read it.
"""

from __future__ import annotations

from intake import audit
from intake.case_tables import StaffUser
from intake.casework.errors import Refused
from intake.casework.lookup import may_see_restricted, visible_report
from intake.context import Intake

LIFT_REASON_MAX = 500


def restrict_report(intake: Intake, manager: StaffUser, reference: str) -> None:
    """From now on only managers see the report, its case and its reference anywhere."""
    _check_manager(manager)
    with intake.db.begin() as session:
        report = visible_report(session, manager, reference)
        if report.restricted:
            raise Refused("This report is already restricted to managers.")
        report.restricted, report.restriction_lifted_reason = True, None
        audit.record(session, at=intake.clock(), actor=manager.actor, action="report_restricted", report_id=report.id)


def lift_restriction(intake: Intake, manager: StaffUser, reference: str, reason: str) -> None:
    """Let every member of casework staff see the report again, with the reason recorded."""
    _check_manager(manager)
    reason = reason.strip()
    if not reason or len(reason) > LIFT_REASON_MAX:
        raise Refused(f"Say why the restriction is being lifted, in at most {LIFT_REASON_MAX} characters.")
    with intake.db.begin() as session:
        report = visible_report(session, manager, reference)
        if not report.restricted:
            raise Refused("This report is not restricted.")
        report.restricted, report.restriction_lifted_reason = False, reason
        audit.record(session, at=intake.clock(), actor=manager.actor, action="restriction_lifted", report_id=report.id)


def _check_manager(staff: StaffUser) -> None:
    if not may_see_restricted(staff):
        raise Refused("Only a manager can do this.")
