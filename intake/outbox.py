"""The outbox: messages written in the transaction that causes them, delivered after commit.

A row is claimed before it is sent (so two workers never both send it), retried with
back-off on a temporary failure, and marked failed (visible to staff) after the last
attempt: nothing is sent twice and nothing is silently dropped. Nothing is ever sent to
an address or number that opted out.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from intake.context import Intake
from intake.db_helpers import insert_or_ignore
from intake.models import ContactOptOut, OutboxMessage
from intake.vocabulary import OutboxStatus

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)
SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Outgoing:
    """What a sender needs to deliver one message."""

    id: int
    method: str
    recipient: str
    subject: str | None
    body: str
    headers: Mapping[str, Any]


class DeliveryFailed(Exception):
    """A sender could not deliver. ``permanent`` failures are not retried."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class Sender(Protocol):
    def send(self, message: Outgoing) -> str | None:
        """Deliver one message; return the provider's id for it, if any."""


@dataclass
class DeliveryStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    suppressed: int = 0


def enqueue(
    session: Session,
    *,
    now: datetime,
    dedupe_key: str,
    kind: str,
    method: str,
    recipient: str,
    body: str,
    subject: str | None = None,
    headers: Mapping[str, Any] | None = None,
    report_id: int | None = None,
    provider_id: str | None = None,
) -> bool:
    """Add a message to the caller's transaction; the same ``dedupe_key`` twice adds it once."""
    values = dict(
        dedupe_key=dedupe_key,
        kind=kind,
        method=method,
        recipient=recipient,
        body=body,
        subject=subject,
        headers=dict(headers or {}),
        report_id=report_id,
        provider_id=provider_id,
        status=OutboxStatus.PENDING.value,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    return insert_or_ignore(session, OutboxMessage, values, ["dedupe_key"]) is not None


def is_opted_out(session: Session, method: str, address: str) -> bool:
    opted_out = session.scalar(
        select(ContactOptOut.opted_out).where(ContactOptOut.method == method, ContactOptOut.address == address)
    )
    return bool(opted_out)


def deliver_due(intake: Intake, senders: Mapping[str, Sender], *, limit: int = 100) -> DeliveryStats:
    """Send what is due, once each, through the sender for its method."""
    stats = DeliveryStats()
    for message_id in _due_ids(intake, senders.keys(), limit):
        outgoing = _claim(intake, message_id, stats)
        if outgoing is not None:
            _deliver(intake, senders[outgoing.method], outgoing, stats)
    return stats


def _due_ids(intake: Intake, methods: Any, limit: int) -> list[int]:
    with intake.db.read() as session:
        query = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING.value,
                OutboxMessage.next_attempt_at <= intake.clock(),
                OutboxMessage.method.in_(list(methods)),
            )
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
        return list(session.scalars(query))


def _claim(intake: Intake, message_id: int, stats: DeliveryStats) -> Outgoing | None:
    """Take a lease on one message, so no other worker sends it; suppress it if opted out."""
    now = intake.clock()
    with intake.db.begin() as session:
        message = session.get(OutboxMessage, message_id)
        if message is None or message.status != OutboxStatus.PENDING.value or message.next_attempt_at > now:
            return None
        claimed = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.attempts == message.attempts)
            .values(attempts=message.attempts + 1, next_attempt_at=now + LEASE)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        if is_opted_out(session, message.method, message.recipient):
            message.status = SUPPRESSED
            message.last_error = "recipient opted out"
            stats.suppressed += 1
            return None
        return Outgoing(
            message.id, message.method, message.recipient, message.subject, message.body, dict(message.headers)
        )


def _deliver(intake: Intake, sender: Sender, outgoing: Outgoing, stats: DeliveryStats) -> None:
    try:
        provider_id = sender.send(outgoing)
    except DeliveryFailed as failure:
        _record_failure(intake, outgoing.id, str(failure), failure.permanent, stats)
    except Exception as error:  # noqa: BLE001 - one bad send must not stop the batch
        _record_failure(intake, outgoing.id, type(error).__name__, False, stats)
    else:
        _record_sent(intake, outgoing.id, provider_id)
        stats.sent += 1


def _record_sent(intake: Intake, message_id: int, provider_id: str | None) -> None:
    with intake.db.begin() as session:
        message = session.get_one(OutboxMessage, message_id)
        message.status = OutboxStatus.SENT.value
        message.sent_at = intake.clock()
        message.provider_id = provider_id or message.provider_id


def _record_failure(intake: Intake, message_id: int, reason: str, permanent: bool, stats: DeliveryStats) -> None:
    with intake.db.begin() as session:
        message = session.get_one(OutboxMessage, message_id)
        message.last_error = reason[:255]
        if permanent or message.attempts >= MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED.value
            stats.failed += 1
            log.warning("outbox message %s failed after %s attempts", message_id, message.attempts)
        else:
            message.next_attempt_at = intake.clock() + retry_delay(message.attempts)
            stats.retried += 1


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off: 30 s, 1 min, 2 min ... capped at an hour."""
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), timedelta(hours=1))
