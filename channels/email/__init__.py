"""The email channel: an IMAP inbox polled into reports, and acknowledgements sent by SMTP.

``init_app`` adds the ``poll-email`` and ``ingest-eml`` commands and offers the outbox an
SMTP sender for the ``email`` method. Nothing connects anywhere until a command runs, so the
app starts harmlessly when ``IMAP_HOST`` is not set.
"""

from __future__ import annotations

from flask import Flask

from channels.email.cli import ingest_eml, poll_email
from channels.email.ingest import RAW_TYPE
from channels.email.raw_view import readable_email
from channels.email.smtp_sender import SmtpSender
from intake.public import ContactMethod, register_raw_renderer, register_sender


def init_app(app: Flask) -> None:
    """Register the email commands and the SMTP sender."""
    app.cli.add_command(poll_email)
    app.cli.add_command(ingest_eml)
    register_sender(app, ContactMethod.EMAIL.value, smtp_sender(app))
    register_raw_renderer(app, RAW_TYPE, readable_email)  # the staff raw view of an emailed report


def smtp_sender(app: Flask) -> SmtpSender:
    """The outbox's email sender, from the SMTP settings (it fails each send, retried, until they are set)."""
    config = app.config
    return SmtpSender(
        host=config["SMTP_HOST"],
        port=config["SMTP_PORT"],
        security=config["SMTP_SECURITY"],
        mail_from=config["MAIL_FROM"],
        user=config["SMTP_USER"],
        password=config["SMTP_PASSWORD"],
    )
