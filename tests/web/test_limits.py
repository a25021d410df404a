"""Rate limits answer with a kind page; the web form's settings are checked at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import ConfigError, load_settings
from intake.app import create_app
from tests.conftest import empty_all_tables, make_test_app, settings_for_tests
from tests.web.conftest import VICTIM_ANONYMOUS, WEB_SETTINGS, Reporter, parse


def test_too_many_requests_get_a_kind_page(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path, **{**WEB_SETTINGS, "WEB_RATE_LIMIT": "3 per minute"})
    browser = app.test_client()
    statuses = [browser.get("/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    page = parse(browser.get("/"))
    assert page.select_one("h1").get_text(strip=True) == "Please wait a moment"
    assert "999" in page.get_text() and page.select_one(".govuk-exit-this-page") is not None
    assert browser.get("/report/exit").status_code == 302  # leaving always works
    app.extensions["intake"].db.dispose()


def test_sending_reports_has_its_own_tighter_limit(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path, **{**WEB_SETTINGS, "WEB_SUBMIT_RATE_LIMIT": "1 per hour"})
    first, second = Reporter(app.test_client()), Reporter(app.test_client())
    for reporter in (first, second):
        reporter.answer_all(VICTIM_ANONYMOUS)
    assert first.send().status_code == 302
    refused = second.send()
    assert refused.status_code == 429
    assert second.client.get("/report/check-your-answers").status_code == 200  # answers kept to try later
    empty_all_tables(app.extensions["intake"])
    app.extensions["intake"].db.dispose()


def test_limits_apply_even_when_an_app_built_earlier_switched_them_off(database_url: str, tmp_path: Path) -> None:
    """Each app decides for itself: one built with limits off (as some test suites do) must not switch them
    off for the next app built in the same process."""
    make_test_app(database_url, tmp_path / "quiet", RATELIMIT_ENABLED=False).extensions["intake"].db.dispose()
    app = make_test_app(database_url, tmp_path / "limited", **{**WEB_SETTINGS, "WEB_RATE_LIMIT": "2 per minute"})
    browser = app.test_client()
    assert [browser.get("/").status_code for _ in range(3)] == [200, 200, 429]
    app.extensions["intake"].db.dispose()


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("WEB_RATE_LIMIT", "lots"),
        ("WEB_SUBMIT_RATE_LIMIT", "per hour"),
        ("WEB_ANSWERS_IDLE_MINUTES", "0"),
        ("WEB_UPLOAD_MAX_FILE_MB", "ten"),
        ("WEB_EXIT_URL", "http://www.bbc.co.uk/weather"),
    ],
)
def test_a_malformed_setting_stops_start_up_naming_it(
    database_url: str, tmp_path: Path, setting: str, value: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        create_app(settings_for_tests(database_url, tmp_path, CHANNELS="channels.web", **{setting: value}))
    assert raised.value.setting == setting


def test_the_web_form_is_on_by_default() -> None:
    assert "channels.web" in load_settings({"SECRET_KEY": "a-test-secret-key-1234"}).CHANNELS
