"""``flask --app intake.app sms-fetch-media``: the background job for pictures sent by text."""

from __future__ import annotations

import time

import click
from flask import Flask
from flask.cli import with_appcontext

from channels.sms.media import fetch_due_media
from channels.sms.options import current_options
from channels.sms.twilio_api import TwilioApi
from intake.public import current_intake


def init_app(app: Flask) -> None:
    app.cli.add_command(fetch_media)


@click.command("sms-fetch-media")
@click.option("--once", is_flag=True, help="One pass, then exit.")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between passes.")
@with_appcontext
def fetch_media(once: bool, interval: float) -> None:
    """Fetch pictures sent with texts, keep them as attachments, then delete them at Twilio."""
    options = current_options()
    if not options.can_call_twilio:
        raise click.ClickException("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are needed to fetch media")
    api, intake = TwilioApi(options), current_intake()
    while True:
        stats = fetch_due_media(intake, api)
        click.echo(f"stored {stats.stored}, deleted at Twilio {stats.deleted}, retrying {stats.retrying}")
        if once:
            return
        time.sleep(interval)
