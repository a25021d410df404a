"""A test 'channel' that turns Flask-WTF's CSRF protection on for the whole app, as the pages do."""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect


def init_app(app: Flask) -> None:
    CSRFProtect(app)
    app.add_url_rule("/healthz-form", "healthz_form", lambda: "ok", methods=["POST"])
