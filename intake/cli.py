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
from intake.sealing import SealingError, backfill, reindex, reseal
from intake.sealing import upkeep as sealing


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(export)
    app.cli.add_command(deliver_outbox)
    app.cli.add_command(rotate_keys)
    app.cli.add_command(destroy_data_key)
    app.cli.add_command(encrypt_existing)
    app.cli.add_command(reseal_data_key)
    app.cli.add_command(reindex_command)


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


@click.command("rotate-keys")
@with_appcontext
@click.option("--batch", default=sealing.ROTATION_BATCH, show_default=True, help="Data keys per transaction.")
def rotate_keys(batch: int) -> None:
    """Rewrap every data key and attachment file key under the newest key-encryption key. Safe to rerun.

    Nothing is sealed again (a file's header is rewritten, never its content); each batch commits
    on its own, so the service keeps running and a stopped run continues where it stopped. When
    it reports nothing left, the older key-encryption keys can be taken out of ENCRYPTION_KEYS.
    """
    intake = current_intake()
    try:
        rotated = sealing.rotate_keys(intake.db, intake.keyring, batch)
        files = intake.attachments.rotate_keys()
    except SealingError as error:
        raise click.ClickException(str(error)) from None
    newest = intake.keyring.newest
    counts = ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in rotated.counts.items())
    under = f"key-encryption key {newest.id} version {newest.version}"
    click.echo(f"rewrapped {counts}, {files} attachment files under {under}; none left")


@click.command("destroy-data-key")
@with_appcontext
@click.option("--case", "case_reference", required=True, help="The case's reference.")
@click.confirmation_option(prompt="What this case's and its reports' keys sealed becomes unreadable. Go on?")
def destroy_data_key(case_reference: str) -> None:
    """Destroy a case's data key and each of its reports' (retention): their sealed content is gone. Audited."""
    intake = current_intake()
    try:
        keys, files = sealing.destroy_data_keys(
            intake.db,
            intake.keyring,
            case_reference,
            at=intake.clock(),
            actor="cli",
            remove_file=intake.attachments.delete,
        )
    except LookupError as error:
        raise click.ClickException(str(error)) from None
    reference = case_reference.strip().upper()
    click.echo(f"destroyed {keys} data keys of case {reference}; removed {files} attachment files only it held")


@click.command("encrypt-existing")
@with_appcontext
@click.option("--batch", default=backfill.BACKFILL_BATCH, show_default=True, help="Rows per transaction.")
def encrypt_existing(batch: int) -> None:
    """Seal what the database still holds in clear (docs/encryption.md). Resumable; safe while running."""
    intake = current_intake()
    sealed = backfill.encrypt_existing(intake.db, intake.keyring, batch, intake.attachments)
    each = [f"{sealed.reports} reports", f"{sealed.messages} messages", f"{sealed.parties} parties"]
    each += [f"{sealed.cases} cases", f"{sealed.case_records} case records", f"{sealed.report_records} report records"]
    each += [f"{sealed.outbox_messages} outbox messages", f"{sealed.inbound_items} inbound items"]
    each += [f"{sealed.files} attachment files"]
    each += [f"{count} {table.replace('_', ' ')}" for table, count in sealed.own.items()]
    counts = f"{', '.join(each[:-1])} and {each[-1]}"
    click.echo(f"sealed {counts}; none left in clear")


@click.command("reseal-data-key")
@with_appcontext
@click.option("--case", "case_reference", help="The case's reference: the case, its reports and their raw items.")
@click.option("--report", "report_reference", help="A report's reference: the report and its raw items.")
@click.confirmation_option(prompt="Everything under these data keys is sealed again under new ones. Go on?")
def reseal_data_key(case_reference: str | None, report_reference: str | None) -> None:
    """New data keys for a case or a report whose key is suspected, every value sealed again under them. Audited.

    Each owner (the case, each report, each raw item) is done in one transaction: its values and its
    key change together. Attachment files are keyed by the KEK and are not touched.
    """
    if (case_reference is None) == (report_reference is None):
        raise click.UsageError("give one of --case or --report")
    intake = current_intake()
    when, keyring = intake.clock(), intake.keyring
    try:
        if case_reference is not None:
            done = reseal.reseal_case(intake.db, keyring, case_reference, at=when, actor="cli")
            whose = f"case {case_reference.strip().upper()}"
        else:
            assert report_reference is not None
            done = reseal.reseal_report(intake.db, keyring, report_reference, at=when, actor="cli")
            whose = f"report {report_reference.strip().upper()}"
    except (LookupError, SealingError) as error:
        raise click.ClickException(str(error)) from None
    owners = ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in done.owners.items())
    click.echo(f"resealed {done.values} values of {whose} under new data keys ({owners})")


@click.command("reindex")
@with_appcontext
@click.option("--batch", default=reindex.REINDEX_BATCH, show_default=True, help="Rows per transaction.")
@click.option("--batches", type=int, help="Stop after this many batches in all (run again to continue).")
def reindex_command(batch: int, batches: int | None) -> None:
    """Recompute every blind index not under the newest index key (docs/encryption.md). Resumable."""
    intake = current_intake()
    done = reindex.reindex(intake.db, intake.keyring, batch, batches, intake.reindexers)
    click.echo(
        f"recomputed {done.recomputed} indexes under blind-index key version {done.version}; "
        f"left {done.left} whose value could not be opened"
        + (
            f"; {done.opt_outs_under_older} opt-outs are kept only as an older index key's digest "
            "(their address is not stored): keep that key listed"
            if done.opt_outs_under_older
            else ""
        )
    )
