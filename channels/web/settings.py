"""The web form's settings (``WEB_*`` and policy 4.2's ``REPORT_*``), read and checked when the channel starts.

``load`` reads them from the app's config (a mapping given to ``create_app``) over the
environment, through the core's ``SettingsSource``, so a malformed one stops start-up with the
same one line naming it as every other setting. See docs/web.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

from config import ConfigError, SettingsSource

EXTENSION = "web"


@dataclass(frozen=True)
class WebSettings:
    answers_idle_minutes: int
    exit_url: str
    upload_max_file_mb: int
    upload_max_files: int
    request_max_mb: int
    rate_limit: str
    submit_rate_limit: str
    # Policy 4.2: the landlord's other ways to report, shown on the start and confirmation pages.
    report_by_phone: str | None = None
    report_by_text: str | None = None
    report_by_email: str | None = None
    report_at_office: str | None = None
    report_at_safe_venues: str | None = None


def load(config: Mapping[str, Any]) -> WebSettings:
    """The web form's settings from ``config`` over the environment; ``ConfigError`` names a malformed one."""
    source = SettingsSource.of(config)
    return WebSettings(
        answers_idle_minutes=source.integer("WEB_ANSWERS_IDLE_MINUTES", default=60, low=1),
        exit_url=_exit_url(source.text("WEB_EXIT_URL", default="https://www.bbc.co.uk/weather")),
        upload_max_file_mb=source.integer("WEB_UPLOAD_MAX_FILE_MB", default=10, low=1),
        upload_max_files=source.integer("WEB_UPLOAD_MAX_FILES", default=10, low=1),
        request_max_mb=source.integer("WEB_REQUEST_MAX_MB", default=30, low=1),
        rate_limit=source.rate_limit("WEB_RATE_LIMIT", default="300 per minute"),
        submit_rate_limit=source.rate_limit("WEB_SUBMIT_RATE_LIMIT", default="10 per hour"),
        report_by_phone=source.optional("REPORT_BY_PHONE"),
        report_by_text=source.optional("REPORT_BY_TEXT"),
        report_by_email=source.optional("REPORT_BY_EMAIL"),
        report_at_office=source.optional("REPORT_AT_OFFICE"),
        report_at_safe_venues=source.optional("REPORT_AT_SAFE_VENUES"),
    )


def current_settings() -> WebSettings:
    """The web form's settings of the app handling this request or command."""
    settings: WebSettings = current_app.extensions[EXTENSION]
    return settings


def _exit_url(value: str) -> str:
    if not re.fullmatch(r"https://[^\s/]+(/[^\s]*)?", value):
        raise ConfigError(
            "WEB_EXIT_URL", "must be an https URL of a neutral page, such as https://www.bbc.co.uk/weather"
        )
    return value
