"""The SMS channel's settings, read once from the app's config (see config/ and docs/sms.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app


@dataclass(frozen=True)
class SmsOptions:
    account_sid: str | None
    auth_token: str | None
    api_base_url: str
    from_number: str | None
    messaging_service_sid: str | None
    public_base_url: str | None
    conversation_window: timedelta
    reply_limit: int
    org_name: str
    reference_prefix: str

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmsOptions:
        return cls(
            account_sid=config["TWILIO_ACCOUNT_SID"],
            auth_token=config["TWILIO_AUTH_TOKEN"],
            api_base_url=config["TWILIO_API_BASE_URL"],
            from_number=config["TWILIO_FROM_NUMBER"],
            messaging_service_sid=config["TWILIO_MESSAGING_SERVICE_SID"],
            public_base_url=config["PUBLIC_BASE_URL"],
            conversation_window=timedelta(hours=config["SMS_CONVERSATION_HOURS"]),
            reply_limit=config["SMS_REPLY_LIMIT"],
            org_name=config["ORG_NAME"],
            reference_prefix=config["REFERENCE_PREFIX"],
        )

    @property
    def can_call_twilio(self) -> bool:
        return bool(self.account_sid and self.auth_token)


def current_options() -> SmsOptions:
    """The SMS settings of the app handling this request or command."""
    options: SmsOptions = current_app.extensions["sms"]
    return options
