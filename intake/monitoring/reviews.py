"""The case-review list (policy 8.1): open cases that need a manager's look, and why.

An open case is listed when one of these fell due and no review has been recorded since:

- not reviewed: ``weeks`` weeks after the last review's date (or after the case was opened);
- no risk assessment: none recorded by close of business on the ``working_days``-th working day
  after the local date the case's first report was received (policy 4.4);
- no contact: the latest action plan's agreed frequency has passed since the last contact-log entry
  (or since the plan was agreed, if later): daily 1 day, twice weekly 4 days (3.5 rounded up),
  weekly 7, fortnightly 14, monthly 31.

Recording a review takes the case off the list until the next of these falls due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased

from intake.case_tables import ActionPlan, Case, CaseEntry, RiskAssessment, StaffUser
from intake.clock import WorkingCalendar
from intake.models import Report
from intake.monitoring.bases import FIRST_REPORT, case_restricted
from intake.monitoring.monitoring_tables import CaseReview
from intake.vocabulary import CaseStatus, ContactFrequency, EntryKind

NOT_REVIEWED, NO_RISK_ASSESSMENT, NO_CONTACT = "not_reviewed", "no_risk_assessment", "no_contact"
CONTACT_INTERVAL = {
    ContactFrequency.DAILY.value: timedelta(days=1),
    ContactFrequency.TWICE_WEEKLY.value: timedelta(days=4),
    ContactFrequency.WEEKLY.value: timedelta(days=7),
    ContactFrequency.FORTNIGHTLY.value: timedelta(days=14),
    ContactFrequency.MONTHLY.value: timedelta(days=31),
}


@dataclass(frozen=True)
class ReviewRule:
    weeks: int  # CASE_REVIEW_WEEKS
    working_days: int  # RISK_ASSESSMENT_WORKING_DAYS


@dataclass(frozen=True)
class OpenCase:
    """What the rule reads of one open case."""

    reference: str
    opened_at: datetime
    received_at: datetime
    last_reviewed_on: date | None
    last_review_recorded: datetime | None
    assessed: bool
    frequency: str | None
    plan_agreed_at: datetime | None
    last_contact: datetime | None


@dataclass(frozen=True)
class ReviewDue:
    reference: str
    officer: str | None
    reasons: tuple[str, ...]
    due_since: datetime
    last_reviewed_on: date | None
    restricted: bool
    frequency: str | None


def risk_assessment_due(received_at: datetime, calendar: WorkingCalendar, working_days: int) -> datetime:
    """Close of business on the ``working_days``-th working day after the local date of receipt."""
    day = calendar.local_date(received_at)
    for _ in range(working_days):
        day = calendar.next_working_day_after(day)
    return calendar.close_of_business_on(day).astimezone(UTC)


def reasons_due(case: OpenCase, rule: ReviewRule, calendar: WorkingCalendar, now: datetime) -> dict[str, datetime]:
    """Each reason that has fallen due and has had no review since, with when it fell due. Pure."""
    found: dict[str, datetime] = {}
    if case.last_reviewed_on is not None:
        reviewed = datetime.combine(case.last_reviewed_on, time(0), tzinfo=calendar.timezone).astimezone(UTC)
        found[NOT_REVIEWED] = reviewed + timedelta(weeks=rule.weeks)
    else:
        found[NOT_REVIEWED] = case.opened_at + timedelta(weeks=rule.weeks)
    if not case.assessed:
        found[NO_RISK_ASSESSMENT] = risk_assessment_due(case.received_at, calendar, rule.working_days)
    if case.frequency in CONTACT_INTERVAL and case.plan_agreed_at is not None:
        since = max(filter(None, (case.plan_agreed_at, case.last_contact)))
        found[NO_CONTACT] = since + CONTACT_INTERVAL[case.frequency]
    reviewed_at = case.last_review_recorded
    return {
        reason: due
        for reason, due in found.items()
        if due < now and (reason == NOT_REVIEWED or reviewed_at is None or reviewed_at < due)
    }


def review_list(
    session: Session, rule: ReviewRule, calendar: WorkingCalendar, now: datetime, *, include_restricted: bool
) -> list[ReviewDue]:
    """Open cases with a reason due, longest overdue first."""
    listed = []
    for case, officer, restricted in _open_cases(session, include_restricted):
        reasons = reasons_due(case, rule, calendar, now)
        if reasons:
            listed.append(
                ReviewDue(
                    case.reference,
                    officer,
                    tuple(sorted(reasons)),
                    min(reasons.values()),
                    case.last_reviewed_on,
                    restricted,
                    case.frequency,
                )
            )
    return sorted(listed, key=lambda due: (due.due_since, due.reference))


def _open_cases(session: Session, include_restricted: bool) -> list[tuple[OpenCase, str | None, bool]]:
    on_case = CaseReview.case_id == Case.id
    later = aliased(ActionPlan)
    latest_plan = (ActionPlan.case_id == Case.id) & ~exists().where(
        later.case_id == ActionPlan.case_id, later.id > ActionPlan.id
    )
    contact = (CaseEntry.case_id == Case.id) & (CaseEntry.kind == EntryKind.CONTACT.value)
    query = (
        select(
            Case.reference,
            Case.opened_at,
            Report.received_at,
            select(func.max(CaseReview.reviewed_on)).where(on_case).scalar_subquery(),
            select(func.max(CaseReview.recorded_at)).where(on_case).scalar_subquery(),
            select(func.count(RiskAssessment.id)).where(RiskAssessment.case_id == Case.id).scalar_subquery(),
            select(ActionPlan.contact_frequency).where(latest_plan).scalar_subquery(),
            select(ActionPlan.agreed_at).where(latest_plan).scalar_subquery(),
            select(func.max(CaseEntry.recorded_at)).where(contact).scalar_subquery(),
            StaffUser.name,
            case_restricted(),
        )
        .select_from(Case)
        .join(Report, FIRST_REPORT)
        .outerjoin(StaffUser, StaffUser.id == Case.officer_id)
        .where(Case.status == CaseStatus.OPEN.value)
    )
    if not include_restricted:
        query = query.where(~case_restricted())
    found = []
    for (
        ref,
        opened,
        received,
        reviewed_on,
        recorded,
        assessed,
        freq,
        agreed,
        contact_at,
        officer,
        restricted,
    ) in session.execute(query):
        open_case = OpenCase(
            ref, opened, received, reviewed_on, _utc(recorded), bool(assessed), freq, _utc(agreed), _utc(contact_at)
        )
        found.append((open_case, officer, bool(restricted)))
    return found


def _utc(value: datetime | None) -> datetime | None:
    """A max() over a time-zone-aware column comes back without the column's type on SQLite."""
    if value is None or (isinstance(value, datetime) and value.tzinfo is not None):
        return value
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
