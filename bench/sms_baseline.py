"""The benchmark's baselines: a bare Flask endpoint that inserts one row into the same database,
and one that calls the core's ``submit_report`` with the draft a first text makes.

Served by the same gunicorn, on the same database, in the same run as the SMS webhook, so the
ratios say what the webhook costs, and how much of that is the core's own transaction.
"""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import insert

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
