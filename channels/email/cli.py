"""``flask --app intake.app poll-email`` and ``ingest-eml``: the two ways mail comes in."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from channels.email.ingest import EmailSettings, ingest
from channels.email.mailbox import MailboxSettings
from channels.email.poller import Poller
from config import ConfigError
from intake.public import Intake, current_intake, deliver_due, registered_senders

INGEST_BATCH = 50  # files stored in one transaction


def email_settings(config: dict[str, Any]) -> EmailSettings:
    """The pipeline's settings from the app's config."""
    return EmailSettings(
        max_bytes=config["EMAIL_MAX_MESSAGE_BYTES"],
        do_not_reply=tuple(config["EMAIL_DO_NOT_REPLY"]),
        mail_from=parseaddr(config["MAIL_FROM"] or "")[1].lower() or None,  # "Name <address>" allowed
        authserv_id=config["EMAIL_AUTHSERV_ID"],
    )


def mailbox_settings(config: dict[str, Any]) -> MailboxSettings:
    """The IMAP account from the app's config; poll-email cannot start without one."""
    for name in ("IMAP_HOST", "IMAP_USER", "IMAP_PASSWORD"):
        if not config.get(name):
            raise ConfigError(name, "is required to poll the email inbox")
    return MailboxSettings(
        host=config["IMAP_HOST"],
        port=config["IMAP_PORT"],
        security=config["IMAP_SECURITY"],
        user=config["IMAP_USER"],
        password=config["IMAP_PASSWORD"],
        ca_file=config["IMAP_CA_FILE"],
        mailbox=config["IMAP_MAILBOX"],
        processed=config["IMAP_PROCESSED_MAILBOX"],
        timeout_seconds=config["IMAP_TIMEOUT_SECONDS"],
    )


@click.command("poll-email")
@click.option("--once", is_flag=True, help="One pass over the inbox, then exit (non-zero if it failed).")
@click.option("--exit-after-commit", is_flag=True, hidden=True)  # crash test: die before the IMAP move
@with_appcontext
def poll_email(once: bool, exit_after_commit: bool) -> None:
    """Store every message in the IMAP inbox as a report or a message, then move it to the processed folder."""
    intake, config = current_intake(), current_app.config
    senders = registered_senders(current_app)
    poller = Poller(
        intake,
        email_settings(config),
        mailbox_settings(config),
        batch_size=config["IMAP_BATCH_SIZE"],
        fetch_one_bytes=config["EMAIL_FETCH_ONE_BYTES"],
        idle_seconds=config["IMAP_IDLE_SECONDS"],
        poll_seconds=config["IMAP_POLL_SECONDS"],
        after_batch=lambda: deliver_due(intake, senders),
        exit_after_commit=exit_after_commit,
    )
    sys.exit(poller.run(once=once))


@click.command("ingest-eml")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@with_appcontext
def ingest_eml(paths: tuple[Path, ...]) -> None:
    """Run .eml files (or folders of them) through the email pipeline, one line per file.

    Exits non-zero only when a file cannot be read; every other file is stored.
    """
    intake, settings = current_intake(), email_settings(current_app.config)
    unreadable = 0
    files = list(_eml_files(paths))
    for start in range(0, len(files), INGEST_BATCH):
        lines: list[str] = []
        with intake.db.batch():  # one transaction, a savepoint per file (issue 13); said after the commit
            for path in files[start : start + INGEST_BATCH]:
                line = _ingest_file(intake, settings, path)
                unreadable += line is None
                lines.append(line or "")
        for line in filter(None, lines):
            click.echo(line)
    sys.exit(1 if unreadable else 0)


def _ingest_file(intake: Intake, settings: EmailSettings, path: Path) -> str | None:
    """The file's line for the output, or None if it could not be read (said at once, on stderr)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        click.echo(f"{path}: cannot be read ({error.strerror})", err=True)
        return None
    ingested = ingest(intake, settings, raw)
    reference = ingested.submission.reference
    return f"{path}: {ingested.label}" + (f" {reference}" if reference else "")


def _eml_files(paths: tuple[Path, ...]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(path.glob("*.eml"))
        else:
            yield path
