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
