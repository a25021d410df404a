"""The outbox: messages written in the transaction that causes them, delivered after commit.

A row is claimed before it is sent (so two workers never both send it), retried with
back-off on a temporary failure, and marked failed (visible to staff) after the last
attempt: nothing is sent twice and nothing is silently dropped. Nothing is ever sent to
an address or number that opted out.

Issue 16: the recipient and the body are sealed in Python before the insert (no statement more),
under the report's data key when the message is about a report, else under a key of the row's
own; the recipient is found by a blind index (``contact_index``), and so is an opt-out.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from intake.context import Intake
from intake.db_helpers import insert_or_ignore
from intake.models import ContactOptOut, OutboxMessage, Report
from intake.sealing import (
    DESTROYED,
    PLACEHOLDER,
    BlindIndex,
    Cell,
    DataKey,
    Owner,
    blind_index,
    email_term,
    installed,
    new_row_token,
    phone_term,
)
from intake.vocabulary import ContactMethod, OutboxStatus

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
    report: Report | None = None,
    provider_id: str | None = None,
) -> bool:
    """Add a message to the caller's transaction; the same ``dedupe_key`` twice adds it once.

    The recipient and body are sealed here, under the report's key, or a key of the message's own
    when it has no report or the report's key was destroyed. Give the ``report`` when it is at hand
    (a submission's is: no statement more); with ``report_id`` alone it is read from the session.
    """
    if report is not None:
        report_id = report.id
    elif report_id is not None:
        report = session.get(Report, report_id)
    token = new_row_token()
    key, own_key = _sealing_key(report, token)
    values = dict(
        dedupe_key=dedupe_key,
        kind=kind,
        method=method,
        recipient=key.seal_optional(_cell("recipient", token), recipient) or "",
        recipient_index=contact_index(installed().index, method, recipient),
        body=key.seal_optional(_cell("body", token), body) or "",
        seal_token=token,
        **own_key,
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


def _sealing_key(report: Report | None, token: str) -> tuple[DataKey, dict[str, object]]:
    """The key to seal a new message with, and the row's own key columns (none under its report's key)."""
    keyring = installed()
    if report is not None and report.data_key != DESTROYED:
        return report.writable_key(keyring), {}
    own = keyring.new_data_key(Owner(OutboxMessage.__tablename__, token))
    return own, own.columns()


def _cell(column: str, token: str) -> Cell:
    return Cell(OutboxMessage.__tablename__, column, token)


def _contact_term(method: str, address: str) -> tuple[str, str] | None:
    """The blind-index kind and normalised term of a number (E.164, else as sent) or an email address."""
    if method in (ContactMethod.SMS.value, ContactMethod.PHONE.value):
        term = phone_term(address) or address.strip()
        return ("phone", term) if term else None
    term = email_term(address) or ""
    return ("email", term) if term else None


def contact_index(index: BlindIndex, method: str, address: str) -> str | None:
    """What is stored for a recipient or an opted-out address: its blind index, never the address.

    A number is indexed as E.164, the kind a channel keeps a sender's number under
    (``intake.inbound.sender_index``); an email address lower-cased, as a party's is.
    """
    term = _contact_term(method, address)
    return index.of(*term) if term else None


def contact_digests(index: BlindIndex, method: str, address: str) -> list[str]:
    """Every index ``address`` may be stored under, one per blind-index key (for ``IN`` look-ups)."""
    term = _contact_term(method, address)
    return index.matching(*term) if term else []


def matching_contact(index: BlindIndex, method: str, address: str) -> list[str]:
    """Every value an opt-out of ``address`` may be stored as: its indexes, and itself as stored before sealing."""
    return [*contact_digests(index, method, address), address]


def is_opted_out(session: Session, method: str, address: str) -> bool:
    """Whether ``address`` asked for no messages by ``method``: its latest state, under any index key."""
    opted_out = session.scalar(
        select(ContactOptOut.opted_out)
        .where(
            ContactOptOut.method == method, ContactOptOut.address.in_(matching_contact(blind_index(), method, address))
        )
        .order_by(ContactOptOut.updated_at.desc(), ContactOptOut.id.desc())
        .limit(1)
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
        recipient, body = message.recipient, message.body
        if PLACEHOLDER in (recipient, body):  # its report's key was destroyed: nothing left to send
            message.status = OutboxStatus.FAILED.value
            message.last_error = "its key was destroyed"
            stats.failed += 1
            return None
        if is_opted_out(session, message.method, recipient):
            message.status = SUPPRESSED
            message.last_error = "recipient opted out"
            stats.suppressed += 1
            return None
        return Outgoing(message.id, message.method, recipient, message.subject, body, dict(message.headers))


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
        message.last_error = masked(reason)[:255]  # stored without any address a provider quoted
        if permanent or message.attempts >= MAX_ATTEMPTS:
            message.status = OutboxStatus.FAILED.value
            stats.failed += 1
            log.warning("outbox message %s failed after %s attempts", message_id, message.attempts)
        else:
            message.next_attempt_at = intake.clock() + retry_delay(message.attempts)
            stats.retried += 1


# An email address or a phone number, as a provider's refusal may quote them ("550 <x@y> unknown").
_ADDRESS = re.compile(r"\S+@\S+|\+?\d[\d ()-]{6,}\d")


def masked(error: str | None) -> str:
    """A provider's error with any address or number in it replaced by ``[hidden]`` (policy 1.2)."""
    return _ADDRESS.sub("[hidden]", error or "")


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off: 30 s, 1 min, 2 min ... capped at an hour."""
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), timedelta(hours=1))
