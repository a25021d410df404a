"""One raw email as what the intake needs: the reporter's words, attachments, and a few headers.

Parsing never raises. What could not be read is kept (the raw message is stored by the core)
and named in ``review_reasons`` so that a person checks nothing was lost (DESIGN: "What cannot
be parsed still becomes a report, flagged needs_review").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from email import errors, policy
from email.message import Message
from email.parser import BytesParser

from channels.email import headers
from channels.email.charsets import decode_text, decode_words, unfold
from channels.email.html_text import html_to_text
from intake.public import AttachmentDraft

MAX_DEPTH = 20
STRUCTURE_DEFECTS = (
    errors.StartBoundaryNotFoundDefect,
    errors.CloseBoundaryNotFoundDefect,
    errors.NoBoundaryInMultipartDefect,
    errors.MultipartInvariantViolationDefect,
)
ENCODING_DEFECTS = (
    errors.InvalidBase64CharactersDefect,
    errors.InvalidBase64LengthDefect,
    errors.InvalidBase64PaddingDefect,
)
CLASSIFYING_HEADERS = (
    "Auto-Submitted",
    "Precedence",
    "X-Autoreply",
    "X-Autorespond",
    "Return-Path",
    "Content-Type",
)


@dataclass(frozen=True)
class ParsedEmail:
    """What one message said, as plain values."""

    subject: str = ""
    body: str = ""
    sender: str | None = None
    sender_name: str | None = None
    message_id: str | None = None
    answers: tuple[str, ...] = ()  # Message-IDs in In-Reply-To and References
    date: datetime | None = None
    top_received: datetime | None = None
    attachments: tuple[AttachmentDraft, ...] = ()
    classifying: dict[str, str] = field(default_factory=dict)  # lower-cased name -> value
    authentication_results: tuple[str, ...] = ()  # every Authentication-Results header, top first
    review_reasons: tuple[str, ...] = ()

    @property
    def words(self) -> str:
        """The reporter's words: the subject, then the body, whole."""
        return "\n\n".join(part for part in (self.subject.strip(), self.body.strip()) if part)


@dataclass
class _Collected:
    keep_attachments: bool
    text: list[str] = field(default_factory=list)
    attachments: list[AttachmentDraft] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def parse_email(raw: bytes, *, max_bytes: int) -> ParsedEmail:
    """Read a raw message; never raises. Over ``max_bytes``, attachments are left in the raw copy."""
    try:
        return _parse(raw, max_bytes)
    except Exception as error:  # noqa: BLE001 - one bad message never stops a batch
        text = raw.decode("utf-8", errors="replace")
        return ParsedEmail(body=text, review_reasons=(f"the message could not be parsed ({type(error).__name__})",))


def _parse(raw: bytes, max_bytes: int) -> ParsedEmail:
    # Issue 13: compat32 keeps headers as the raw strings they arrived as, and reads a part's type
    # with a light parser; policy.default's header registry parsed each header again on every read,
    # a third of the time. The one header whose structure we need (From) is parsed once, in headers.py.
    message = BytesParser(policy=policy.compat32).parsebytes(raw)
    collected = _Collected(keep_attachments=len(raw) <= max_bytes)
    if not collected.keep_attachments:
        collected.reasons.append(
            f"the message is larger than {max_bytes} bytes: attachments were not extracted, the raw message is kept"
        )
    _walk(message, collected, 0)
    found = headers.index(message)
    address, name = headers.sender(found)
    return ParsedEmail(
        subject=headers.header(found, "Subject") or "",
        body="\n\n".join(text.strip() for text in collected.text if text.strip()),
        sender=address,
        sender_name=name,
        message_id=headers.message_id(found),
        answers=headers.referenced_ids(found),
        date=headers.header_date(headers.raw_header(found, "Date")),
        top_received=headers.top_received_date(found),
        attachments=tuple(collected.attachments),
        classifying=_classifying(found),
        authentication_results=tuple(unfold(value) for value in headers.raw_headers(found, "Authentication-Results")),
        review_reasons=tuple(dict.fromkeys(collected.reasons)),
    )


def _classifying(found: headers.Headers) -> dict[str, str]:
    decoded = {name.lower(): headers.header(found, name) for name in CLASSIFYING_HEADERS}
    return {name: value for name, value in decoded.items() if value is not None}


def _walk(part: Message, out: _Collected, depth: int) -> None:
    """Collect text and attachments from one part and everything inside it."""
    if depth > MAX_DEPTH:
        out.reasons.append("the message nests parts too deeply: the innermost were not read")
        return
    try:
        _read_part(part, out, depth)
    except Exception as error:  # noqa: BLE001 - a broken part costs that part, not the message
        out.reasons.append(f"a part of the message could not be read ({type(error).__name__})")
    _note_defects(part, out)  # after reading: decoding a payload records its own defects


def _read_part(part: Message, out: _Collected, depth: int) -> None:
    content_type = part.get_content_type()
    payload = part.get_payload()
    if content_type == "message/rfc822" and isinstance(payload, list) and isinstance(payload[0], Message):
        _read_forwarded(payload[0], out, depth)
    elif part.is_multipart():
        _read_multipart(part, content_type, out, depth)
    elif _is_attachment(part, content_type):
        _keep_attachment(part, content_type, out)
    elif content_type == "text/html":
        out.text.append(html_to_text(_text_of(part, out)))
    elif part.get_content_maintype() in {"text", "multipart"}:
        out.text.append(_text_of(part, out))
    else:
        _keep_attachment(part, content_type, out)


def _read_multipart(part: Message, content_type: str, out: _Collected, depth: int) -> None:
    children: list[Message] = part.get_payload()  # type: ignore[assignment]
    if content_type == "multipart/alternative":
        children = _preferred(children)
    for child in children:
        _walk(child, out, depth + 1)


def _preferred(alternatives: list[Message]) -> list[Message]:
    """Of the alternatives, plain text where offered, else the richest one (listed last)."""
    plain = [child for child in alternatives if child.get_content_type() == "text/plain"]
    return plain[:1] or alternatives[-1:]


def _read_forwarded(inner: Message, out: _Collected, depth: int) -> None:
    """A forwarded message (advice centres forward residents' mail): its text is part of the report."""
    lines = ["---------- Forwarded message ----------"]
    found = headers.index(inner)
    for name in ("From", "Date", "Subject"):
        value = headers.header(found, name)
        if value:
            lines.append(f"{name}: {value}")
    out.text.append("\n".join(lines))
    _walk(inner, out, depth + 1)


def _is_attachment(part: Message, content_type: str) -> bool:
    if part.get_content_disposition() == "attachment":
        return True
    return part.get_filename() is not None and not content_type.startswith("text/")


def _keep_attachment(part: Message, content_type: str, out: _Collected) -> None:
    if not out.keep_attachments:
        return
    content = part.get_payload(decode=True)
    if not isinstance(content, bytes):
        content = str(part.get_payload()).encode("utf-8", errors="replace")
    filename = decode_words(_filename(part)) or "attachment"
    out.attachments.append(AttachmentDraft(filename=filename, content=content, declared_type=content_type))


def _filename(part: Message) -> str | None:
    """The sender's file name (RFC 2231 or 2047 encoded), only ever shown, never used as a path."""
    try:
        return part.get_filename()
    except Exception:  # noqa: BLE001 - malformed parameters
        return None


def _text_of(part: Message, out: _Collected) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(part.get_payload())
    return decode_text(payload, _charset(part), out.reasons)


def _charset(part: Message) -> str | None:
    try:
        return part.get_content_charset()
    except Exception:  # noqa: BLE001 - malformed parameters
        return None


def _note_defects(part: Message, out: _Collected) -> None:
    defects = getattr(part, "defects", [])
    if any(isinstance(defect, STRUCTURE_DEFECTS) for defect in defects):
        out.reasons.append("the message's structure is broken (a part boundary is missing): check nothing was lost")
    if any(isinstance(defect, ENCODING_DEFECTS) for defect in defects):
        out.reasons.append("an encoded part could not be decoded cleanly: check nothing was lost")
