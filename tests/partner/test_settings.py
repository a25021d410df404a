"""The partner rate-limit settings: a malformed one stops start-up with a line naming it."""

from __future__ import annotations

import pytest

from config import ConfigError, load_settings


def test_rate_limits_default_to_per_minute_limits_and_accept_flask_limiter_strings() -> None:
    settings = load_settings({"SECRET_KEY": "x" * 16, "PARTNER_API_RATE_LIMIT": "100 per minute; 2000/day"})
    assert settings.PARTNER_API_RATE_LIMIT == "100 per minute; 2000/day"
    assert settings.PARTNER_PORTAL_RATE_LIMIT == "30/minute"


@pytest.mark.parametrize("name", ["PARTNER_API_RATE_LIMIT", "PARTNER_PORTAL_RATE_LIMIT"])
def test_a_malformed_rate_limit_names_its_setting(name: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"SECRET_KEY": "x" * 16, name: "as many as they like"})
    assert raised.value.setting == name


def test_shared_email_domains_default_to_webmail_and_public_sector_domains_and_can_be_replaced() -> None:
    default = load_settings({"SECRET_KEY": "x" * 16}).PARTNER_SHARED_EMAIL_DOMAINS
    assert {"gmail.com", "outlook.com", "nhs.net", "gov.uk", "police.uk"} <= default
    replaced = load_settings({"SECRET_KEY": "x" * 16, "PARTNER_SHARED_EMAIL_DOMAINS": "nhs.net, Hub.example"})
    assert sorted(replaced.PARTNER_SHARED_EMAIL_DOMAINS) == ["hub.example", "nhs.net"]
    with pytest.raises(ConfigError) as raised:
        load_settings({"SECRET_KEY": "x" * 16, "PARTNER_SHARED_EMAIL_DOMAINS": "nhs.net; gov.uk"})
    assert raised.value.setting == "PARTNER_SHARED_EMAIL_DOMAINS"
