"""The read side: small dataclasses for the queue and the export. Nothing here changes state."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select, tuple_
from sqlalchemy.orm import Session, selectinload

from intake.models import Party, Report
from intake.vocabulary import Status

QUEUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueCursor:
    """Where the last page ended: keyset pagination stays fast however long the queue is."""

    priority: str
    response_due: datetime
    id: int


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

    @property
    def cursor(self) -> QueueCursor:
        return QueueCursor(self.priority, self.response_due, self.id)


def queue_page(
    session: Session,
    *,
    after: QueueCursor | None = None,
    limit: int = QUEUE_PAGE_SIZE,
    include_restricted: bool = False,
    channel: str | None = None,
) -> list[QueueRow]:
    """Open reports, ``immediate`` before ``standard`` (they sort so), then soonest due."""
    query = select(Report).where(Report.status != Status.CLOSED.value)
    if not include_restricted:
        query = query.where(Report.restricted.is_(False))  # policy 4.11
    if channel is not None:
        query = query.where(Report.channel == channel)
    if after is not None:
        query = (
            query.where(
                tuple_(Report.priority, Report.response_due, Report.id)
                > tuple_(after.priority, after.response_due, after.id)
            )
            if session.get_bind().dialect.name == "postgresql"
            else query.where(_after_sqlite(after))
        )
    query = query.order_by(Report.priority, Report.response_due, Report.id).limit(limit)
    return [_queue_row(report) for report in session.scalars(query)]


def _after_sqlite(after: QueueCursor):  # type: ignore[no-untyped-def]
    return or_(
        Report.priority > after.priority,
        and_(Report.priority == after.priority, Report.response_due > after.response_due),
        and_(Report.priority == after.priority, Report.response_due == after.response_due, Report.id > after.id),
    )


def _queue_row(report: Report) -> QueueRow:
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
    )


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
        conditions.append(Party.phone == phone)
    if email:
        conditions.append(Party.email == email.lower())
    if not conditions:
        return False
    query = select(Party.id).where(Party.report_id == report_id, or_(*conditions)).limit(1)
    return session.scalar(query) is not None


def latest_report_with_contact(session: Session, *, phone: str) -> Report | None:
    """The most recent report on which this phone number is a party (a ``STATUS`` enquiry's answer)."""
    query = (
        select(Report)
        .join(Party, Party.report_id == Report.id)
        .where(Party.phone == phone)
        .order_by(Report.received_at.desc(), Report.id.desc())
        .limit(1)
    )
    return session.scalar(query)
