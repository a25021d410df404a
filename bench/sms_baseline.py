"""The benchmark's baselines: a bare Flask endpoint that inserts one row into the same database,
one that calls the core's ``submit_report`` with the draft a first text makes, and one that does
the SMS channel's own work with no database (signature, form, TwiML).

Served by the same gunicorn, on the same database, in the same run as the SMS webhook, so the
ratios say what the webhook costs, how much of that is the core's own transaction, and how much
the channel's work that needs no database.
"""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime

from flask import Flask, Response, abort, request
from sqlalchemy import insert

from channels.sms import wording
from channels.sms.inbound_text import read_text
from channels.sms.settings import current_settings
from channels.sms.signature import is_from_twilio
from channels.sms.twiml import twiml
from intake.app import create_app as create_intake_app
from intake.db import Database
from intake.drafts import Contact, Inbound, ReportDraft
from intake.models import AuditEvent
from intake.services import submit_report
from intake.ui import csrf


def create_app() -> Flask:
    app = Flask(__name__)
    db = Database(os.environ["DATABASE_URL"])

    @app.post("/baseline")
    def baseline() -> tuple[str, int]:
        with db.begin() as session:
            session.execute(insert(AuditEvent).values(at=datetime.now(UTC), actor="bench", action="baseline"))
        return "", 204

    return app


def create_core_app() -> Flask:
    """``submit_report`` alone, with what a first text carries: the core's share of the webhook."""
    app = create_intake_app({"CHANNELS": ""})
    intake = app.extensions["intake"]

    @app.post("/core")
    def core() -> tuple[str, int]:
        inbound = Inbound("sms", "SM" + secrets.token_hex(16), b"Body=bench", "application/x-www-form-urlencoded")
        reporter = Contact(phone=f"+4477009{secrets.randbelow(99999):05d}", safe_methods=("sms",))
        submit_report(intake, ReportDraft(inbound=inbound, description="bench text", reporter=reporter))
        return "", 204

    csrf.exempt(core)  # a webhook-like endpoint, as the SMS webhook is
    return app


def create_channel_app() -> Flask:
    """The webhook's work that needs no database: signature checked, form read, a first reply in TwiML."""
    app = create_intake_app({"CHANNELS": "channels.sms"})
    intake = app.extensions["intake"]

    @app.post("/channel")
    def channel() -> Response:
        raw = request.get_data(cache=True)
        settings = current_settings()
        if not is_from_twilio(request, settings):
            abort(403)
        text = read_text(request.form, raw, intake.clock())
        return twiml(wording.acknowledgement(settings.org_name, "HPG-2345-6789") if text.body else "")

    csrf.exempt(channel)
    return app
