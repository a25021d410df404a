"""Staff commands: ``create-staff`` bootstraps the first admin; ``staff-alerts`` watches the clocks."""

from __future__ import annotations

import time
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from intake.accounts.credentials import totp_uri
from intake.context import current_intake
from intake.staff.accounts import create_staff
from intake.staff.alerts import queue_clock_alerts
from intake.staff.errors import Refused
from intake.staff.vocabulary import Role


def init_app(app: Flask) -> None:
    app.cli.add_command(create_staff_command)
    app.cli.add_command(staff_alerts)


@click.command("create-staff")
@with_appcontext
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.ADMIN.value, show_default=True)
def create_staff_command(email: str, name: str, password: str, role: str) -> None:
    """Create a staff account (the first admin) and print its one-time-code secret, once."""
    intake = current_intake()
    try:
        user, secret = create_staff(intake, email, name, password, role)
    except Refused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"Created {role} account {user.actor}.")
    click.echo("Add this to an authenticator app now; it is not shown again.")
    click.echo(f"Secret: {secret}")
    click.echo(f"URI: {totp_uri(secret, user.email, intake.org_name)}")


@click.command("staff-alerts")
@with_appcontext
@click.option("--once", is_flag=True, help="One pass, then exit.")
@click.option("--interval", default=60.0, show_default=True, help="Seconds between passes.")
def staff_alerts(once: bool, interval: float) -> None:
    """Email TRIAGE_INBOX about response and works clocks about to be missed, once each."""
    intake = current_intake()
    lead = timedelta(minutes=int(current_app.config["STAFF_ALERT_LEAD_MINUTES"]))
    while True:
        click.echo(f"queued {queue_clock_alerts(intake, lead)} alerts")
        if once:
            return
        time.sleep(interval)
