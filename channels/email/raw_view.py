"""A stored raw email as text a person can read on the staff pages; never raises.

The reports that most need a person (flagged ``needs_review``) are the ones whose mail is odd:
an unknown charset, a broken part, bytes that are no text at all. So each part is decoded with
the same forgiving rules the email channel read it with (``channels.email.charsets``), and whatever
could not be decoded is said so in a bracketed note rather than failing the page.
"""

from __future__ import annotations

from email import policy
from email.message import Message
from email.parser import BytesParser

from channels.email.charsets import decode_text, decode_words

MAX_PARTS = 200


def readable_email(raw: bytes) -> str:
    """The headers, then every text part decoded, every other part named; notes for what failed."""
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(raw)
        return "\n".join([*_headers(message), "", *_body(message)])
    except Exception as error:  # noqa: BLE001 - the raw view must always open
        note = f"[the message could not be read as email ({type(error).__name__}): shown as UTF-8 with replacements]"
        return f"{note}\n\n{raw.decode('utf-8', errors='replace')}"


def _headers(message: Message) -> list[str]:
    return [f"{name}: {decode_words(str(value))}" for name, value in message.raw_items()]


def _body(message: Message) -> list[str]:
    lines: list[str] = []
    leaves = [part for part in message.walk() if not part.is_multipart()]
    for number, part in enumerate(leaves[:MAX_PARTS], start=1):
        if len(leaves) > 1:
            lines.append(f"[part {number}: {_content_type(part)}]")
        lines.append(_part_text(part))
    if len(leaves) > MAX_PARTS:
        lines.append(f"[{len(leaves) - MAX_PARTS} more parts not shown: see the raw message]")
    return lines


def _part_text(part: Message) -> str:
    """A text part decoded by its charset; anything else only named, never shown as text."""
    try:
        payload = part.get_payload(decode=True)
    except Exception as error:  # noqa: BLE001 - a broken part costs that part
        return f"[this part could not be decoded ({type(error).__name__})]"
    if not isinstance(payload, bytes):
        return str(part.get_payload())
    if part.get_content_maintype() != "text":
        name = decode_words(_filename(part)) or "no name"
        return f"[attachment not shown as text: {name!r}, {len(payload)} bytes]"
    reasons: list[str] = []
    text = decode_text(payload, _charset(part), reasons)
    return "\n".join([*(f"[{reason}]" for reason in reasons), text])


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:  # noqa: BLE001 - malformed header
        return "unknown type"


def _charset(part: Message) -> str | None:
    try:
        charset = part.get_content_charset()
    except Exception:  # noqa: BLE001 - malformed parameters
        return None
    return str(charset) if charset else None


def _filename(part: Message) -> str | None:
    try:
        return part.get_filename()
    except Exception:  # noqa: BLE001 - malformed parameters
        return None
