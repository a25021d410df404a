"""What a channel supplies the core: small typed ports, so the core never imports a channel.

A channel that keeps records of its own with an inbound item (the SMS channel's replies and the
files Twilio holds for it) hands the core a ``ChannelRecords`` with the item (``Received.records``,
or ``records=`` to ``record_inbound`` and ``record_opt_out``); the core calls it inside the one
transaction that stores the item, so nothing is kept twice or lost. The other ports are
registered on the app's ``Intake`` in a channel's ``init_app`` (``intake.context.register_*``):
where staff see what a channel's workers gave up on, and how a raw item reads on the staff pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from intake.drafts import AutoReply, Inbound, Media
    from intake.sealing.keyring import Keyring


@dataclass(frozen=True)
class About:
    """The report an item went to, as its reply needs it: handed over, never read back (issue 13)."""

    reference: str | None = None
    report_id: int | None = None
    language: str | None = None  # the report's, so the reply is in the language it was made in


NO_REPORT = About()


@dataclass(frozen=True)
class Conversation:
    """A sender's latest exchange that went to a report, and that report's state."""

    reference: str
    status: str
    last_received_at: datetime


class ChannelRecords(Protocol):
    """A channel's own records of an inbound item, written in the core's transaction."""

    def keep_media(
        self, session: Session, now: datetime, inbound: Inbound, report_id: int | None, media: Media
    ) -> None:
        """Record where each provider-held file of the item is; recording again adds nothing."""

    def answer(
        self,
        session: Session,
        inbound: Inbound,
        answer: AutoReply,
        *,
        at: datetime,
        about: About,
        joined: bool,
    ) -> str:
        """Record the reply to the item (the same item again gets the first); what to send ('' for none)."""

    def last_conversation(self, session: Session, channel: str, address: str) -> Conversation | None:
        """The report the sender's latest item by ``channel`` went to, and when that item arrived."""


class MissingRecords(ValueError):
    """An item carries media, a reply or a conversation window but no records to keep them: a caller's bug."""


def keep_media(
    records: ChannelRecords | None,
    session: Session,
    now: datetime,
    inbound: Inbound,
    report_id: int | None,
    media: Media,
) -> None:
    if not media:
        return
    if records is None:
        raise MissingRecords("provider-held media needs the channel's records")
    records.keep_media(session, now, inbound, report_id, media)


def answer_item(
    records: ChannelRecords | None,
    session: Session,
    inbound: Inbound,
    answer: AutoReply | None,
    *,
    at: datetime,
    about: About = NO_REPORT,
    joined: bool = False,
) -> str:
    """The channel's answer to one item, recorded in the caller's transaction; '' when it asks for none."""
    if answer is None:
        return ""
    if records is None:
        raise MissingRecords("a reply needs the channel's records")
    return records.answer(session, inbound, answer, at=at, about=about, joined=joined)


@dataclass(frozen=True)
class FailedForGood:
    """One thing a channel's worker gave up on, without its recipient or content."""

    id: int  # the channel's own row id, newest highest
    report_id: int | None
    kind: str  # e.g. "picture"
    method: str  # the channel that holds it
    attempts: int
    last_error: str | None


# (session, at most how many) -> the newest first
FailureSource = Callable[[Session, int], list[FailedForGood]]

# raw bytes -> text a person can read; never raises
RawRenderer = Callable[[bytes], str]
# A channel's own stored blind indexes recomputed under the newest index key, ``reindex`` (issue 16):
# (session, keyring, after row id, batch) -> (last row id, recomputed, left), or None when none are left.
Reindexer = Callable[[Session, "Keyring", int, int], "tuple[int, int, int] | None"]
