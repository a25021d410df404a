"""Storing the raw inbound item first, under its unique keys, in the caller's transaction.

The raw bytes are sealed under the item's own data key (issue 16), made before the insert and
bound to the item's channel and key (unique, and known before the row exists): no statement more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, undefer

from intake.db_helpers import insert_or_ignore
from intake.drafts import Inbound
from intake.models import InboundAlias, InboundItem
from intake.sealing.finding import BlindIndex, phone_term
from intake.sealing.keyring import PLACEHOLDER, Cell, KeyDestroyed, Keyring, Owner, SealBroken

DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Stored:
    """The stored item's id, or, for a repeat, the report the first copy went to."""

    item_id: int | None
    duplicate: bool
    existing_report_id: int | None = None


def store_inbound(
    session: Session,
    keyring: Keyring,
    inbound: Inbound,
    received_at: datetime,
    disposition: str,
    report_id: int | None = None,
) -> Stored:
    """Insert the raw item atomically, on ``report_id`` if it has one; a key seen before stores nothing and
    names the first copy.

    A second key (an email's Message-ID arriving again under a new UID) keeps the new copy's
    raw bytes as a duplicate of the first, so a re-poll of that UID is also recognised.
    """
    owner = item_owner(inbound.channel, inbound.key)
    data_key = keyring.new_data_key(owner)
    values = dict(
        report_id=report_id,
        channel=inbound.channel,
        key=inbound.key,
        raw=data_key.seal_bytes(raw_cell(owner), inbound.raw),
        **data_key.columns(),
        content_type=inbound.content_type,
        received_at=received_at,
        disposition=disposition,
    )
    item_id = insert_or_ignore(session, InboundItem, values, ["channel", "key"])
    if item_id is None:
        return Stored(None, True, _report_of_key(session, inbound.channel, inbound.key))
    for alias in sorted(set(inbound.also_keys)):
        first = _claim_alias(session, inbound.channel, alias, item_id)
        if first is not None:
            first_report_id = _report_of_item(session, first)
            session.execute(
                update(InboundItem)
                .where(InboundItem.id == item_id)
                .values(disposition=DUPLICATE, report_id=first_report_id)
                .execution_options(synchronize_session=False)
            )
            return Stored(item_id, True, first_report_id)
    return Stored(item_id, False)


def item_owner(channel: str, key: str) -> Owner:
    """Whose key: the item, by its channel and its key as stored (a digest of an over-long key)."""
    return Owner(InboundItem.__tablename__, f"{channel}:{key}")


def raw_cell(owner: Owner) -> Cell:
    return Cell(InboundItem.__tablename__, "raw", owner.binding)


def raw_of(keyring: Keyring, item: InboundItem) -> bytes:
    """The item's raw bytes, opened; plain bytes (an item from before sealing) as they are.

    An item whose key was destroyed (its case purged) reads as the placeholder, never an error.
    """
    owner = item_owner(item.channel, item.key)
    try:
        return keyring.open(owner, item.wrapped_key).unseal_bytes(raw_cell(owner), item.raw)
    except KeyDestroyed:
        return PLACEHOLDER.encode()


def opened_raw(session: Session, keyring: Keyring, channel: str, keys: Sequence[str]) -> dict[str, bytes | None]:
    """The raw bytes of this channel's items with these keys (as stored), opened, by key; None for an
    item whose key was destroyed (or that does not open). For a channel recomputing what it derived
    from its items (``reindex``): never for showing."""
    query = select(InboundItem).where(InboundItem.channel == channel, InboundItem.key.in_(keys))
    found: dict[str, bytes | None] = {}
    for item in session.scalars(query.options(undefer(InboundItem.raw))):
        owner = item_owner(item.channel, item.key)
        try:
            found[item.key] = keyring.open(owner, item.wrapped_key).unseal_bytes(raw_cell(owner), item.raw)
        except (KeyDestroyed, SealBroken):
            found[item.key] = None
    return found


def _claim_alias(session: Session, channel: str, alias: str, item_id: int) -> int | None:
    """None if the alias is new to us; else the id of the item that first had it."""
    values = dict(channel=channel, key=alias, inbound_item_id=item_id)
    if insert_or_ignore(session, InboundAlias, values, ["channel", "key"]) is not None:
        return None
    return session.scalar(
        select(InboundAlias.inbound_item_id).where(InboundAlias.channel == channel, InboundAlias.key == alias)
    )


def _report_of_item(session: Session, item_id: int) -> int | None:
    return session.scalar(select(InboundItem.report_id).where(InboundItem.id == item_id))


def _report_of_key(session: Session, channel: str, key: str) -> int | None:
    return session.scalar(select(InboundItem.report_id).where(InboundItem.channel == channel, InboundItem.key == key))


SENDER = "phone"  # the blind-index kind a channel keeps a sender's number under


def sender_index(index: BlindIndex, address: str) -> str:
    """What a channel stores for an item's sender (the SMS channel's ``inbound_replies``): a blind index
    of the number as E.164 (the text as sent when it does not parse), never the number."""
    return index.of(SENDER, _sender_term(address))


def matching_sender(index: BlindIndex, address: str) -> list[str]:
    """Every stored value ``address`` may have: its index under each index key, and itself as stored
    before sealing. For ``IN`` look-ups: the reply cap, conversations, the subject-access search."""
    return [*index.matching(SENDER, _sender_term(address)), address]


def _sender_term(address: str) -> str:
    return phone_term(address) or address.strip()
