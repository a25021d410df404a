"""The SMS channel's own records of a text, kept in the core's transaction (``intake.ports.ChannelRecords``).

The reply to each text (so Twilio's retry gets the same one, and a flood is answered at most
``SMS_REPLY_LIMIT`` times an hour), the pictures Twilio holds for it, and the number's last
conversation, which a later text within ``SMS_CONVERSATION_HOURS`` joins.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from channels.sms.remote_media import add_remote_media
from channels.sms.replies import answer_item, last_conversation
from intake.public import About, AutoReply, BlindIndex, Conversation, Inbound, Media


class SmsRecords:
    """Replies, remote media and conversations in the SMS channel's tables.

    A sender's number is kept only as a blind index under ``index`` (issue 16): found, never read.
    """

    def __init__(self, index: BlindIndex) -> None:
        self.index = index

    def keep_media(
        self, session: Session, now: datetime, inbound: Inbound, report_id: int | None, media: Media
    ) -> None:
        add_remote_media(session, now, inbound.channel, inbound.key, report_id, media)

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
        return answer_item(session, self.index, inbound, answer, at=at, about=about, joined=joined)

    def last_conversation(self, session: Session, channel: str, address: str) -> Conversation | None:
        return last_conversation(session, self.index, channel, address)
