"""Finding a report or case for a member of staff inside a service's transaction.

Restricted reports (the person responsible is a member of staff) exist only for managers
(policy 4.11): to anyone else they are not found, and neither is a case that holds one.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from intake.case_tables import Case, CaseReport, StaffUser
from intake.casework.errors import Hidden, Refused
from intake.models import Report
from intake.vocabulary import CaseStatus, Role


def may_see_restricted(viewer: StaffUser) -> bool:
    return viewer.role == Role.MANAGER.value


def visible_report(session: Session, viewer: StaffUser, reference: str) -> Report:
    report = session.scalar(select(Report).where(Report.reference == reference))
    if report is None or (report.restricted and not may_see_restricted(viewer)):
        raise Hidden(reference)
    return report


def visible_case(session: Session, viewer: StaffUser, reference: str) -> Case:
    case = session.scalar(select(Case).where(Case.reference == reference))
    if case is None or (case_is_restricted(session, case.id) and not may_see_restricted(viewer)):
        raise Hidden(reference)
    return case


def visible_open_case(session: Session, viewer: StaffUser, reference: str) -> Case:
    """A case that can still be worked on: a closed one must be reopened first."""
    case = visible_case(session, viewer, reference)
    if case.status != CaseStatus.OPEN.value:
        raise Refused("This case is closed. Reopen it first.")
    return case


def case_is_restricted(session: Session, case_id: int) -> bool:
    restricted = exists().where(
        CaseReport.case_id == case_id, CaseReport.report_id == Report.id, Report.restricted.is_(True)
    )
    return bool(session.scalar(select(restricted)))


def case_of(session: Session, report_id: int) -> Case | None:
    return session.scalar(select(Case).join(CaseReport).where(CaseReport.report_id == report_id))


def case_reports(session: Session, case_id: int) -> list[Report]:
    query = select(Report).join(CaseReport).where(CaseReport.case_id == case_id).order_by(Report.received_at)
    return list(session.scalars(query))
