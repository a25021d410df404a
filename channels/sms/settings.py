"""The SMS channel's settings (``TWILIO_*``, ``SMS_*``), read and checked when the channel starts.

``load`` reads them from the app's config (a mapping given to ``create_app``) over the
environment, through the core's ``SettingsSource``, so a malformed one stops start-up with the
same one line naming it as every other setting; the core's ``ORG_NAME``, ``REFERENCE_PREFIX``
and ``PUBLIC_BASE_URL`` come from the app's config, already checked. See docs/sms.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app

from config import ConfigError, SettingsSource

EXTENSION = "sms"


@dataclass(frozen=True)
class SmsSettings:
    account_sid: str | None
    auth_token: str | None
    api_base_url: str
    from_number: str | None
    messaging_service_sid: str | None
    public_base_url: str | None
    conversation_window: timedelta
    reply_limit: int
    webhook_rate_limit: str
    org_name: str
    reference_prefix: str

    @property
    def can_call_twilio(self) -> bool:
        return bool(self.account_sid and self.auth_token)


def load(config: Mapping[str, Any]) -> SmsSettings:
    """The SMS settings from ``config`` over the environment; ``ConfigError`` names a malformed one."""
    source = SettingsSource.of(config)
    return SmsSettings(
        account_sid=source.optional("TWILIO_ACCOUNT_SID"),
        auth_token=source.optional("TWILIO_AUTH_TOKEN"),
        api_base_url=_api_base_url(source.text("TWILIO_API_BASE_URL", default="https://api.twilio.com")),
        from_number=source.optional("TWILIO_FROM_NUMBER"),
        messaging_service_sid=source.optional("TWILIO_MESSAGING_SERVICE_SID"),
        public_base_url=config["PUBLIC_BASE_URL"],
        conversation_window=timedelta(hours=source.integer("SMS_CONVERSATION_HOURS", default=24, low=1)),
        reply_limit=source.integer("SMS_REPLY_LIMIT", default=5, low=0),
        webhook_rate_limit=source.rate_limit("SMS_WEBHOOK_RATE_LIMIT", default="1200/minute"),
        org_name=config["ORG_NAME"],
        reference_prefix=config["REFERENCE_PREFIX"],
    )


def current_settings() -> SmsSettings:
    """The SMS settings of the app handling this request or command."""
    settings: SmsSettings = current_app.extensions[EXTENSION]
    return settings


def _api_base_url(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s/]+", value.rstrip("/")):
        raise ConfigError("TWILIO_API_BASE_URL", "must be an http(s) origin such as https://api.twilio.com")
    return value.rstrip("/")
