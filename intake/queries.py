"""The read side: small dataclasses for the queue and the export. Nothing here changes state."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select, tuple_
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import Select

from intake.case_tables import Case, CaseReport
from intake.languages import staff_flag
from intake.models import Party, Report
from intake.queue_flags import PageFlags, page_flags
from intake.sealing import blind_index, is_full_postcode, postcode_term
from intake.vocabulary import Status

QUEUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueCursor:
    """Where the last page ended: keyset pagination stays fast however long the queue is."""

    priority: str
    response_due: datetime
    id: int
    received_at: datetime | None = None  # for the "received" sort


@dataclass(frozen=True)
class QueueRow:
    id: int
    reference: str
    channel: str
    reporter_role: str
    characteristics: tuple[str, ...]
    priority: str
    status: str
    received_at: datetime
    response_due: datetime
    needs_review: bool
    restricted: bool
    works_due: datetime | None = None  # the soonest unfinished 24-hour works (policy 4.10)
    first_response_at: datetime | None = None
    repeat: bool = False  # linked to an earlier report, or one of several reports in a case
    unread_since: datetime | None = None  # a later message no member of staff has opened yet
    postcode: str | None = None
    incident_types: tuple[str, ...] = ()
    officer: str | None = None  # the case officer's name, once the report is part of an assigned case
    possible_duplicate: bool = False  # same postcode within 14 days, or the same phone or email
    language_needs: str = ""  # issue 15: "Polish, interpreter needed"; '' for English without an interpreter

    @property
    def cursor(self) -> QueueCursor:
        return QueueCursor(self.priority, self.response_due, self.id, self.received_at)


@dataclass(frozen=True)
class QueueFilters:
    """What staff narrow the queue by. ``overdue_at`` is now, when only overdue reports are wanted."""

    status: str | None = None
    channel: str | None = None
    overdue_at: datetime | None = None
    assigned_to: int | None = None  # a staff user's id: cases they are the officer for
    area: str | None = None  # the start of an outward code, such as "M14" or "M1", or a whole postcode
    sort: str = "priority"  # one of QUEUE_SORTS


# How the queue can be ordered (issue 19): each walks its own index, so keyset pages stay fast.
QUEUE_SORTS = ("priority", "due", "received")


def queue_page(
    session: Session,
    *,
    after: QueueCursor | None = None,
    limit: int = QUEUE_PAGE_SIZE,
    include_restricted: bool = False,
    channel: str | None = None,
    filters: QueueFilters | None = None,
) -> list[QueueRow]:
    """Open reports, ``immediate`` before ``standard`` (they sort so), then soonest due."""
    filters = filters or QueueFilters(channel=channel)
    query = _filtered(select(Report).options(selectinload(Report.works)), filters)
    if not include_restricted:
        query = query.where(Report.restricted.is_(False))  # policy 4.11
    query = _sorted(query, filters.sort, after).limit(limit)
    reports = list(session.scalars(query))
    return queue_rows(session, reports, include_restricted=include_restricted)


def _sorted(query: Select[Report], sort: str, after: QueueCursor | None) -> Select[Report]:
    """Immediate first then soonest due (the default), soonest due alone, or newest received first.

    Row-value comparisons: PostgreSQL and SQLite (3.15 and later) both walk an index with them.
    """
    if sort == "received":
        if after is not None and after.received_at is not None:
            query = query.where(tuple_(Report.received_at, Report.id) < tuple_(after.received_at, after.id))
        return query.order_by(Report.received_at.desc(), Report.id.desc())
    if sort == "due":
        if after is not None:
            query = query.where(tuple_(Report.response_due, Report.id) > tuple_(after.response_due, after.id))
        return query.order_by(Report.response_due, Report.id)
    if after is not None:
        query = query.where(
            tuple_(Report.priority, Report.response_due, Report.id)
            > tuple_(after.priority, after.response_due, after.id)
        )
    return query.order_by(Report.priority, Report.response_due, Report.id)


def _filtered(query: Select[Report], filters: QueueFilters) -> Select[Report]:
    """Each filter narrows the same index walk (priority, response due, id) over open reports."""
    if filters.status == Status.CLOSED.value:
        query = query.where(Report.status == Status.CLOSED.value)
    else:
        query = query.where(Report.status != Status.CLOSED.value)
        if filters.status is not None:
            query = query.where(Report.status == filters.status)
    if filters.channel is not None:
        query = query.where(Report.channel == filters.channel)
    if filters.overdue_at is not None:
        query = query.where(Report.first_response_at.is_(None), Report.response_due < filters.overdue_at)
    if filters.area and filters.area.strip():
        query = query.where(_in_area(filters.area))
    if filters.assigned_to is not None:
        mine = select(CaseReport.report_id).join(Case).where(Case.officer_id == filters.assigned_to)
        query = query.where(Report.id.in_(mine))
    return query


def _in_area(typed: str) -> ColumnElement[bool]:
    """Reports in the area typed: a whole postcode finds that postcode (by its keyed digest, issue 16);
    anything else is the start of an outward code ("M1" finds M1, M14 and M15; "m1 " the same), and a
    partial postcode ("M14 5") its outward code's start ("M14"): the sealed postcode is not compared."""
    if is_full_postcode(typed):
        return Report.postcode_index.in_(blind_index().matching("postcode", postcode_term(typed) or ""))
    return Report.postcode_area.startswith(typed.split()[0].upper(), autoescape=True)


def _queue_row(report: Report, flags: PageFlags) -> QueueRow:
    open_works = [work.due for work in report.works if work.outstanding]
    return QueueRow(
        id=report.id,
        reference=report.reference,
        channel=report.channel,
        reporter_role=report.reporter_role,
        characteristics=tuple(report.characteristics),
        priority=report.priority,
        status=report.status,
        received_at=report.received_at,
        response_due=report.response_due,
        needs_review=report.needs_review,
        restricted=report.restricted,
        works_due=min(open_works, default=None),
        first_response_at=report.first_response_at,
        repeat=report.id in flags.shared or report.possibly_related_reference is not None,
        unread_since=report.unread_since,
        postcode=report.postcode,
        incident_types=tuple(report.incident_types),
        officer=flags.officers.get(report.id),
        possible_duplicate=report.id in flags.duplicates,
        language_needs=staff_flag(report.language, report.contact_language, report.interpreter),
    )


def queue_rows(session: Session, reports: list[Report], *, include_restricted: bool) -> list[QueueRow]:
    """Rows for one page, with the page's flags found in a few batched queries, never one per row."""
    flags = page_flags(session, reports, include_restricted=include_restricted)
    return [_queue_row(report, flags) for report in reports]


def reports_for_export(
    session: Session,
    *,
    received_from: datetime | None = None,
    received_before: datetime | None = None,
    batch_size: int = 500,
) -> Iterator[Report]:
    """Reports with what the export shows, streamed in batches, in the order received."""
    query = (
        select(Report)
        .options(
            selectinload(Report.messages),
            selectinload(Report.works),
            selectinload(Report.attachments),
            selectinload(Report.consents),
            selectinload(Report.parties),
            selectinload(Report.partner_organisation),
        )
        .order_by(Report.received_at, Report.id)
        .execution_options(yield_per=batch_size)
    )
    if received_from is not None:
        query = query.where(Report.received_at >= received_from)
    if received_before is not None:
        query = query.where(Report.received_at < received_before)
    yield from session.scalars(query)


def report_by_reference(session: Session, reference: str) -> Report | None:
    return session.scalar(select(Report).where(Report.reference == reference))


def is_contact_on_report(
    session: Session, report_id: int, *, phone: str | None = None, email: str | None = None
) -> bool:
    """Whether a phone number or email address is already one of the report's parties."""
    conditions = []
    if phone:
        conditions.append(Party.phone_index.in_(blind_index().matching("phone", phone)))
    if email:
        conditions.append(Party.email_index.in_(blind_index().matching("email", email.lower())))
    if not conditions:
        return False
    query = select(Party.id).where(Party.report_id == report_id, or_(*conditions)).limit(1)
    return session.scalar(query) is not None


def is_safe_to_text_on_report(session: Session, report_id: int, phone: str | None) -> bool:
    """Whether a party on the report with this phone number marked texts safe (a ``STATUS`` answer may go)."""
    if not phone:
        return False
    same_phone = Party.phone_index.in_(blind_index().matching("phone", phone))
    query = select(Party.safe_methods).where(Party.report_id == report_id, same_phone)
    return any("sms" in methods for methods in session.scalars(query))


def latest_report_with_contact(session: Session, *, phone: str) -> Report | None:
    """The most recent report on which this phone number is a party (a ``STATUS`` enquiry's answer)."""
    query = (
        select(Report)
        .join(Party, Party.report_id == Report.id)
        .where(Party.phone_index.in_(blind_index().matching("phone", phone)))
        .order_by(Report.received_at.desc(), Report.id.desc())
        .limit(1)
    )
    return session.scalar(query)
