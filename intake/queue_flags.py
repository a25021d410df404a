"""What the queue flags on each row of a page, found in a few batched queries per page.

Never one query per row: the queue must stay fast however long it grows (BENCHMARKS, staff queue).
Possible duplicates are judged as on the report page (same postcode within 14 days, or the same
phone number or email address), among reports the viewer may see (policy 4.11).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import Integer, String, Subquery, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from intake.case_tables import Case, CaseReport, StaffUser
from intake.models import Party, Report, UTCDateTime
from intake.sealing import blind_index, postcode_term

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
    """One query for the page: its rows as a derived table, each probed on the (postcode digest,
    received_at) index, which stops at the first other report it finds.

    Issue 16: the postcode is sealed; equal postcodes have equal keyed digests. A row is probed once per
    digest its postcode may have (its stored one while one index key is listed: nothing is opened).
    """
    index = blind_index()
    rows = [
        (r.id, digest, r.received_at - DUPLICATE_WINDOW, r.received_at + DUPLICATE_WINDOW)
        for r in reports
        for digest in index.matching_stored("postcode", r.postcode_index, partial(_postcode_of, r))
    ]
    if not rows:
        return set()
    page = _as_rows(rows)
    other = select(Report.id).where(
        Report.postcode_index == page.c.digest,
        Report.received_at.between(page.c.lo, page.c.hi),
        Report.id != page.c.id,
    )
    if not include_restricted:
        other = other.where(Report.restricted.is_(False))  # policy 4.11
    # LIMIT 1 keeps it a probe per row: as EXISTS, PostgreSQL hashes every report instead.
    first_other = other.limit(1).correlate(page).scalar_subquery()
    return set(session.scalars(select(page.c.id).where(first_other.is_not(None))))


def _postcode_of(report: Report) -> str | None:
    return postcode_term(report.postcode)


def _as_rows(rows: Sequence[tuple[int, str, datetime, datetime]]) -> Subquery:
    """The page's rows as a derived table (SQLite names no VALUES columns, so a UNION ALL of SELECTs)."""
    selects = [
        select(
            literal(own, Integer).label("id"),
            literal(digest, String).label("digest"),
            literal(lo, UTCDateTime).label("lo"),
            literal(hi, UTCDateTime).label("hi"),
        )
        for own, digest, lo, hi in rows
    ]
    return (selects[0] if len(selects) == 1 else union_all(*selects)).subquery("page")


def _same_contact(session: Session, report_ids: list[int], include_restricted: bool) -> set[int]:
    # Issue 16: the contacts are sealed; equal contacts have equal keyed digests (under one index key).
    mine = list(
        session.execute(
            select(Party.report_id, Party.phone_index, Party.email_index).where(Party.report_id.in_(report_ids))
        )
    )
    phones = {phone for _, phone, _ in mine if phone}
    emails = {email for _, _, email in mine if email}
    if not phones and not emails:
        return set()
    query = (
        select(Party.report_id, Party.phone_index, Party.email_index)
        .join(Report, Report.id == Party.report_id)
        .where(or_(Party.phone_index.in_(phones), Party.email_index.in_(emails)))
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
