"""``flask --app intake.app poll-email`` and ``ingest-eml``: the two ways mail comes in."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from channels.email.ingest import EmailSettings, ingest
from channels.email.poller import Poller
from channels.email.settings import current_settings
from intake.public import Intake, current_intake, deliver_due, registered_senders

INGEST_BATCH = 50  # files stored in one transaction


@click.command("poll-email")
@click.option("--once", is_flag=True, help="One pass over the inbox, then exit (non-zero if it failed).")
@click.option("--exit-after-commit", is_flag=True, hidden=True)  # crash test: die before the IMAP move
@with_appcontext
def poll_email(once: bool, exit_after_commit: bool) -> None:
    """Store every message in the IMAP inbox as a report or a message, then move it to the processed folder."""
    intake, settings = current_intake(), current_settings()
    senders = registered_senders(current_app)
    poller = Poller(
        intake,
        settings.pipeline,
        settings.mailbox(),
        batch_size=settings.batch_size,
        fetch_one_bytes=settings.fetch_one_bytes,
        idle_seconds=settings.idle_seconds,
        poll_seconds=settings.poll_seconds,
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
    intake, settings = current_intake(), current_settings().pipeline
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
