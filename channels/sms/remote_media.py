"""Files a provider holds for us (pictures sent with a text): recorded at once, fetched later.

The webhook that brings a text must answer within seconds, so it only records where each file
is. A background job then fetches it (``store_remote_media``: the attachment and the new state
in one transaction, so a crash never stores it twice), deletes it at the provider
(``remote_media_deleted``), and retries with back-off when either step fails.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from channels.sms.tables import RemoteMedia
from intake.public import (
    LEASE,
    MAX_ATTEMPTS,
    AttachmentDraft,
    FailedForGood,
    Intake,
    Report,
    add_attachments,
    audit,
    column_limit,
    insert_or_ignore,
    retry_delay,
    storable,
    storable_key,
)


class RemoteMediaStatus(StrEnum):
    PENDING = "pending"  # not fetched yet
    STORED = "stored"  # kept as an attachment; still to delete at the provider
    DONE = "done"
    FAILED = "failed"  # gave up after the last attempt; the raw inbound item still names it


@dataclass(frozen=True)
class RemoteFile:
    """One file to fetch or delete, claimed by one worker."""

    id: int
    url: str
    declared_type: str | None
    status: str
    position: int


def record_remote_media(
    intake: Intake, channel: str, inbound_key: str, report_id: int | None, files: Sequence[tuple[str, str | None]]
) -> None:
    """Record where each file of one inbound item is (url, declared type); recording again adds nothing.

    ``report_id`` is None for a file sent with a keyword (HELP, STATUS, STOP): it belongs to no
    report, but the provider must not keep it, so it is still fetched and deleted there.
    """
    with intake.db.begin() as session:
        add_remote_media(session, intake.clock(), channel, inbound_key, report_id, files)


def add_remote_media(
    session: Session,
    now: datetime,
    channel: str,
    inbound_key: str,
    report_id: int | None,
    files: Sequence[tuple[str, str | None]],
) -> None:
    """``record_remote_media`` inside the caller's transaction (the one that stores the item)."""
    inbound_key = storable_key(inbound_key, column_limit(RemoteMedia.inbound_key))
    for position, (url, declared_type) in enumerate(files):
        values = dict(
            channel=channel,
            inbound_key=inbound_key,
            position=position,
            report_id=report_id,
            url=storable(url),
            declared_type=storable(declared_type)[:100] if declared_type else None,
            status=RemoteMediaStatus.PENDING.value,
            attempts=0,
            next_attempt_at=now,
        )
        insert_or_ignore(session, RemoteMedia, values, ["channel", "inbound_key", "position"])


def due_remote_media(intake: Intake, channel: str, *, limit: int = 50) -> list[int]:
    """Files due for their next step, soonest first."""
    with intake.db.read() as session:
        query = (
            select(RemoteMedia.id)
            .where(
                RemoteMedia.channel == channel,
                RemoteMedia.status.in_([RemoteMediaStatus.PENDING.value, RemoteMediaStatus.STORED.value]),
                RemoteMedia.next_attempt_at <= intake.clock(),
            )
            .order_by(RemoteMedia.next_attempt_at, RemoteMedia.id)
            .limit(limit)
        )
        return list(session.scalars(query))


def claim_remote_media(intake: Intake, media_id: int) -> RemoteFile | None:
    """Take a lease on one file, so no other worker works on it at the same time."""
    now = intake.clock()
    with intake.db.begin() as session:
        media = session.get(RemoteMedia, media_id)
        if media is None or media.status not in (RemoteMediaStatus.PENDING, RemoteMediaStatus.STORED):
            return None
        if media.next_attempt_at > now:
            return None
        claimed = session.execute(
            update(RemoteMedia)
            .where(RemoteMedia.id == media_id, RemoteMedia.attempts == media.attempts)
            .values(attempts=media.attempts + 1, next_attempt_at=now + LEASE)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        return RemoteFile(media.id, media.url, media.declared_type, media.status, media.position)


def store_remote_media(intake: Intake, media_id: int, content: bytes) -> None:
    """Keep a fetched file as an attachment of its report (type sniffed, size, SHA-256), once."""
    now = intake.clock()
    with intake.db.begin() as session:
        media = session.get_one(RemoteMedia, media_id)
        if media.status != RemoteMediaStatus.PENDING:
            return
        if media.report_id is None:  # sent with a keyword: no report to keep it with
            media.status, media.attempts, media.next_attempt_at = RemoteMediaStatus.STORED.value, 0, now
            return
        filename = f"{media.channel}-{media.position + 1}{_extension(media.declared_type)}"
        draft = AttachmentDraft(filename, content, media.declared_type)
        report = session.get_one(Report, media.report_id)
        (attachment,) = add_attachments(session, intake, report, [draft])
        session.flush()
        media.attachment_id = attachment.id
        media.status, media.attempts, media.next_attempt_at = RemoteMediaStatus.STORED.value, 0, now
        audit.record(
            session, at=now, actor=f"channel:{media.channel}", action="attachment_added", report_id=media.report_id
        )


def remote_media_deleted(intake: Intake, media_id: int) -> None:
    """The provider no longer holds the file: nothing more to do."""
    with intake.db.begin() as session:
        media = session.get_one(RemoteMedia, media_id)
        media.status, media.last_error = RemoteMediaStatus.DONE.value, None


def remote_media_failed(intake: Intake, media_id: int, reason: str, *, permanent: bool = False) -> None:
    """Try again later with back-off; after the last attempt, mark it failed for staff to see."""
    now = intake.clock()
    with intake.db.begin() as session:
        media = session.get_one(RemoteMedia, media_id)
        media.last_error = reason[:255]
        if permanent or media.attempts >= MAX_ATTEMPTS:
            media.status = RemoteMediaStatus.FAILED.value
        else:
            media.next_attempt_at = now + retry_delay(media.attempts)


def remote_media_states(intake: Intake, report_id: int) -> list[tuple[str, str | None]]:
    """Each file's state and last error for one report, in the order sent."""
    with intake.db.read() as session:
        rows = session.execute(
            select(RemoteMedia.status, RemoteMedia.last_error)
            .where(RemoteMedia.report_id == report_id)
            .order_by(RemoteMedia.id)
        )
        return [(status, error) for status, error in rows]


def failed_remote_media(session: Session, limit: int) -> list[FailedForGood]:
    """Files given up on for good, newest first, for the staff's failed deliveries page."""
    query = (
        select(RemoteMedia.id, RemoteMedia.report_id, RemoteMedia.channel, RemoteMedia.attempts, RemoteMedia.last_error)
        .where(RemoteMedia.status == RemoteMediaStatus.FAILED.value)
        .order_by(RemoteMedia.id.desc())
        .limit(limit)
    )
    return [
        FailedForGood(media_id, report_id, "picture", channel, attempts, error)
        for media_id, report_id, channel, attempts, error in session.execute(query)
    ]


def _extension(declared_type: str | None) -> str:
    guessed = mimetypes.guess_extension(declared_type or "") if declared_type else None
    return guessed or ""
