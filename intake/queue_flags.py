"""What the queue flags on each row of a page, found in a few batched queries per page.

Never one query per row: the queue must stay fast however long it grows (BENCHMARKS, staff queue).
Possible duplicates are judged as on the report page (same postcode within 14 days, or the same
phone number or email address), among reports the viewer may see (policy 4.11).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from intake.models import Party, Report
from intake.staff.models import Case, CaseReport, StaffUser

DUPLICATE_WINDOW = timedelta(days=14)


@dataclass(frozen=True)
class PageFlags:
    shared: set[int] = field(default_factory=set)  # in a case with another report: a repeat
    officers: dict[int, str] = field(default_factory=dict)  # report id -> its case officer's name
    duplicates: set[int] = field(default_factory=set)  # possible duplicates of another report


def page_flags(session: Session, reports: Sequence[Report], *, include_restricted: bool) -> PageFlags:
    if not reports:
        return PageFlags()
    ids = [report.id for report in reports]
    duplicates = _same_postcode(session, reports, include_restricted) | _same_contact(session, ids, include_restricted)
    return PageFlags(_in_shared_cases(session, ids), _officers(session, ids), duplicates)


def _in_shared_cases(session: Session, report_ids: list[int]) -> set[int]:
    """Which of these reports share a case with another report: repeat reports of one incident."""
    shared = (
        select(CaseReport.case_id).group_by(CaseReport.case_id).having(func.count(CaseReport.id) > 1).scalar_subquery()
    )
    query = select(CaseReport.report_id).where(CaseReport.report_id.in_(report_ids), CaseReport.case_id.in_(shared))
    return set(session.scalars(query))


def _officers(session: Session, report_ids: list[int]) -> dict[int, str]:
    query = (
        select(CaseReport.report_id, StaffUser.name)
        .join(Case, Case.id == CaseReport.case_id)
        .join(StaffUser, StaffUser.id == Case.officer_id)
        .where(CaseReport.report_id.in_(report_ids))
    )
    return {report_id: name for report_id, name in session.execute(query)}


def _same_postcode(session: Session, reports: Sequence[Report], include_restricted: bool) -> set[int]:
    placed = [report for report in reports if report.postcode]
    if not placed:
        return set()
    earliest = min(r.received_at for r in placed) - DUPLICATE_WINDOW
    latest = max(r.received_at for r in placed) + DUPLICATE_WINDOW
    query = select(Report.id, Report.postcode, Report.received_at).where(
        Report.postcode.in_({r.postcode for r in placed}), Report.received_at.between(earliest, latest)
    )
    if not include_restricted:
        query = query.where(Report.restricted.is_(False))
    others = list(session.execute(query))
    return {
        r.id
        for r in placed
        for other_id, postcode, at in others
        if other_id != r.id and postcode == r.postcode and abs(at - r.received_at) <= DUPLICATE_WINDOW
    }


def _same_contact(session: Session, report_ids: list[int], include_restricted: bool) -> set[int]:
    mine = list(
        session.execute(select(Party.report_id, Party.phone, Party.email).where(Party.report_id.in_(report_ids)))
    )
    phones = {phone for _, phone, _ in mine if phone}
    emails = {email for _, _, email in mine if email}
    if not phones and not emails:
        return set()
    query = (
        select(Party.report_id, Party.phone, Party.email)
        .join(Report, Report.id == Party.report_id)
        .where(or_(Party.phone.in_(phones), Party.email.in_(emails)))
    )
    if not include_restricted:
        query = query.where(Report.restricted.is_(False))
    others = list(session.execute(query))
    return {
        own
        for own, phone, email in mine
        for other, other_phone, other_email in others
        if other != own and ((phone and phone == other_phone) or (email and email == other_email))
    }
