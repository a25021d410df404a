"""Work on a case: assessment, plan, works, consent-gated disclosures, referrals, notes, closing.

Each function owns its transaction and records an audit event (who, what, when; never content).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit
from intake.case_tables import ActionPlan, Case, CaseAction, CaseEntry, RiskAssessment, StaffUser
from intake.casework.errors import Refused
from intake.casework.lookup import case_reports, visible_case, visible_open_case
from intake.casework.risk import RiskModel
from intake.clock import works_due
from intake.context import Intake
from intake.models import Report, Work
from intake.vocabulary import (
    CASE_HANDLING,
    ActionKind,
    CaseStatus,
    ContactFrequency,
    EntryKind,
    Outcome,
    Priority,
    RiskLevel,
    Role,
    Status,
    WorkKind,
    codes,
)


def record_risk_assessment(
    intake: Intake,
    staff: StaffUser,
    case_reference: str,
    model: RiskModel,
    answers: Mapping[str, bool],
    override: tuple[str, str] | None = None,
) -> str:
    """Score the answers by the configured weights (policy 4.4); an override needs a reason.

    Returns the level; high risk prompts a safeguarding referral on the case page.
    """
    score = model.score(answers)
    level = model.level(score).value
    if override is not None and (override[0] not in codes(RiskLevel) or not override[1].strip()):
        raise Refused("A professional-judgement override needs a level and a reason.")
    with intake.db.begin() as session:
        case = visible_open_case(session, staff, case_reference)
        assessment = RiskAssessment(
            case=case,
            answers={question.id: bool(answers.get(question.id)) for question in model.questions},
            score=score,
            scored_level=level,
            level=override[0] if override else level,
            override_reason=override[1].strip() if override else None,
            assessed_by=staff.actor,
            assessed_at=intake.clock(),
        )
        session.add(assessment)
        _audit(session, intake, staff, "risk_assessed", case, level=assessment.level, overridden=override is not None)
        return assessment.level


def agree_action_plan(
    intake: Intake, staff: StaffUser, case_reference: str, officer_id: int, frequency: str, actions: str
) -> None:
    """An action plan with a named officer and an agreed contact frequency."""
    if frequency not in codes(ContactFrequency) or not actions.strip():
        raise Refused("Choose how often to contact the victim and describe the actions agreed.")
    with intake.db.begin() as session:
        case = visible_open_case(session, staff, case_reference)
        officer = session.get(StaffUser, officer_id)
        if officer is None or officer.disabled or officer.role not in CASE_HANDLING:
            raise Refused("Name an active case officer or manager.")
        session.add(
            ActionPlan(
                case=case,
                officer_id=officer.id,
                contact_frequency=frequency,
                actions=actions.strip(),
                agreed_by=staff.actor,
                agreed_at=intake.clock(),
            )
        )
        _audit(session, intake, staff, "action_plan_agreed", case, officer=officer.actor)


def raise_works(intake: Intake, staff: StaffUser, case_reference: str, kind: str) -> datetime:
    """Order graffiti removal or an emergency repair, due within 24 hours (policy 4.10)."""
    if kind not in codes(WorkKind):
        raise Refused("Choose graffiti removal or emergency repair.")
    with intake.db.begin() as session:
        case = visible_open_case(session, staff, case_reference)
        first = case_reports(session, case.id)[0]
        due = works_due(intake.clock())
        session.add(Work(report_id=first.id, kind=kind, due=due))
        _audit(session, intake, staff, "works_raised", case, kind=kind)
        return due


def complete_works(intake: Intake, staff: StaffUser, case_reference: str, work_id: int) -> bool:
    """Record works done; True if within their 24-hour clock (policy 4.10)."""
    with intake.db.begin() as session:
        case = visible_open_case(session, staff, case_reference)
        work = session.get(Work, work_id)
        if work is None or work.report_id not in {r.id for r in case_reports(session, case.id)}:
            raise Refused("There are no such works on this case.")
        if work.completed_at is not None:
            raise Refused("These works are already recorded as done.")
        if work.cancelled_at is not None:
            raise Refused("These works were cancelled.")
        work.completed_at = intake.clock()
        on_time = work.completed_at <= work.due
        _audit(session, intake, staff, "works_completed", case, kind=work.kind, on_time=on_time)
        return on_time


def record_action(intake: Intake, staff: StaffUser, case_reference: str, kind: str, agency: str, detail: str) -> None:
    """A safeguarding or support referral, tenancy action or security measure (policy 4.4, 4.7, 4.9, 4.10)."""
    if kind not in codes(ActionKind) or not detail.strip():
        raise Refused("Choose the kind of action and describe it.")
    with intake.db.begin() as session:
        case = visible_open_case(session, staff, case_reference)
        session.add(
            CaseAction(
                case=case,
                kind=kind,
                agency=agency.strip() or None,
                detail=detail.strip(),
                recorded_by=staff.actor,
                recorded_at=intake.clock(),
            )
        )
        _audit(session, intake, staff, "action_recorded", case, kind=kind)


def add_entry(intake: Intake, staff: StaffUser, case_reference: str, kind: str, text: str, method: str = "") -> None:
    """A note, or a contact-log entry saying who was contacted and how."""
    if kind not in {EntryKind.NOTE.value, EntryKind.CONTACT.value} or not text.strip():
        raise Refused("Write the note or the contact made.")
    with intake.db.begin() as session:
        case = visible_case(session, staff, case_reference)
        _entry(session, intake, staff, case, kind, text, method or None)
        _audit(session, intake, staff, f"{kind}_added", case)


def close_case(
    intake: Intake, staff: StaffUser, case_reference: str, outcome: str, rationale: str, override: str = ""
) -> None:
    """Close only with an outcome and a recorded rationale, and only when the work is done
    (issue 19): no works outstanding (policy 4.10), and a risk assessment on an immediate-priority
    case (policy 4.4) unless a manager overrides with a reason. The case's reports close with it."""
    if outcome not in codes(Outcome) or not rationale.strip():
        raise Refused("Choose an outcome and record why the case is being closed.")
    with intake.db.begin() as session:
        case = visible_open_case(session, staff, case_reference)
        reports = case_reports(session, case.id)
        _check_closable(session, staff, case, reports, override.strip())
        case.status, case.closed_at = CaseStatus.CLOSED.value, intake.clock()
        case.writable_key(intake.keyring)  # a case from before encryption gets its key to seal with
        case.outcome, case.outcome_rationale = outcome, rationale.strip()
        _set_report_status(session, case, Status.CLOSED)
        _entry(session, intake, staff, case, EntryKind.STATUS.value, f"Closed: {rationale.strip()}", None)
        if override.strip():
            _entry(
                session,
                intake,
                staff,
                case,
                EntryKind.STATUS.value,
                f"Closed without a risk assessment: {override.strip()}",
                None,
            )
        _audit(session, intake, staff, "case_closed", case, outcome=outcome, overridden=bool(override.strip()))


def _check_closable(session: Session, staff: StaffUser, case: Case, reports: list[Report], override: str) -> None:
    if any(work.outstanding for report in reports for work in report.works):
        raise Refused("Works are outstanding on this case: record them done, or cancel them with a reason, first.")
    immediate = any(report.priority == Priority.IMMEDIATE.value for report in reports)
    assessed = session.scalar(select(RiskAssessment.id).where(RiskAssessment.case_id == case.id).limit(1))
    if not immediate or assessed is not None:
        return
    if staff.role != Role.MANAGER.value:
        raise Refused("This immediate-priority case has no risk assessment: record one, or ask a manager (policy 4.4).")
    if not override:
        raise Refused(
            "This immediate-priority case has no risk assessment: record one, or give the reason to close without it."
        )


def cancel_works(intake: Intake, staff: StaffUser, case_reference: str, work_id: int, reason: str) -> None:
    """Works no longer needed are cancelled with a reason, never left outstanding or marked done."""
    if not reason.strip():
        raise Refused("Say why the works are no longer needed.")
    with intake.db.begin() as session:
        case = visible_open_case(session, staff, case_reference)
        work = session.get(Work, work_id)
        if work is None or work.report_id not in {r.id for r in case_reports(session, case.id)}:
            raise Refused("There are no such works on this case.")
        if not work.outstanding:
            raise Refused("These works are already done or cancelled.")
        work.ready_to_seal(intake.keyring)
        work.cancelled_at, work.cancelled_by, work.cancel_reason = intake.clock(), staff.actor, reason.strip()
        _audit(session, intake, staff, "works_cancelled", case, kind=work.kind)


def reopen_case(intake: Intake, staff: StaffUser, case_reference: str, reason: str) -> None:
    """Reopen a closed case, with a reason; its reports return to the queue."""
    if not reason.strip():
        raise Refused("Say why the case is being reopened.")
    with intake.db.begin() as session:
        case = visible_case(session, staff, case_reference)
        if case.status != CaseStatus.CLOSED.value:
            raise Refused("This case is already open.")
        case.status, case.closed_at, case.outcome, case.outcome_rationale = CaseStatus.OPEN.value, None, None, None
        _set_report_status(session, case, Status.OPEN)
        _entry(session, intake, staff, case, EntryKind.STATUS.value, f"Reopened: {reason.strip()}", None)
        _audit(session, intake, staff, "case_reopened", case)


def _set_report_status(session: Session, case: Case, status: Status) -> None:
    for report in case_reports(session, case.id):
        report.status = status.value


def _entry(
    session: Session, intake: Intake, staff: StaffUser, case: Case, kind: str, text: str, method: str | None
) -> None:
    session.add(
        CaseEntry(
            case=case,
            kind=kind,
            method=method,
            text=text.strip(),
            recorded_by=staff.actor,
            recorded_at=intake.clock(),
        )
    )


def _audit(session: Session, intake: Intake, staff: StaffUser, action: str, case: Case, **detail: Any) -> None:
    audit.record(session, at=intake.clock(), actor=staff.actor, action=action, case_id=case.id, **detail)
