"""Assigning several reports to one case officer at once, from the queue (issue 19).

A report already in a case gives that case its officer; a report not yet in a case is accepted into
a new one (the reporter's perception decides, policy 4.3) with that officer. Each report is
audited on its own, as if assigned one by one.
"""

from __future__ import annotations

from collections.abc import Sequence

from intake import audit
from intake.case_tables import StaffUser
from intake.casework.decisions import accept_into_case
from intake.casework.errors import Hidden, Refused
from intake.casework.lookup import case_is_restricted, case_of, may_see_restricted, visible_report
from intake.context import Intake
from intake.vocabulary import CASE_HANDLING


def assign_reports(intake: Intake, staff: StaffUser, references: Sequence[str], officer_id: int) -> int:
    """Give each report's case to the officer; returns how many reports were assigned."""
    if not references:
        raise Refused("Tick the reports to assign.")
    for reference in references:
        _assign_one(intake, staff, reference, officer_id)
    return len(references)


def _assign_one(intake: Intake, staff: StaffUser, reference: str, officer_id: int) -> None:
    with intake.db.begin() as session:
        try:
            report = visible_report(session, staff, reference)
        except Hidden:
            raise Refused(f"There is no report {reference}.") from None
        officer = session.get(StaffUser, officer_id)
        if officer is None or officer.disabled or officer.role not in CASE_HANDLING:
            raise Refused("Choose an active case officer or manager.")
        case = case_of(session, report.id)
        if case is not None and case_is_restricted(session, case.id) and not may_see_restricted(staff):
            raise Refused(f"Report {reference} is part of a case restricted to managers.")  # policy 4.11
        if case is not None:
            case.officer_id = officer.id
            detail = {"case_id": case.id, "officer": officer.actor}
            audit.record(
                session, at=intake.clock(), actor=staff.actor, action="officer_assigned", report_id=report.id, **detail
            )
            return
    accept_into_case(intake, staff, reference, officer_id)
