"""The partner channel's settings (its two rate limits), read and checked when the channel starts.

``load`` reads them from the app's config (a mapping given to ``create_app``) over the
environment, through the core's ``SettingsSource``, so a malformed one stops start-up with the
same one line naming it as every other setting. ``PARTNER_SHARED_EMAIL_DOMAINS`` is the core's:
it decides which organisation an emailed report came from. See docs/partner.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

from config import SettingsSource

EXTENSION = "partner"


@dataclass(frozen=True)
class PartnerSettings:
    api_rate_limit: str
    portal_rate_limit: str


def load(config: Mapping[str, Any]) -> PartnerSettings:
    """The partner settings from ``config`` over the environment; ``ConfigError`` names a malformed one."""
    source = SettingsSource.of(config)
    return PartnerSettings(
        api_rate_limit=source.rate_limit("PARTNER_API_RATE_LIMIT", default="60/minute"),
        portal_rate_limit=source.rate_limit("PARTNER_PORTAL_RATE_LIMIT", default="30/minute"),
    )


def current_settings() -> PartnerSettings:
    """The partner settings of the app handling this request."""
    settings: PartnerSettings = current_app.extensions[EXTENSION]
    return settings
