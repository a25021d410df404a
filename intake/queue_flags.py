"""What the queue flags on each row of a page, found in a few batched queries per page.

Never one query per row: the queue must stay fast however long it grows (BENCHMARKS, staff queue).
Possible duplicates are judged as on the report page (same postcode within 14 days, or the same
phone number or email address), among reports the viewer may see (policy 4.11).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Integer, Select, exists, func, literal, or_, select, union_all
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
    """One round trip: an EXISTS probe per row on the (postcode, received_at) index, stopping at the first."""
    probes = [_postcode_probe(report, include_restricted) for report in reports if report.postcode]
    if not probes:
        return set()
    query = probes[0] if len(probes) == 1 else union_all(*probes)
    return set(session.scalars(query))


def _postcode_probe(report: Report, include_restricted: bool) -> Select[int]:
    near = Report.received_at.between(report.received_at - DUPLICATE_WINDOW, report.received_at + DUPLICATE_WINDOW)
    other = exists().where(Report.postcode == report.postcode, Report.id != report.id, near)
    if not include_restricted:
        other = other.where(Report.restricted.is_(False))  # policy 4.11
    return select(literal(report.id, Integer)).where(other)


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
