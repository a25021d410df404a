"""Replies to the sender of an inbound item, kept with the item's key.

The sender's number is stored only as a blind index (issue 16, ``sender_index``): equal numbers
give equal digests, so the cap and the conversation still find a sender, but a copy of the table
does not give the number.

A provider that retries an item gets the same reply, however often it asks. A sender who
floods us is stored in full but answered at most ``limit`` times in a clock hour: each reply
takes one numbered slot of that hour, and a unique constraint lets only one writer have each
slot, so the cap holds across workers and machines.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from channels.sms.tables import InboundReply
from intake.public import (
    NO_REPORT,
    About,
    AutoReply,
    BlindIndex,
    ContactOptOut,
    Conversation,
    Inbound,
    Intake,
    Report,
    column_limit,
    matching_contact,
    matching_sender,
    sender_index,
    storable,
    storable_key,
    using,
)

REPLY_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class ReplyRequest:
    """One inbound item's sender, what became of it, and what we would like to answer."""

    channel: str
    inbound_key: str
    address: str
    received_at: datetime
    report_id: int | None
    body: str


def reply_once(intake: Intake, request: ReplyRequest, *, limit: int, method: str) -> str:
    """Record the reply to one inbound item and return what to send ('' for nothing).

    A retry of the same item returns the reply first recorded. Nothing is answered to an
    address that opted out by ``method``, or beyond ``limit`` replies in the hour.
    """
    with intake.db.begin() as session:
        return record_reply(session, intake.keyring.index, request, limit=limit, method=method)


def record_reply(session: Session, index: BlindIndex, request: ReplyRequest, *, limit: int, method: str) -> str:
    """``reply_once`` inside the caller's transaction (the one that stores the item)."""
    request = _storable(request)
    window = window_start(request.received_at)
    for slot in _free_slots(session, index, request, window, limit, method) if request.body else ():
        if _insert(session, index, request, window, slot, request.body):
            return request.body
        stored = stored_reply(session, request.channel, request.inbound_key)
        if stored is not None:
            return stored
    _insert(session, index, request, window, None, "")
    return stored_reply(session, request.channel, request.inbound_key) or ""


def answer_item(
    session: Session,
    index: BlindIndex,
    inbound: Inbound,
    answer: AutoReply,
    *,
    at: datetime,
    about: About = NO_REPORT,
    joined: bool = False,
) -> str:
    """Record the channel's answer to one item in the caller's transaction; what to send ('' for nothing).

    ``about`` is the report the item went to, if any; the reply is in the language it was made in
    (issue 15), English when there is none.
    """
    with using(about.language):
        body = answer.wording(about.reference, joined)
    request = ReplyRequest(
        channel=inbound.channel,
        inbound_key=inbound.key,  # made storable as the item's key is
        address=answer.address,
        received_at=at,
        report_id=about.report_id,
        body=body,
    )
    return record_reply(session, index, request, limit=answer.limit, method=answer.method)


def stored_reply(session: Session, channel: str, inbound_key: str) -> str | None:
    """The reply recorded for one inbound item, if any."""
    return session.scalar(
        select(InboundReply.body).where(InboundReply.channel == channel, InboundReply.inbound_key == inbound_key)
    )


def last_conversation(session: Session, index: BlindIndex, channel: str, address: str) -> Conversation | None:
    """The report the sender's latest item by ``channel`` went to, and when that item arrived."""
    row = session.execute(
        select(Report.reference, Report.status, InboundReply.received_at)
        .join(Report, Report.id == InboundReply.report_id)
        .where(InboundReply.channel == channel, InboundReply.address.in_(matching_sender(index, address)))
        .order_by(InboundReply.received_at.desc(), InboundReply.id.desc())
        .limit(1)
    ).first()
    return None if row is None else Conversation(row[0], row[1], row[2])


def _storable(request: ReplyRequest) -> ReplyRequest:
    """The key and address as the inbound item's are stored (``normalise.check_inbound``)."""
    return replace(
        request,
        inbound_key=storable_key(request.inbound_key, column_limit(InboundReply.inbound_key)),
        address=storable(request.address)[: column_limit(InboundReply.address)],
    )


def window_start(at: datetime) -> datetime:
    """The clock hour a reply counts against."""
    return at.replace(minute=0, second=0, microsecond=0)


def _free_slots(
    session: Session, index: BlindIndex, request: ReplyRequest, window: datetime, limit: int, method: str
) -> range:
    """The hour's unused reply slots; none for an address that opted out. One query."""
    used = (
        select(func.count(InboundReply.id))
        .where(
            InboundReply.channel == request.channel,
            InboundReply.address.in_(matching_sender(index, request.address)),
            InboundReply.window_start == window,
            InboundReply.slot.is_not(None),
        )
        .scalar_subquery()
    )
    opted_out = exists().where(
        ContactOptOut.method == method,
        ContactOptOut.address.in_(matching_contact(index, method, request.address)),
        ContactOptOut.opted_out.is_(True),
    )
    row = session.execute(select(used, opted_out)).one()
    return range(0) if row[1] else range(min(row[0] or 0, limit), limit)


def _insert(
    session: Session, index: BlindIndex, request: ReplyRequest, window: datetime, slot: int | None, body: str
) -> bool:
    """Insert unless the item or the slot is already taken (by any writer): one atomic statement."""
    dialect: Any = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    values = dict(
        channel=request.channel,
        inbound_key=request.inbound_key,
        address=sender_index(index, request.address),
        received_at=request.received_at,
        report_id=request.report_id,
        window_start=window,
        slot=slot,
        body=body,
    )
    statement = dialect.insert(InboundReply.__table__).values(**values).on_conflict_do_nothing()
    return session.execute(statement.returning(InboundReply.id)).scalar_one_or_none() is not None
