"""Commands on the Flask app: ``flask --app intake.app COMMAND``."""

from __future__ import annotations

import sys
import time
from datetime import datetime

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from intake import audit
from intake.context import current_intake, registered_senders
from intake.export import write_export
from intake.migrate import upgrade_to_latest
from intake.outbox import deliver_due


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(export)
    app.cli.add_command(deliver_outbox)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the schema to the latest migration. Safe to run again."""
    upgrade_to_latest(current_intake().db)
    click.echo("database is at the latest migration")


@click.command("export")
@with_appcontext
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--include-contact", is_flag=True, help="Include names, phone numbers, emails and addresses.")
@click.option("--received-from", type=click.DateTime(["%Y-%m-%d"]), help="Only reports received on or after this date.")
@click.option("--received-before", type=click.DateTime(["%Y-%m-%d"]), help="Only reports received before this date.")
def export(fmt: str, include_contact: bool, received_from: datetime | None, received_before: datetime | None) -> None:
    """Every report (or those received in a date range) to standard output. Audited.

    Contact details only with --include-contact. Dates are local (TIMEZONE).
    """
    intake = current_intake()
    first = received_from.date() if received_from else None
    before = received_before.date() if received_before else None
    window = {"received_from": first, "received_before": before}
    with intake.db.begin() as session:
        audit.record(
            session,
            at=intake.clock(),
            actor="cli",
            action="export",
            format=fmt,
            include_contact=include_contact,
            window={key: value.isoformat() for key, value in window.items() if value is not None},
        )
    write_export(intake, sys.stdout, fmt, include_contact=include_contact, received_from=first, received_before=before)


@click.command("deliver-outbox")
@with_appcontext
@click.option("--once", is_flag=True, help="One pass, then exit.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between passes.")
def deliver_outbox(once: bool, interval: float) -> None:
    """Send pending outbox messages through the channels that offer each method."""
    intake = current_intake()
    senders = registered_senders(current_app)
    while True:
        stats = deliver_due(intake, senders)
        click.echo(f"sent {stats.sent}, retrying {stats.retried}, failed {stats.failed}, suppressed {stats.suppressed}")
        if once:
            return
        time.sleep(interval)
