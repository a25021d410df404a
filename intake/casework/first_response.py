"""The first response to a report (policy 4.1), honest for people nobody can contact (issue 19).

Contact made or attempted stops the one-working-day clock. For an anonymous report, or one where
no party marked any way safe, there is nobody to contact: staff record "reviewed; no safe way to
contact" and what was done instead, which stops the clock truthfully instead of a letter never sent.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from intake import audit
from intake.case_tables import FirstResponse, StaffUser
from intake.casework.errors import Refused
from intake.casework.lookup import visible_report
from intake.context import Intake
from intake.models import Report
from intake.vocabulary import NO_METHOD, FirstContact, ResponseMethod, Status, codes

NOBODY = "There is nobody to contact on this report: record that there was no safe way to contact."


def safe_ways(report: Report) -> frozenset[str] | None:
    """The methods some party marked safe, in person always among them; None when nobody can be
    contacted (every party anonymous or with no safe method). With no party recorded, all are offered."""
    if not report.parties:
        return frozenset(codes(ResponseMethod))
    methods = {m for p in report.parties if not p.anonymous for m in p.safe_methods}
    if not methods:
        return None
    return frozenset(methods & codes(ResponseMethod)) | {ResponseMethod.IN_PERSON.value}


def response_choices(intake: Intake, staff: StaffUser, reference: str) -> frozenset[str] | None:
    """What the first-response form may offer for this report."""
    with intake.db.read() as session:
        return safe_ways(visible_report(session, staff, reference))


def record_first_response(
    intake: Intake, staff: StaffUser, reference: str, contact: str, method: str, instead: str = ""
) -> bool:
    """Stop the one-working-day clock (policy 4.1). True if it was met."""
    with intake.db.begin() as session:
        report = visible_report(session, staff, reference)
        method = _checked(report, contact, method, instead)
        if report.first_response_at is not None:
            raise Refused("The first response to this report is already recorded.")
        return _record(session, intake, staff, report, contact, method, instead.strip() or None)


def _checked(report: Report, contact: str, method: str, instead: str) -> str:
    """The method to store, once the answers fit who can be contacted on this report."""
    ways = safe_ways(report)
    if ways is None:
        if contact != FirstContact.NO_SAFE_WAY.value:
            raise Refused(NOBODY)
        if not instead.strip():
            raise Refused("Say what was done instead of contact.")
        return NO_METHOD
    if contact not in {FirstContact.MADE.value, FirstContact.ATTEMPTED.value}:
        raise Refused("Say whether contact was made or attempted.")
    if method not in ways:
        raise Refused("Choose how contact was made or attempted, by a way the person marked safe.")
    return method


def _record(
    session: Session, intake: Intake, staff: StaffUser, report: Report, contact: str, method: str, instead: str | None
) -> bool:
    now = intake.clock()
    met = now <= report.response_due
    response = FirstResponse(report=report, at=now, contact=contact, method=method, met=met, recorded_by=staff.actor)
    response.ready_to_seal(intake.keyring)
    response.instead = instead  # sealed under the report's key (issue 16)
    session.add(response)
    report.first_response_at = now
    if report.status == Status.NEW.value:
        report.status = Status.OPEN.value
    detail = {"met": met, "contact": contact, "method": method}
    audit.record(session, at=now, actor=staff.actor, action="first_response_recorded", report_id=report.id, **detail)
    return met
