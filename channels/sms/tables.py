"""The text-message channel's own tables, on the core's one metadata and migration line.

``InboundReply`` keeps who sent each conversational inbound item (as a blind index of the
number, never the number: issue 16) and what we answered, so a
retried item gets the same answer, a later text finds its conversation, and the replies one
sender gets are capped. ``RemoteMedia`` is a file the provider holds for us (a picture sent
with a text), recorded at once and fetched later.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from intake.public import Base


class InboundReply(Base):
    """Who sent one inbound item, which report it went to, and the reply we gave ('' for none)."""

    __tablename__ = "inbound_replies"
    __table_args__ = (
        UniqueConstraint("channel", "inbound_key"),
        # At most one reply per slot: a sender gets at most ``limit`` replies in one window.
        UniqueConstraint("channel", "address", "window_start", "slot"),
        Index("ix_inbound_replies_sender", "channel", "address", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    inbound_key: Mapped[str] = mapped_column(String(255))
    address: Mapped[str] = mapped_column(String(320))  # the sender's blind index (``replies.sender_index``)
    received_at: Mapped[datetime]
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    window_start: Mapped[datetime]
    slot: Mapped[int | None] = mapped_column(Integer)  # None: not answered (over the cap, or nothing to say)
    body: Mapped[str] = mapped_column(Text)


class RemoteMedia(Base):
    """A file held by the provider for one inbound item: fetched, stored as an attachment, then deleted there."""

    __tablename__ = "remote_media"
    __table_args__ = (
        UniqueConstraint("channel", "inbound_key", "position"),
        Index("ix_remote_media_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    inbound_key: Mapped[str] = mapped_column(String(255))
    position: Mapped[int] = mapped_column(Integer)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)  # None: sent with a keyword
    url: Mapped[str] = mapped_column(Text)
    declared_type: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(16))  # RemoteMediaStatus
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    last_error: Mapped[str | None] = mapped_column(String(255))
