"""What each figure counts, and over which dates: the bases of the monitoring tables.

A base is a set of records in a period: reports received, cases opened, cases closed, works ordered,
decisions approved, disclosures and referrals made, and (at this moment, not in a period) reports
with a clock overdue. Every figure is a predicate over one base: the count is the number of the
base's records for which it holds, and the list behind the count is those same records, so a count
and its list cannot disagree.

Only codes, dates and flags are read (never free text, names or contacts), so a report anonymised
by retention still counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, false, not_, or_, select
from sqlalchemy.orm import aliased

from intake.case_tables import Case, CaseAction, CaseReport, CategoryDecision, Disclosure
from intake.clock import WORKS_WINDOW
from intake.models import Report, Work
from intake.vocabulary import Status


@dataclass(frozen=True)
class Scope:
    """The period's UTC instants [start, end), and now (for clocks still running)."""

    start: datetime
    end: datetime
    now: datetime


REPORTS = "reports"  # reports received in the period
CASES = "cases"  # cases opened in the period (read with their first report)
CLOSED = "closed"  # cases closed in the period (and not reopened since)
WORKS = "works"  # graffiti removal and emergency repairs ordered in the period
DECISIONS = "decisions"  # moves out of the hate category approved in the period
DISCLOSURES = "disclosures"  # information shared outside the landlord in the period
ACTIONS = "actions"  # referrals and other case actions recorded in the period
OVERDUE = "overdue"  # reports with a clock overdue now, whatever the period

CASE_BASES = frozenset({CASES, CLOSED, DECISIONS, DISCLOSURES, ACTIONS})

# A case is read with its first report (whose reference it carries), joined by the report's id: an index
# look-up per case in the period, where joining by reference made PostgreSQL hash every report ever received.
FIRST_REPORT = Report.id == Case.first_report_id


def first_response_overdue(now: datetime) -> ColumnElement[bool]:
    return and_(Report.first_response_at.is_(None), Report.response_due < now)


def works_overdue(now: datetime) -> ColumnElement[bool]:
    late = aliased(Work)
    return exists().where(
        late.report_id == Report.id, late.completed_at.is_(None), late.cancelled_at.is_(None), late.due < now
    )


def based(base: str, scope: Scope, columns: list[Any]) -> Select[Any]:
    """``columns`` selected over the base's records in the period."""
    start, end = scope.start, scope.end
    query = select(*columns)
    if base == REPORTS:
        return query.select_from(Report).where(Report.received_at >= start, Report.received_at < end)
    if base == WORKS:
        # Ordered in the period: due 24 hours after ordering (policy 4.10), so due in the period moved on 24 hours.
        query = query.select_from(Work).join(Report, Work.report_id == Report.id)
        return query.where(Work.due >= start + WORKS_WINDOW, Work.due < end + WORKS_WINDOW)
    if base == OVERDUE:
        query = query.select_from(Report).outerjoin(CaseReport, CaseReport.report_id == Report.id)
        query = query.outerjoin(Case, Case.id == CaseReport.case_id)
        late = or_(first_response_overdue(scope.now), works_overdue(scope.now))
        return query.where(Report.status != Status.CLOSED.value, late)
    return _case_based(base, query, start, end)


def _case_based(base: str, query: Select[Any], start: datetime, end: datetime) -> Select[Any]:
    if base == CASES:
        query = query.select_from(Case).where(Case.opened_at >= start, Case.opened_at < end)
    elif base == CLOSED:
        query = query.select_from(Case).where(Case.closed_at >= start, Case.closed_at < end)
    elif base == DECISIONS:
        query = query.select_from(CategoryDecision).join(Case, Case.id == CategoryDecision.case_id)
        query = query.where(CategoryDecision.approved_at >= start, CategoryDecision.approved_at < end)
    elif base == DISCLOSURES:
        query = query.select_from(Disclosure).join(Case, Case.id == Disclosure.case_id)
        query = query.where(Disclosure.disclosed_at >= start, Disclosure.disclosed_at < end)
    elif base == ACTIONS:
        query = query.select_from(CaseAction).join(Case, Case.id == CaseAction.case_id)
        query = query.where(CaseAction.recorded_at >= start, CaseAction.recorded_at < end)
    else:
        raise ValueError(f"unknown base {base!r}")
    return query.join(Report, FIRST_REPORT)


def case_restricted() -> ColumnElement[bool]:
    """The case holds a restricted report (policy 4.11): the rule ``casework.lookup`` applies."""
    held = aliased(Report)
    return exists().where(CaseReport.case_id == Case.id, CaseReport.report_id == held.id, held.restricted.is_(True))


def visible(base: str, include_restricted: bool) -> ColumnElement[bool]:
    """What a list may show this viewer: restricted reports and cases only to managers (policy 4.11)."""
    if include_restricted:
        return not_(false())
    if base in CASE_BASES:
        return not_(case_restricted())
    return Report.restricted.is_(False)
