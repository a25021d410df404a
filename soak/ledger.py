"""The ledger: everything sent compared with everything stored, once the load stops and the queues drain.

Every accepted SMS, API call, web form and mail is exactly one stored inbound item that became
one report or one message on a report; nothing accepted is missing; no report is doubled; every
acknowledgement the outbox holds was delivered at least once (duplicates counted); nothing is
left in the outbox, the media queue or the IMAP inbox.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text

from intake.outbox import contact_index
from intake.sealing import BlindIndex
from soak.load import Item

UNIQUE = re.compile(r"[0-9a-f]{32}")
STORED = {"new_report", "added_to_report"}


@dataclass
class ChannelFigures:
    offered: int = 0
    accepted: int = 0
    not_accepted: int = 0  # the client gave up (still checked: stored without an acknowledgement is no loss)
    replays: int = 0
    stored_once: int = 0
    lost: int = 0
    doubled: int = 0
    not_a_report: int = 0  # stored, but neither a report nor a message on one
    reports: int = 0
    messages: int = 0


@dataclass
class Ledger:
    channels: dict[str, ChannelFigures] = field(default_factory=dict)
    outbox: Counter[str] = field(default_factory=Counter)
    acknowledgements: int = 0
    delivered: int = 0
    undelivered: int = 0
    duplicate_deliveries: int = 0
    staff_alerts_delivered: int = 0
    media_pending: int = 0
    inbox_left: int = 0
    lost_examples: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return sum(figures.lost for figures in self.channels.values())

    @property
    def doubled(self) -> int:
        return sum(figures.doubled for figures in self.channels.values())

    @property
    def stuck(self) -> int:
        unsent = sum(count for status, count in self.outbox.items() if status not in {"sent", "suppressed"})
        return unsent + self.media_pending + self.inbox_left + self.undelivered

    @property
    def clean(self) -> bool:
        return self.lost == 0 and self.doubled == 0 and self.stuck == 0


def _unique(key: str) -> str:
    """The soak's own 32-hex-digit id: the first in a stored key (a MessageSid, a scoped Idempotency-Key, an
    email's Message-ID followed by its digest)."""
    found = UNIQUE.findall(key.lower())
    return found[0] if found else key


def check(
    database_url: str,
    items: list[Item],
    email_to: list[list[str]],
    sms_sent: list[dict[str, str]],
    inbox_left: int,
    triage_inbox: str,
    index: BlindIndex,
) -> Ledger:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT id, channel, key, disposition, report_id FROM inbound_items")).all()
        aliases = connection.execute(text("SELECT inbound_item_id, key FROM inbound_aliases")).all()
        reports = dict(connection.execute(text("SELECT channel, count(*) FROM reports GROUP BY channel")).all())
        outbox = connection.execute(text("SELECT kind, method, recipient_index, status FROM outbox_messages")).all()
        media = connection.execute(text("SELECT count(*) FROM remote_media WHERE status = 'pending'")).scalar_one()
    engine.dispose()
    ledger = Ledger(media_pending=int(media), inbox_left=inbox_left)
    _inbound(ledger, items, stored, aliases, reports)
    _deliveries(ledger, outbox, email_to, sms_sent, triage_inbox, index)
    return ledger


def _inbound(ledger: Ledger, items: list[Item], stored: list, aliases: list, reports: dict[str, int]) -> None:
    by_key: dict[tuple[str, str], list] = {}
    alias_of = {item_id: key for item_id, key in aliases}
    for row in stored:
        key = alias_of.get(row.id, row.key) if row.channel == "email" else row.key
        by_key.setdefault((row.channel, _unique(key)), []).append(row)
    for item in items:
        figures = ledger.channels.setdefault(item.channel, ChannelFigures())
        figures.offered += 1
        figures.replays += item.replays
        found = by_key.get((_channel(item.channel), _unique(item.key)), [])
        if item.accepted_at is None:
            figures.not_accepted += 1
        else:
            figures.accepted += 1
        if len(found) > 1:
            figures.doubled += 1
        elif len(found) == 1:
            figures.stored_once += 1
            if found[0].disposition not in STORED or found[0].report_id is None:
                figures.not_a_report += 1
            elif found[0].disposition == "new_report":
                figures.reports += 1
            else:
                figures.messages += 1
        elif item.accepted_at is not None:
            figures.lost += 1
            ledger.lost_examples.append(f"{item.channel} {item.key}")
    for channel, figures in ledger.channels.items():
        made = sum(1 for row in stored if row.channel == _channel(channel) and row.disposition == "new_report")
        figures.doubled += max(0, reports.get(_channel(channel), 0) - made)  # a report with no inbound item of its own


def _channel(client_channel: str) -> str:
    return {"api": "partner"}.get(client_channel, client_channel)


def _deliveries(
    ledger: Ledger,
    outbox: list,
    email_to: list[list[str]],
    sms_sent: list[dict[str, str]],
    triage_inbox: str,
    index: BlindIndex,
) -> None:
    """Recipients are sealed in the outbox (issue 16): compared by their blind index."""
    received: Counter[str | None] = Counter()
    for recipients in email_to:
        received.update(contact_index(index, "email", address) for address in recipients)
    received.update(contact_index(index, "sms", form.get("To", "")) for form in sms_sent)
    triage = contact_index(index, "email", triage_inbox)
    expected: Counter[str | None] = Counter()
    for row in outbox:
        ledger.outbox[row.status] += 1
        if row.status == "sent" and row.recipient_index != triage:
            expected[row.recipient_index] += 1
    ledger.acknowledgements = sum(expected.values())
    for recipient, count in expected.items():
        got = received.get(recipient, 0)
        ledger.delivered += min(got, count)
        ledger.undelivered += max(0, count - got)
        ledger.duplicate_deliveries += max(0, got - count)
    ledger.staff_alerts_delivered = received.get(triage, 0)
