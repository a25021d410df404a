"""The shared page layout in a real browser: accessible, rebranded, no third-party requests."""

from __future__ import annotations

from pathlib import Path

from flask import render_template_string

from tests.browser import assert_accessible, chromium, live_server, screenshot
from tests.conftest import make_test_app

PAGE = """{% extends "layout.html" %}{% set title = "Layout check" %}
{% block content %}<h1 class="govuk-heading-l">Layout check</h1><p class="govuk-body">Text.</p>{% endblock %}"""


def test_the_layout_is_accessible_branded_and_served_only_from_here(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path, ORG_NAME="Riverside Homes")
    app.add_url_rule("/layout-check", "layout_check", lambda: render_template_string(PAGE))
    with live_server(app) as base, chromium() as browser:
        page = browser.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        failed: list[str] = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        response = page.goto(f"{base}/layout-check")
        assert response is not None and response.status == 200
        assert page.locator(".govuk-generic-header").inner_text().strip() == "Riverside Homes"
        assert page.locator("body.js-enabled").count() == 1  # the nonce let the one inline script run
        assert page.locator("svg.govuk-header__logotype").count() == 0  # no crown, no GOV.UK logo
        assert all(url.startswith(base) for url in requested)
        assert failed == []
        assert_accessible(page)
        screenshot(page, "layout")
    app.extensions["intake"].db.dispose()
