"""What PostgreSQL will store: text without NUL bytes or lone surrogates, within its column's length.

SQLite stores anything; PostgreSQL refuses a NUL byte, a broken surrogate and a string longer than
its ``String(n)`` column. Refused there means a report lost only in production (DESIGN: "Nothing
lost"), so every value a channel hands the core passes through here first. The whole value is
always kept in the raw inbound item; what is cut here is named for a person to review.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import String

REPLACEMENT = "\ufffd"


def storable(text: str) -> str:
    """The text with NUL bytes and lone surrogates replaced, as every database can store it."""
    return text.encode("utf-8", errors="replace").decode("utf-8").replace("\x00", REPLACEMENT)


def column_limit(column: Any) -> int:
    """The length a ``String(n)`` column holds, read from the model so the two never disagree."""
    column_type = column.property.columns[0].type
    if not isinstance(column_type, String) or column_type.length is None:
        raise TypeError(f"{column} is not a bounded string column")
    return column_type.length


def bounded(text: str, limit: int, field: str, reasons: list[str]) -> str:
    """Storable text within ``limit`` characters; cutting it is a reason for a person to look."""
    cleaned = storable(text)
    if cleaned != text:
        reasons.append(f"{field}: characters that could not be stored were replaced")
    if len(cleaned) > limit:
        reasons.append(f"{field} was longer than {limit} characters: cut short here, kept whole in the raw input")
        return cleaned[:limit]
    return cleaned


def storable_key(key: str, limit: int) -> str:
    """A unique key as it can be stored: itself, or a digest of it when too long or not storable.

    A digest, not a cut: two different long keys must stay two keys, and the same key sent
    again must give the same stored key, so a repeat is still recognised.
    """
    if len(key) <= limit and storable(key) == key:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8", errors="surrogatepass")).hexdigest()
