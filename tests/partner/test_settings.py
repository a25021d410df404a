"""The partner settings: a malformed rate limit stops start-up (the channel reads it) with a line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from channels.partner.settings import EXTENSION, PartnerSettings
from config import ConfigError, load_settings
from intake.app import create_app
from tests.conftest import settings_for_tests


def test_rate_limits_default_to_per_minute_limits_and_accept_flask_limiter_strings(
    database_url: str, tmp_path: Path
) -> None:
    given = {"CHANNELS": "channels.partner", "PARTNER_API_RATE_LIMIT": "100 per minute; 2000/day"}
    app = create_app(settings_for_tests(database_url, tmp_path, **given))
    settings: PartnerSettings = app.extensions[EXTENSION]
    assert settings.api_rate_limit == "100 per minute; 2000/day"
    assert settings.portal_rate_limit == "30/minute"
    app.extensions["intake"].db.dispose()


@pytest.mark.parametrize("name", ["PARTNER_API_RATE_LIMIT", "PARTNER_PORTAL_RATE_LIMIT"])
def test_a_malformed_rate_limit_names_its_setting(database_url: str, tmp_path: Path, name: str) -> None:
    with pytest.raises(ConfigError) as raised:
        create_app(
            settings_for_tests(database_url, tmp_path, CHANNELS="channels.partner", **{name: "as many as they like"})
        )
    assert raised.value.setting == name


def test_shared_email_domains_default_to_webmail_and_public_sector_domains_and_can_be_replaced() -> None:
    default = load_settings({"SECRET_KEY": "x" * 16}).PARTNER_SHARED_EMAIL_DOMAINS
    assert {"gmail.com", "outlook.com", "nhs.net", "gov.uk", "police.uk"} <= default
    replaced = load_settings({"SECRET_KEY": "x" * 16, "PARTNER_SHARED_EMAIL_DOMAINS": "nhs.net, Hub.example"})
    assert sorted(replaced.PARTNER_SHARED_EMAIL_DOMAINS) == ["hub.example", "nhs.net"]
    with pytest.raises(ConfigError) as raised:
        load_settings({"SECRET_KEY": "x" * 16, "PARTNER_SHARED_EMAIL_DOMAINS": "nhs.net; gov.uk"})
    assert raised.value.setting == "PARTNER_SHARED_EMAIL_DOMAINS"
