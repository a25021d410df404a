"""The SMS settings stop start-up with one line naming the setting when malformed."""

from __future__ import annotations

import pytest

from config import ConfigError, load_settings


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SMS_REPLY_LIMIT", "-1"),
        ("SMS_REPLY_LIMIT", "five"),
        ("SMS_CONVERSATION_HOURS", "0"),
        ("SMS_WEBHOOK_RATE_LIMIT", "lots"),
        ("TWILIO_API_BASE_URL", "api.twilio.com"),
        ("TWILIO_API_BASE_URL", "https://api.twilio.com/2010-04-01"),
    ],
)
def test_a_malformed_sms_setting_is_named(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"SECRET_KEY": "x" * 16, name: value})

    assert raised.value.setting == name


def test_the_defaults_suit_a_real_twilio_account() -> None:
    settings = load_settings({"SECRET_KEY": "x" * 16})

    assert settings.TWILIO_API_BASE_URL == "https://api.twilio.com"
    assert settings.SMS_CONVERSATION_HOURS == 24
    assert settings.SMS_REPLY_LIMIT == 5
    assert settings.SMS_WEBHOOK_RATE_LIMIT == "1200/minute"
    assert "channels.sms" in settings.CHANNELS
