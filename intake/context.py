"""What every service function needs: the database, the calendar, the clock and a few settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, cast

from flask import Flask, current_app

from config import SHARED_EMAIL_DOMAINS
from intake.attachments import AttachmentStore
from intake.clock import WorkingCalendar, utc_now
from intake.db import Database
from intake.ports import FailureSource, RawRenderer, Reindexer
from intake.sealing.keyring import Keyring

if TYPE_CHECKING:
    from intake.outbox import Sender


@dataclass
class Intake:
    """The core's dependencies, built once by the app factory (``current_intake()`` in a request)."""

    db: Database
    calendar: WorkingCalendar
    attachments: AttachmentStore
    reference_prefix: str
    org_name: str
    keyring: Keyring  # ENCRYPTION_KEYS: seals reports' words and people's details (docs/encryption.md)
    public_base_url: str | None = None
    triage_inbox: str | None = None
    shared_email_domains: frozenset[str] = SHARED_EMAIL_DOMAINS
    clock: Callable[[], datetime] = field(default=utc_now)
    managers_inbox: str | None = None
    # Registered by channels in init_app (intake.ports): what their workers gave up on, for staff to
    # see; how a raw item of a content type reads on the staff pages.
    failure_sources: list[FailureSource] = field(default_factory=list)
    raw_renderers: dict[str, RawRenderer] = field(default_factory=dict)
    reindexers: list[Reindexer] = field(default_factory=list)  # a channel's own blind indexes (``reindex``)

    def alert_inbox(self, restricted: bool) -> str | None:
        """Where a staff alert about a report goes: a restricted one only to managers (policy 4.11).

        Never the shared triage inbox for a restricted report, whose reference alone says a
        member of staff is accused; with no managers' inbox its alerts are not sent.
        """
        return self.managers_inbox if restricted else self.triage_inbox


def current_intake() -> Intake:
    """The core's dependencies for the app handling this request or command."""
    return cast(Intake, current_app.extensions["intake"])


def register_sender(app: Flask, method: str, sender: Sender) -> None:
    """A channel offers delivery by one contact method (``email``, ``sms``) to the outbox."""
    app.extensions["intake.senders"][method] = sender


def registered_senders(app: Flask) -> dict[str, Sender]:
    return cast("dict[str, Sender]", app.extensions["intake.senders"])


def register_failure_source(app: Flask, source: FailureSource) -> None:
    """A channel shows staff what its workers gave up on for good (the failed deliveries page)."""
    cast(Intake, app.extensions["intake"]).failure_sources.append(source)


def register_raw_renderer(app: Flask, content_type: str, renderer: RawRenderer) -> None:
    """A channel says how a raw item of this content type reads on the staff pages (else UTF-8, replaced)."""
    cast(Intake, app.extensions["intake"]).raw_renderers[content_type] = renderer


def register_reindexer(app: Flask, reindexer: Reindexer) -> None:
    """A channel recomputes the blind indexes it stores in its own tables when ``reindex`` runs (issue 16)."""
    cast(Intake, app.extensions["intake"]).reindexers.append(reindexer)
