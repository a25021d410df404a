"""The sender's blind index on ``inbound_replies``, recomputed under the newest index key (``flask reindex``).

The number is kept nowhere but in the raw item the text came in (sealed under the item's own key):
it is read from there, as the webhook read it, and indexed again. A row whose item's key was
destroyed is left as it is, and so is one from before sealing (a plain number, not an index).
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from channels.sms.inbound_text import read_text
from channels.sms.tables import InboundReply
from intake.public import Channel, Keyring, column_limit, opened_raw, sender_index, storable


def reindex_senders(session: Session, keyring: Keyring, after: int, batch: int) -> tuple[int, int, int] | None:
    """One batch of texts' sender indexes after row id ``after``: (last id, recomputed, left), or None when done."""
    newest = f"{keyring.index.keys[0].version}:"
    query = select(InboundReply).where(
        InboundReply.id > after,
        InboundReply.channel == Channel.SMS.value,
        InboundReply.address.like("%:%"),  # an index (a number from before sealing has no colon)
        InboundReply.address.not_like(f"{newest}%"),
    )
    rows = list(session.scalars(query.order_by(InboundReply.id).limit(batch).with_for_update()))
    if not rows:
        return None
    raws = opened_raw(session, keyring, Channel.SMS.value, [row.inbound_key for row in rows])
    recomputed = left = 0
    for row in rows:
        raw = raws.get(row.inbound_key)
        if raw is None:
            left += 1
            continue
        form = MultiDict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        sender = read_text(form, raw, row.received_at).sender or ""
        row.address = sender_index(keyring.index, storable(sender)[: column_limit(InboundReply.address)])
        recomputed += 1
    return rows[-1].id, recomputed, left
