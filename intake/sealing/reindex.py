"""Recomputing stored blind indexes under the newest index key, so an older one can be removed (issue 16).

Each stored index (``<version>:<hex>``) not under the newest blind-index key is computed again from
the value it indexes, opened with its owner's data key, in batches, each batch its own transaction.
Rows are chosen by the version in their index, so a stopped run continues when run again. An index
whose value cannot be opened (its key destroyed) or is no longer there (blanked) is left as it is.

A channel's own tables are its own: the SMS channel recomputes ``inbound_replies.address`` (the
sender's index) from the raw item it came in, through ``register_reindexer``.

Not imported by ``intake.sealing`` itself (it reads the models, which import the package).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from intake.db import Database
from intake.models import Party, Report
from intake.ports import Reindexer
from intake.sealing.finding import BlindIndex, party_indexes, report_indexes
from intake.sealing.keyring import DataKey, Keyring, SealBroken, is_sealed

REINDEX_BATCH = 500
BY_CHANNELS = {"inbound_replies": ("address",)}  # recomputed by the channel that keeps them (register_reindexer)


@dataclass(frozen=True)
class IndexedTable:
    """A table's stored indexes: each index column, the sealed column (its clear name) it is computed from."""

    model: Any
    sources: dict[str, str]  # index column -> the clear attribute (a SealedText) it indexes
    compute: Callable[[BlindIndex, dict[str, str | None]], dict[str, str | None]]
    key_of: Callable[[Any, Keyring], DataKey]


def _report_indexes(index: BlindIndex, clear: dict[str, str | None]) -> dict[str, str | None]:
    return report_indexes(index, clear["location"], clear["responsible_description"], clear["postcode"])


def _party_indexes(index: BlindIndex, clear: dict[str, str | None]) -> dict[str, str | None]:
    return party_indexes(
        index,
        phone=clear["phone"],
        email=clear["email"],
        name=clear["name"],
        named_person=clear["named_person"],
        address=clear["address"],
    )


INDEXED: tuple[IndexedTable, ...] = (
    IndexedTable(
        Report,
        {"location_index": "location", "responsible_index": "responsible_description", "postcode_index": "postcode"},
        _report_indexes,
        lambda report, keyring: keyring.open(report.owner, report.wrapped_key),
    ),
    IndexedTable(
        Party,
        {
            "phone_index": "phone",
            "email_index": "email",
            "name_index": "name",
            "named_person_index": "named_person",
            "postcode_index": "address",
        },
        _party_indexes,
        lambda party, keyring: keyring.open(party.report.owner, party.report.wrapped_key),
    ),
)


@dataclass(frozen=True)
class Reindexed:
    """What one run did: indexes recomputed, and those left (their value unreadable or gone)."""

    recomputed: int
    left: int
    version: int  # the newest blind-index key's


def reindex(
    db: Database,
    keyring: Keyring,
    batch: int = REINDEX_BATCH,
    batches: int | None = None,
    channels: Sequence[Reindexer] = (),
) -> Reindexed:
    """Every stored index not under the newest index key, computed again under it (at most ``batches``).

    The core's tables first, then each channel's own (``register_reindexer``), a batch at a time.
    """
    version = keyring.index.keys[0].version
    recomputed = left = done = 0
    reindexers: list[Reindexer] = [*(partial(_reindex_batch, table) for table in INDEXED), *channels]
    for reindexer in reindexers:
        after = 0
        while batches is None or done < batches:
            with db.begin() as session:
                counts = reindexer(session, keyring, after, batch)
            if counts is None:
                break
            after, changed, unchanged = counts
            recomputed, left, done = recomputed + changed, left + unchanged, done + 1
    return Reindexed(recomputed, left, version)


def _reindex_batch(
    table: IndexedTable, session: Session, keyring: Keyring, after: int, batch: int
) -> tuple[int, int, int] | None:
    """One batch, after row id ``after``: (the last id, indexes recomputed, indexes left), or None when done."""
    model, version = table.model, keyring.index.keys[0].version
    stale = or_(*(_stale(getattr(model, column), version) for column in table.sources))
    query = select(model).where(model.id > after, stale).order_by(model.id).limit(batch)
    rows = list(session.scalars(query.with_for_update(of=model)))  # an edit meanwhile waits, then wins
    if not rows:
        return None
    changed = unchanged = 0
    prefix = f"{version}:"
    for row in rows:
        key = table.key_of(row, keyring)
        clear = {name: _opened(key, row, name) for name in table.sources.values()}
        fresh = table.compute(keyring.index, clear)
        for column, name in table.sources.items():
            stored_index = getattr(row, column)
            if stored_index is None or stored_index.startswith(prefix):
                continue
            if clear[name] is None or fresh[column] is None:
                unchanged += 1  # its value cannot be opened, or is gone: left as it is
                continue
            setattr(row, column, fresh[column])
            changed += 1
    return rows[-1].id, changed, unchanged


def _opened(key: DataKey, row: Any, name: str) -> str | None:
    """The value in clear; None when it cannot be opened (its key destroyed, or it does not open)."""
    stored = getattr(row, f"{name}_sealed")
    if is_sealed(stored) and key.destroyed:
        return None
    try:
        return key.unseal_optional(row.cell(name), stored)
    except SealBroken:
        return None


def _stale(column: Any, version: int) -> Any:
    return and_(column.is_not(None), column.not_like(f"{version}:%"))
