"""Text from bytes in whatever charset a mailer claimed, forgiving the usual mislabels; never raises.

Written once for the whole service: the email channel reads every message with it, and the staff
pages show a stored raw message with it, so a message the channel could read never fails to open.
"""

from __future__ import annotations

import codecs
import re
from email.header import decode_header

# Mail labelled Latin-1 or ASCII is very often Windows-1252 (curly quotes, the euro sign), as
# browsers also assume; Windows-1252 decodes every Latin-1 text the same way.
WINDOWS_1252_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252"})
ASCII_LABELS = frozenset({"us-ascii", "ascii", "ansi_x3.4-1968"})
UTF8_LABELS = frozenset({"utf-8", "utf8"})


def decode_text(payload: bytes, charset: str | None, reasons: list[str]) -> str:
    """Bytes as text by their declared charset; what cannot be decoded is replaced and named in ``reasons``."""
    label = (charset or "").strip().strip("\"'").lower()
    if not label or label in ASCII_LABELS or label in UTF8_LABELS:
        return _utf8_else_windows_1252(payload)
    if label in WINDOWS_1252_LABELS:
        return _windows_1252(payload)
    codec = codec_for(label)
    if codec is None:
        reasons.append(f"unknown character set {label[:40]!r}: text decoded as UTF-8 with replacements")
        return payload.decode("utf-8", errors="replace")
    try:
        return payload.decode(codec)
    except UnicodeDecodeError:
        reasons.append(f"text did not match its character set {label[:40]!r}: some characters were replaced")
        return payload.decode(codec, errors="replace")


def codec_for(label: str) -> str | None:
    """Python's codec for a charset label, also for ``x-mac-cyrillic`` and ``iso-8859-8-i`` forms."""
    for candidate in (label, label.removeprefix("x-"), label.removesuffix("-i"), label.removesuffix("-e")):
        try:
            return codecs.lookup(candidate).name
        except LookupError:
            continue
    return None


def _utf8_else_windows_1252(payload: bytes) -> str:
    """Mailers label Windows-1252 text as UTF-8 or ASCII; every byte of it still means something."""
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError:
        return _windows_1252(payload)


def _windows_1252(payload: bytes) -> str:
    try:
        return payload.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return payload.decode("latin-1")


def decode_words(raw: str | None) -> str | None:
    """RFC 2047 encoded words decoded where they are well formed; the raw text otherwise."""
    if raw is None:
        return None
    try:
        chunks = decode_header(raw)
    except Exception:  # noqa: BLE001 - broken encoded words
        chunks = [(raw, None)]
    return unfold("".join(_chunk_text(chunk, charset) for chunk, charset in chunks)).strip()


def unfold(value: str) -> str:
    """A folded header on one line."""
    return re.sub(r"\r?\n[ \t]*", " ", value)


def _chunk_text(chunk: bytes | str, charset: str | None) -> str:
    """One decoded piece; raw 8-bit header bytes (kept as surrogates by ``email``) as UTF-8 or 1252."""
    data = chunk.encode("utf-8", errors="surrogateescape") if isinstance(chunk, str) else chunk
    return decode_text(data, charset if charset != "unknown-8bit" else None, [])
