"""The public web form: a safe, accessible way to report a hate incident (issue 5).

``init_app`` registers the public pages (``/``, ``/staying-safe-online``, ``/report/...``),
their error pages, upload limits and a command that sweeps idle answers.
"""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from channels.web import errors as _errors  # noqa: F401  (registers the blueprint's error pages)
from channels.web.answer_store import sweep_idle_answers
from channels.web.uploads import MB
from channels.web.views import bp
from intake.public import current_intake

# The longest text field (10,000 characters) is at most 40 kB in UTF-8; this leaves room, and
# stops Flask 3.1's 500 kB default refusing a long account with a bare 413.
FORM_MEMORY_BYTES = 1 * MB


def init_app(app: Flask) -> None:
    """Register the public pages and set the request limits they need."""
    app.config["MAX_CONTENT_LENGTH"] = app.config["WEB_REQUEST_MAX_MB"] * MB
    app.config["MAX_FORM_MEMORY_SIZE"] = FORM_MEMORY_BYTES
    app.register_blueprint(bp)
    app.cli.add_command(sweep_web_answers)


@click.command("sweep-web-answers")
@with_appcontext
def sweep_web_answers() -> None:
    """Clear web form answers left idle longer than WEB_ANSWERS_IDLE_MINUTES (run from cron)."""
    idle = timedelta(minutes=current_app.config["WEB_ANSWERS_IDLE_MINUTES"])
    click.echo(f"cleared {sweep_idle_answers(current_intake(), idle)} idle sets of answers")
