"""Reading headers that real mail gets wrong, one header at a time, without ever raising.

``email``'s ``policy.default`` parses each header when it is read, and some real headers make
it raise (a lone quote in ``To``, an Exchange-style ``Message-ID`` in brackets). Each header
read here falls back to its raw value, decoded as RFC 2047 where it can be, so one odd header
costs that header's structure, never the message.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime

from channels.email.charsets import decode_words, unfold
from intake.public import storable

# No controls: a NUL inside brackets is no Message-ID, and PostgreSQL refuses it even in a query.
_MESSAGE_ID = re.compile(r"<[^<>\s\x00-\x1f\x7f]+>")
MAX_ID_LENGTH = 250
_ADDRESS = r"[^<>@\s\"(),;:\\]+@[^<>@\s\"(),;:\\]+"  # nothing quoted, commented or listed
_PLAIN_FROM = re.compile(rf"\s*(?:[\w .'-]*<{_ADDRESS}>|{_ADDRESS})\s*")  # Name <address>, or the address
_LINE_BREAKS = re.compile(r"\n|\r")  # a folded header's breaks, as policy.default removes them


Headers = dict[str, list[str]]  # lower-cased name -> every value as it arrived, top first


def index(message: Message) -> Headers:
    """A message's headers read once (issue 13), for every look-up below."""
    found: Headers = {}
    for key, value in message.raw_items():
        found.setdefault(key.lower(), []).append(str(value))
    return found


def header(found: Headers, name: str) -> str | None:
    """The first ``name`` header as text, RFC 2047 decoded; None when absent."""
    return decode_words(raw_header(found, name))


def raw_header(found: Headers, name: str) -> str | None:
    """The first ``name`` header exactly as it arrived, unparsed."""
    values = found.get(name.lower())
    return values[0] if values else None


def raw_headers(found: Headers, name: str) -> list[str]:
    """Every ``name`` header as it arrived, top first (``Received`` is stamped top-down)."""
    return found.get(name.lower(), [])


def sender(found: Headers) -> tuple[str | None, str | None]:
    """The From address (lower-cased) and display name, whichever parser can read them.

    The message's headers are raw (compat32). A plain ``Name <address>`` is split by ``parseaddr``;
    anything quoted, encoded or commented goes through ``policy.default``'s address parser, which
    reads what ``parseaddr`` gets wrong (and costs a third of a message's parse).
    """
    raw = raw_header(found, "From")
    if raw is not None and _PLAIN_FROM.fullmatch(raw):
        name, address = parseaddr(raw)
        return (storable(address.lower()) if "@" in address else None), (name.strip() or None)
    try:
        addresses = policy.default.header_factory("From", _LINE_BREAKS.sub("", raw)).addresses if raw else ()
    except Exception:  # noqa: BLE001 - fall back to the lenient parser below
        addresses = ()
    if addresses and addresses[0].addr_spec:
        return storable(addresses[0].addr_spec.lower()), (decode_words(addresses[0].display_name) or None)
    name, address = parseaddr(decode_words(raw) or "")
    return (storable(address.lower()) if "@" in address else None), (name or None)


def message_id(message: Headers) -> str | None:
    """The Message-ID as sent (angle brackets kept), if it is there and of a storable length."""
    value = (raw_header(message, "Message-ID") or "").strip()
    found = _MESSAGE_ID.search(value)
    identifier = found[0] if found else storable(value.split()[0]) if value else ""
    return identifier if 0 < len(identifier) <= MAX_ID_LENGTH else None


def referenced_ids(message: Headers) -> tuple[str, ...]:
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


def top_received_date(message: Headers) -> datetime | None:
    """The date our side's mail server stamped: after the last ';' of the top Received header."""
    received = raw_headers(message, "Received")
    return header_date(received[0].rsplit(";", 1)[-1]) if received and ";" in received[0] else None


def domain_of(address: str) -> str:
    """The domain of an address, lower-cased: what partner domains and do-not-reply entries match."""
    return address.rsplit("@", 1)[-1].lower()
