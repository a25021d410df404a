"""The SMS settings, read by the channel as it starts, stop start-up with one line naming the setting when malformed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from channels.sms.settings import EXTENSION, SmsSettings
from config import ConfigError, load_settings
from intake.app import create_app
from tests.conftest import settings_for_tests


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
def test_a_malformed_sms_setting_is_named(database_url: str, tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError) as raised:
        create_app(settings_for_tests(database_url, tmp_path, CHANNELS="channels.sms", **{name: value}))

    assert raised.value.setting == name


def test_the_defaults_suit_a_real_twilio_account(database_url: str, tmp_path: Path) -> None:
    app = create_app(settings_for_tests(database_url, tmp_path, CHANNELS="channels.sms"))
    settings: SmsSettings = app.extensions[EXTENSION]

    assert settings.api_base_url == "https://api.twilio.com"
    assert settings.conversation_window == timedelta(hours=24)
    assert settings.reply_limit == 5
    assert settings.webhook_rate_limit == "1200/minute"
    assert "channels.sms" in load_settings({"SECRET_KEY": "x" * 16}).CHANNELS
    app.extensions["intake"].db.dispose()
