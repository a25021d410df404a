"""Reading headers that real mail gets wrong, one header at a time, without ever raising.

``email``'s ``policy.default`` parses each header when it is read, and some real headers make
it raise (a lone quote in ``To``, an Exchange-style ``Message-ID`` in brackets). Each header
read here falls back to its raw value, decoded as RFC 2047 where it can be, so one odd header
costs that header's structure, never the message.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime

from channels.email.charsets import decode_words, unfold
from intake.public import storable

# No controls: a NUL inside brackets is no Message-ID, and PostgreSQL refuses it even in a query.
_MESSAGE_ID = re.compile(r"<[^<>\s\x00-\x1f\x7f]+>")
MAX_ID_LENGTH = 250


def header(message: Message, name: str) -> str | None:
    """The first ``name`` header as text, RFC 2047 decoded; None when absent."""
    return decode_words(raw_header(message, name))


def raw_header(message: Message, name: str) -> str | None:
    """The first ``name`` header exactly as it arrived, unparsed."""
    wanted = name.lower()
    return next((str(value) for key, value in message.raw_items() if key.lower() == wanted), None)


def raw_headers(message: Message, name: str) -> list[str]:
    """Every ``name`` header as it arrived, top first (``Received`` is stamped top-down)."""
    wanted = name.lower()
    return [str(value) for key, value in message.raw_items() if key.lower() == wanted]


def sender(message: Message) -> tuple[str | None, str | None]:
    """The From address (lower-cased) and display name, whichever parser can read them."""
    try:
        addresses = getattr(message.get("From"), "addresses", ())  # policy.default's AddressHeader
    except Exception:  # noqa: BLE001 - fall back to the lenient parser below
        addresses = ()
    if addresses and addresses[0].addr_spec:
        return storable(addresses[0].addr_spec.lower()), (decode_words(addresses[0].display_name) or None)
    name, address = parseaddr(decode_words(raw_header(message, "From")) or "")
    return (storable(address.lower()) if "@" in address else None), (name or None)


def message_id(message: Message) -> str | None:
    """The Message-ID as sent (angle brackets kept), if it is there and of a storable length."""
    value = (raw_header(message, "Message-ID") or "").strip()
    found = _MESSAGE_ID.search(value)
    identifier = found[0] if found else storable(value.split()[0]) if value else ""
    return identifier if 0 < len(identifier) <= MAX_ID_LENGTH else None


def referenced_ids(message: Message) -> tuple[str, ...]:
    """Every Message-ID named by In-Reply-To and References: what this message answers."""
    values = raw_headers(message, "In-Reply-To") + raw_headers(message, "References")
    return tuple(dict.fromkeys(found for value in values for found in _MESSAGE_ID.findall(value)))


def header_date(raw: str | None) -> datetime | None:
    """A header's date as an aware instant (no zone given: UTC), or None if it does not parse."""
    if not raw:
        return None
    try:
        parsed = parsedate_to_datetime(unfold(raw).strip())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def top_received_date(message: Message) -> datetime | None:
    """The date our side's mail server stamped: after the last ';' of the top Received header."""
    received = raw_headers(message, "Received")
    return header_date(received[0].rsplit(";", 1)[-1]) if received and ";" in received[0] else None


def domain_of(address: str) -> str:
    """The domain of an address, lower-cased: what partner domains and do-not-reply entries match."""
    return address.rsplit("@", 1)[-1].lower()
