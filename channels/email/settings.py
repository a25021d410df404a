"""The email channel's settings (``IMAP_*``, ``EMAIL_*``), read and checked when the channel starts.

``load`` reads them from the app's config (a mapping given to ``create_app``) over the
environment, through the core's ``SettingsSource``, so a malformed one stops start-up with the
same one line naming it as every other setting. The IMAP account itself (host, user, password)
is needed only by ``poll-email``, which stops naming the one missing. ``SMTP_*`` and ``MAIL_FROM``
stay the core's: staff alerts and partner messages go out by them too, through the SMTP sender
this channel registers (``smtp_sender``). See docs/email.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from flask import current_app

from channels.email.ingest import EmailSettings
from channels.email.mailbox import MailboxSettings
from config import ConfigError, SettingsSource

EXTENSION = "email"


@dataclass(frozen=True)
class EmailChannelSettings:
    pipeline: EmailSettings
    imap_host: str | None
    imap_port: int
    imap_security: str  # tls or starttls
    imap_user: str | None
    imap_password: str | None
    imap_ca_file: str | None
    imap_mailbox: str
    imap_processed_mailbox: str
    imap_timeout_seconds: int
    batch_size: int
    fetch_one_bytes: int
    idle_seconds: int
    poll_seconds: int

    def mailbox(self) -> MailboxSettings:
        """The IMAP account; poll-email cannot start without one."""
        account = {"IMAP_HOST": self.imap_host, "IMAP_USER": self.imap_user, "IMAP_PASSWORD": self.imap_password}
        for name, value in account.items():
            if not value:
                raise ConfigError(name, "is required to poll the email inbox")
        return MailboxSettings(
            host=self.imap_host or "",
            port=self.imap_port,
            security=self.imap_security,
            user=self.imap_user or "",
            password=self.imap_password or "",
            ca_file=self.imap_ca_file,
            mailbox=self.imap_mailbox,
            processed=self.imap_processed_mailbox,
            timeout_seconds=self.imap_timeout_seconds,
        )


def load(config: Mapping[str, Any]) -> EmailChannelSettings:
    """The email settings from ``config`` over the environment; ``ConfigError`` names a malformed one."""
    source = SettingsSource.of(config)
    pipeline = EmailSettings(
        max_bytes=source.integer("EMAIL_MAX_MESSAGE_BYTES", default=25 * 1024 * 1024, low=1, high=2**31),
        do_not_reply=_do_not_reply(source.text("EMAIL_DO_NOT_REPLY", default="")),
        mail_from=parseaddr(config["MAIL_FROM"] or "")[1].lower() or None,  # "Name <address>" allowed
        authserv_id=source.optional("EMAIL_AUTHSERV_ID"),
    )
    return EmailChannelSettings(
        pipeline=pipeline,
        imap_host=source.optional("IMAP_HOST"),
        imap_port=source.integer("IMAP_PORT", default=993),
        imap_security=_imap_security(source.text("IMAP_SECURITY", default="tls")),
        imap_user=source.optional("IMAP_USER"),
        imap_password=source.optional("IMAP_PASSWORD"),
        imap_ca_file=_existing_file("IMAP_CA_FILE", source.optional("IMAP_CA_FILE")),
        imap_mailbox=source.text("IMAP_MAILBOX", default="INBOX"),
        imap_processed_mailbox=source.text("IMAP_PROCESSED_MAILBOX", default="Processed"),
        imap_timeout_seconds=source.integer("IMAP_TIMEOUT_SECONDS", default=60, low=1, high=600),
        batch_size=source.integer("IMAP_BATCH_SIZE", default=50, low=1, high=1000),
        fetch_one_bytes=source.integer("EMAIL_FETCH_ONE_BYTES", default=1024 * 1024, low=1, high=2**31),
        idle_seconds=source.integer("IMAP_IDLE_SECONDS", default=540, low=1, high=600),
        poll_seconds=source.integer("IMAP_POLL_SECONDS", default=60, low=1, high=3600),
    )


def current_settings() -> EmailChannelSettings:
    """The email settings of the app handling this request or command."""
    settings: EmailChannelSettings = current_app.extensions[EXTENSION]
    return settings


def _imap_security(value: str) -> str:
    if value not in {"tls", "starttls"}:
        raise ConfigError("IMAP_SECURITY", "must be 'tls' or 'starttls' (plain text is never used)")
    return value


def _existing_file(name: str, value: str | None) -> str | None:
    if value is not None and not Path(value).is_file():
        raise ConfigError(name, f"names no readable file: {value!r}")
    return value


def _do_not_reply(value: str) -> tuple[str, ...]:
    """Addresses (``noreply@example.org``) or whole domains (``example.org``) never acknowledged."""
    entries = tuple(part.strip().lower() for part in value.split(",") if part.strip())
    for entry in entries:
        if not re.fullmatch(r"([^@\s]+@)?[^@\s]+\.[^@\s]+", entry):
            raise ConfigError("EMAIL_DO_NOT_REPLY", f"has {entry!r}, which is neither an address nor a domain")
    return entries
