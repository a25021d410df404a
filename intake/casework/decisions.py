"""Decisions on reports: open one, accept it into a case, link it, classify it, respond to it.

Each function owns its transaction and records an audit event (who, what, when; never content).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit
from intake.case_tables import Case, CaseReport, CategoryDecision, StaffUser
from intake.casework.errors import Gone, Hidden, Refused
from intake.casework.lookup import (
    case_is_restricted,
    case_of,
    case_reports,
    may_see_restricted,
    visible_case,
    visible_report,
)
from intake.casework.read_side import CaseView, ReportView, load_case, load_report, report_view
from intake.context import Intake
from intake.models import Attachment, Report
from intake.sealing import Owner
from intake.vocabulary import (
    CASE_HANDLING,
    CaseStatus,
    Category,
    Characteristic,
    DowngradeReason,
    IncidentType,
    Role,
    Status,
    codes,
)


def open_report(intake: Intake, viewer: StaffUser, reference: str) -> ReportView:
    """Everything a report holds, for staff allowed to see it. Every view is audited."""
    with intake.db.begin() as session:
        visible_report(session, viewer, reference)
        report = load_report(session, reference)
        assert report is not None
        restricted = may_see_restricted(viewer)
        view = report_view(
            session, report, include_restricted=restricted, keyring=intake.keyring, raw_renderers=intake.raw_renderers
        )
        report.unread_since = None  # opened by a person: its later messages are read
        _audit(session, intake, viewer, "report_viewed", report.id)
    return view


def open_case(intake: Intake, viewer: StaffUser, reference: str) -> CaseView:
    """A case and everything recorded on it. Every view is audited."""
    with intake.db.begin() as session:
        case = visible_case(session, viewer, reference)
        view = load_case(session, reference)
        assert view is not None
        _audit(session, intake, viewer, "case_viewed", None, case_id=case.id)
    return view


def download_attachment(intake: Intake, viewer: StaffUser, reference: str, attachment_id: int) -> tuple[bytes, str]:
    """An attachment's bytes and name, only for staff who may see its report. Audited."""
    with intake.db.begin() as session:
        report = visible_report(session, viewer, reference)
        attachment = session.get(Attachment, attachment_id)
        if attachment is None or attachment.report_id != report.id:
            raise Hidden(reference)
        if report.key_destroyed:
            raise Gone(reference)  # the file went with the key (intake.sealing.upkeep.destroy_data_keys)
        _audit(session, intake, viewer, "attachment_downloaded", report.id, attachment_id=attachment.id)
        storage_name, filename = attachment.storage_name, attachment.filename
    return intake.attachments.open(storage_name), filename


def accept_into_case(intake: Intake, staff: StaffUser, reference: str, officer_id: int | None = None) -> str:
    """Accept a report as a hate incident: a new case in the serious/high-risk category (policy 4.3).

    The case is assigned at once (issue 19): to the officer named, or else to whoever accepted it
    if they handle cases; a triage officer who names nobody leaves it for the case page to ask.
    """
    with intake.db.begin() as session:
        report = _unlinked(session, staff, reference)
        officer = _officer_for(session, staff, officer_id)
        now = intake.clock()
        case = Case(
            reference=report.reference,
            first_report_id=report.id,
            category=Category.ASB_SERIOUS_HIGH_RISK.value,  # policy 4.1, 4.3: the victim's view decides
            status=CaseStatus.OPEN.value,
            officer_id=officer.id if officer else None,
            opened_at=now,
            opened_by=staff.actor,
            **_new_key_columns(intake, report.reference),
        )
        session.add(case)
        session.flush()
        _link(session, case, report, staff, now)
        _audit(session, intake, staff, "accepted_into_case", report.id, case_id=case.id)
        if officer is not None:
            _audit(session, intake, staff, "officer_assigned", report.id, case_id=case.id, officer=officer.actor)
        return case.reference


def _new_key_columns(intake: Intake, reference: str) -> dict[str, object]:
    """A new case's own data key, for its own records; each linked report keeps its own (issue 16)."""
    return intake.keyring.new_data_key(Owner("cases", reference)).columns()


def _officer_for(session: Session, staff: StaffUser, officer_id: int | None) -> StaffUser | None:
    if officer_id is None:
        return staff if staff.role in CASE_HANDLING else None
    officer = session.get(StaffUser, officer_id)
    if officer is None or officer.disabled or officer.role not in CASE_HANDLING:
        raise Refused("Choose an active case officer or manager.")
    return officer


def link_to_case(intake: Intake, staff: StaffUser, reference: str, case_reference: str) -> str:
    """Make a further report of the same incident (victim, witness, agency) part of an open case."""
    with intake.db.begin() as session:
        report = _unlinked(session, staff, reference)
        try:
            case = visible_case(session, staff, case_reference.strip().upper())
        except Hidden:
            raise Refused(f"There is no case {case_reference}.") from None
        if case.status != CaseStatus.OPEN.value:
            raise Refused(f"Case {case.reference} is closed. Reopen it first.")
        _link(session, case, report, staff, intake.clock())
        _audit(session, intake, staff, "linked_to_case", report.id, case_id=case.id)
        return case.reference


def confirm_classification(
    intake: Intake, staff: StaffUser, reference: str, characteristics: Sequence[str], incident_types: Sequence[str]
) -> None:
    """Staff confirm what a free-text report is about (policy 2.1, 2.2); suggestions are never applied alone."""
    if not set(characteristics) <= codes(Characteristic) or not set(incident_types) <= codes(IncidentType):
        raise Refused("Choose from the listed characteristics and incident types.")
    with intake.db.begin() as session:
        report = visible_report(session, staff, reference)
        report.characteristics, report.incident_types = list(characteristics), list(incident_types)
        _audit(session, intake, staff, "classification_confirmed", report.id)


def assign_officer(intake: Intake, staff: StaffUser, case_reference: str, officer_id: int) -> None:
    """Give the case to a named case officer or manager."""
    with intake.db.begin() as session:
        case = visible_case(session, staff, case_reference)
        officer = session.get(StaffUser, officer_id)
        if officer is None or officer.disabled or officer.role not in CASE_HANDLING:
            raise Refused("Choose an active case officer or manager.")
        case.officer_id = officer.id
        _audit(session, intake, staff, "officer_assigned", None, case_id=case.id, officer=officer.actor)


def request_category_change(
    intake: Intake, staff: StaffUser, case_reference: str, to_category: str, reason: str, explanation: str
) -> bool:
    """Move a case out of serious/high-risk: only "proven otherwise" or "wholly unreasonable", and
    only with a manager's approval (policy 4.3). A manager's own request is their approval.

    Returns whether the change took effect now.
    """
    if reason not in codes(DowngradeReason):
        raise Refused("Choose why: it was proven otherwise, or it is wholly unreasonable (policy 4.3).")
    if to_category not in {Category.ASB_STANDARD.value, Category.NOT_ASB.value} or not explanation.strip():
        raise Refused("Choose the new category and explain the decision.")
    with intake.db.begin() as session:
        case = visible_case(session, staff, case_reference)
        _check_downgradable(session, case)
        decision = CategoryDecision(
            case=case,
            from_category=case.category,
            to_category=to_category,
            reason=reason,
            explanation=explanation.strip(),
            requested_by=staff.actor,
            requested_at=intake.clock(),
        )
        session.add(decision)
        session.flush()
        _audit(session, intake, staff, "category_change_requested", None, case_id=case.id, reason=reason)
        if staff.role == Role.MANAGER.value:
            _apply(session, intake, case, decision, staff)
        return decision.approved_at is not None


def approve_category_change(intake: Intake, manager: StaffUser, case_reference: str, decision_id: int) -> None:
    """A manager approves a requested move out of the serious/high-risk category (policy 4.3)."""
    if manager.role != Role.MANAGER.value:
        raise Refused("Only a manager can approve this.")
    with intake.db.begin() as session:
        case = visible_case(session, manager, case_reference)
        decision = session.get(CategoryDecision, decision_id)
        if decision is None or decision.case_id != case.id or decision.approved_at is not None:
            raise Refused("There is no request waiting for approval.")
        _apply(session, intake, case, decision, manager)


def _check_downgradable(session: Session, case: Case) -> None:
    if case.category != Category.ASB_SERIOUS_HIGH_RISK.value:
        raise Refused("This case is already outside the serious/high-risk category.")
    pending = select(CategoryDecision.id).where(
        CategoryDecision.case_id == case.id, CategoryDecision.approved_at.is_(None)
    )
    if session.scalar(pending) is not None:
        raise Refused("A request to change the category is already waiting for a manager.")


def _apply(session: Session, intake: Intake, case: Case, decision: CategoryDecision, manager: StaffUser) -> None:
    decision.approved_by, decision.approved_at = manager.actor, intake.clock()
    case.category = decision.to_category
    for report in case_reports(session, case.id):
        report.category = decision.to_category
    _audit(session, intake, manager, "category_changed", None, case_id=case.id, to=decision.to_category)


def _unlinked(session: Session, staff: StaffUser, reference: str) -> Report:
    report = visible_report(session, staff, reference)
    existing = case_of(session, report.id)
    if existing is not None and case_is_restricted(session, existing.id) and not may_see_restricted(staff):
        raise Refused("This report is already part of a case.")  # whose reference is restricted (policy 4.11)
    if existing is not None:
        raise Refused(f"This report is already part of case {existing.reference}.")
    return report


def _link(session: Session, case: Case, report: Report, staff: StaffUser, now: object) -> None:
    session.add(CaseReport(case_id=case.id, report_id=report.id, linked_at=now, linked_by=staff.actor))
    report.category = case.category
    if report.status == Status.NEW.value:
        report.status = Status.OPEN.value


def _audit(
    session: Session, intake: Intake, staff: StaffUser, action: str, report_id: int | None, **detail: object
) -> None:
    audit.record(session, at=intake.clock(), actor=staff.actor, action=action, report_id=report_id, **detail)
