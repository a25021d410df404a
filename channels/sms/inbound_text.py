"""One text as Twilio posted it, in our words: who sent it, what it says, what it carries.

Twilio's field names (MessageSid, From, Body, NumMedia, MediaUrlN, OptOutType) stop here.
Twilio adds fields without notice: the whole form is kept raw, and unknown fields are ignored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from werkzeug.datastructures import MultiDict

from intake.public import Channel, Inbound, normalise_phone

MAX_MEDIA = 10  # Twilio sends at most ten files with one message


@dataclass(frozen=True)
class IncomingText:
    inbound: Inbound
    sender: str | None  # E.164 where it parsed; never logged
    body: str
    media: tuple[tuple[str, str | None], ...]  # (url, declared type)
    opt_out_type: str | None


def read_text(form: MultiDict[str, str], raw: bytes, received_at: datetime) -> IncomingText:
    """The text in a posted form, with the raw body kept under its MessageSid."""
    key = form.get("MessageSid") or form.get("SmsSid") or "sha256:" + hashlib.sha256(raw).hexdigest()
    inbound = Inbound(
        channel=Channel.SMS.value,
        key=key,
        raw=raw,
        content_type="application/x-www-form-urlencoded",
        received_at=received_at,
    )
    return IncomingText(
        inbound=inbound,
        sender=normalise_phone(form.get("From"), "sender", []),
        body=form.get("Body", ""),
        media=_media(form),
        opt_out_type=form.get("OptOutType") or None,
    )


def _media(form: MultiDict[str, str]) -> tuple[tuple[str, str | None], ...]:
    files = []
    for index in range(MAX_MEDIA):
        url = form.get(f"MediaUrl{index}")
        if url:
            files.append((url, form.get(f"MediaContentType{index}")))
    return tuple(files)
