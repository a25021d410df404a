"""The SMS channel (Twilio): texts become reports, with a reference the sender can quote anywhere.

``init_app(app)`` adds the webhooks, the ``sms-fetch-media`` command, the senders' indexes to
``reindex`` and, where Twilio
credentials and a sending number are configured, the outbox's ``sms`` sender. Without
credentials it starts harmlessly and refuses every webhook (403). See docs/sms.md.
"""

from __future__ import annotations

from flask import Flask

from channels.sms import cli
from channels.sms import settings as sms_settings
from channels.sms.reindex import reindex_senders
from channels.sms.remote_media import failed_remote_media
from channels.sms.sender import sender_for
from channels.sms.webhook import blueprint
from intake.public import register_failure_source, register_reindexer, register_sender


def init_app(app: Flask) -> None:
    """Read and check the SMS settings, then wire the SMS channel into the app."""
    settings = sms_settings.load(app.config)
    app.extensions[sms_settings.EXTENSION] = settings
    app.register_blueprint(blueprint)
    csrf = app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(blueprint)  # Twilio signs its requests; it cannot hold a CSRF token
    cli.init_app(app)
    register_failure_source(app, failed_remote_media)
    register_reindexer(app, reindex_senders)  # the senders' blind indexes on inbound_replies
    sender = sender_for(settings)
    if sender is not None:
        register_sender(app, "sms", sender)
