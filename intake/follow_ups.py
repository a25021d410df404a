"""A later message is never silent: it is flagged unread, and it reopens a closed report and case.

Called by ``intake.services`` inside the transaction that adds the message. The flag stays in
the queue until a member of staff opens the report; reopening is audited and noted on the case
(policy 4.1: every report gets a person's response; 4.4: the risk may have changed).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit
from intake.case_tables import Case, CaseEntry, CaseReport
from intake.models import Report
from intake.vocabulary import CaseStatus, EntryKind, Status

REOPENED = "Reopened: a new message arrived after the case was closed."


def notice_follow_up(session: Session, report: Report, at: datetime, actor: str) -> None:
    """Mark the report unread (the first unread message's time stays) and reopen it if closed."""
    report.unread_since = report.unread_since or at
    if report.status != Status.CLOSED.value:
        return
    case = session.scalar(select(Case).join(CaseReport).where(CaseReport.report_id == report.id))
    if case is None:
        report.status = Status.OPEN.value
    else:
        _reopen_case(session, case, at, actor)
    audit.record(session, at=at, actor=actor, action="reopened_by_message", report_id=report.id)


def _reopen_case(session: Session, case: Case, at: datetime, actor: str) -> None:
    """As a member of staff reopens one (its reports return to the queue), with the reason noted."""
    case.status, case.closed_at = CaseStatus.OPEN.value, None
    case.outcome, case.outcome_rationale = None, None
    reports = select(Report).join(CaseReport).where(CaseReport.case_id == case.id)
    for report in session.scalars(reports):
        report.status = Status.OPEN.value
    entry = CaseEntry(case=case, kind=EntryKind.STATUS.value, text=REOPENED, recorded_by=actor, recorded_at=at)
    session.add(entry)
    audit.record(session, at=at, actor=actor, action="case_reopened", case_id=case.id)
