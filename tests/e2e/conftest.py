"""End-to-end fixtures: the public web form and the staff pages in one app, served to Chromium.

CSRF stays on, as in production: every form is posted by the browser with its page's token.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser

from intake.context import Intake
from tests.browser import chromium, live_server
from tests.conftest import empty_all_tables, make_test_app
from tests.web.conftest import WEB_SETTINGS


@dataclass
class Site:
    """The app at ``base``, its core (for the staff test helpers), and one browser for every person."""

    base: str
    intake: Intake
    browser: Browser


@pytest.fixture
def site(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    app = make_test_app(database_url, tmp_path_factory.mktemp("e2e"), **WEB_SETTINGS)
    core: Intake = app.extensions["intake"]
    assert app.config.get("WTF_CSRF_ENABLED", True), "the browser stories post forms with CSRF on"
    try:
        with live_server(app) as base, chromium() as browser:
            yield Site(base, core, browser)
    finally:
        empty_all_tables(core)
        core.db.dispose()
