"""Plain keyword factories for tests: ``make_draft(channel="sms", description=...)``."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from intake.context import Intake
from intake.drafts import Contact, Inbound, MessageDraft, ReportDraft
from intake.services import Submission, add_message, submit_report


def make_inbound(
    channel: str = "web", key: str | None = None, raw: bytes = b"raw input", received_at: datetime | None = None
) -> Inbound:
    return Inbound(channel=channel, key=key or secrets.token_hex(8), raw=raw, received_at=received_at)


def make_draft(
    channel: str = "web",
    key: str | None = None,
    raw: bytes = b"raw input",
    received_at: datetime | None = None,
    description: str = "They shouted abuse at me outside my flat.",
    **fields: Any,
) -> ReportDraft:
    return ReportDraft(inbound=make_inbound(channel, key, raw, received_at), description=description, **fields)


def submit(intake: Intake, **fields: Any) -> Submission:
    return submit_report(intake, make_draft(**fields))


def add(
    intake: Intake,
    reference: str,
    text: str = "It happened again.",
    channel: str = "sms",
    key: str | None = None,
    sender: Contact | None = None,
    **fields: Any,
) -> Submission:
    return add_message(
        intake,
        MessageDraft(
            inbound=make_inbound(channel, key), report_reference=reference, text=text, sender=sender, **fields
        ),
    )
