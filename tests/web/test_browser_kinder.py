"""Issue 19 item 6 in Chromium: the landlord's other ways to report, the reference on one line at 320 px
and copied whole, and Back after "Exit this page" (axe-core checks each page, as in test_browser.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser

from tests.browser import chromium, live_server
from tests.conftest import empty_all_tables, make_test_app
from tests.web.browser_driver import FormDriver, new_page, walk
from tests.web.conftest import VICTIM_ANONYMOUS, WEB_SETTINGS

NEUTRAL_SITE = "https://127.0.0.1:9/weather"  # a closed port on loopback: nothing leaves the machine
OTHER_WAYS = {
    "REPORT_BY_PHONE": "0300 123 4567",
    "REPORT_BY_TEXT": "07123 456789",
    "REPORT_BY_EMAIL": "report-hate@example.org",
    "REPORT_AT_OFFICE": "1 High Street, Leeds LS1 1AA",
    "REPORT_AT_SAFE_VENUES": "Leeds Advice Centre",
}


@pytest.fixture(scope="module")
def site(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Browser]]:
    # The longest prefix a landlord may set (REFERENCE_PREFIX, 2 to 6 letters): the longest reference.
    settings = {**WEB_SETTINGS, **OTHER_WAYS, "WEB_EXIT_URL": NEUTRAL_SITE, "REFERENCE_PREFIX": "HOUSNG"}
    app: Flask = make_test_app(database_url, tmp_path_factory.mktemp("kinder"), **settings)
    with live_server(app) as base, chromium() as browser:
        yield base, browser
    empty_all_tables(app.extensions["intake"])
    app.extensions["intake"].db.dispose()


def test_the_start_page_lists_the_other_ways_to_report(site: tuple[str, Browser]) -> None:
    base, browser = site
    page, _ = new_page(browser, base)
    page.goto(f"{base}/")
    FormDriver(page, base, label="kinder").check_page()
    ways = page.locator(".app-other-ways li").all_inner_texts()
    assert ways == [
        "by phone on 0300 123 4567",
        "by text message to 07123 456789",
        "by email to report-hate@example.org",
        "in person at our office: 1 High Street, Leeds LS1 1AA",
        "in person at a safe place: Leeds Advice Centre",
    ]
    page.context.close()


def test_the_reference_stays_on_one_line_at_320_px_and_copies_whole(site: tuple[str, Browser]) -> None:
    base, browser = site
    page, _ = new_page(browser, base)
    page.set_viewport_size({"width": 320, "height": 900})
    driver = FormDriver(page, base, label="kinder")
    driver.start()
    walk(driver, VICTIM_ANONYMOUS)
    reference = driver.send()  # axe-core, and no sideways scrolling at 320 px
    panel = page.locator(".govuk-panel__body").inner_text()
    assert panel.startswith("Your reference\n") and "number" not in panel
    shown = page.locator(".app-reference")
    assert shown.evaluate("el => el.getClientRects().length") == 1, "the reference breaks across lines"
    line_height = float(shown.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)"))
    assert shown.bounding_box()["height"] < 1.5 * line_height  # type: ignore[index]
    shown.click()
    assert page.evaluate("() => window.getSelection().toString()") == reference
    assert "Quote your reference" in page.locator("main").inner_text()
    assert page.locator(".app-other-ways li").count() == len(OTHER_WAYS)
    page.context.close()


def test_back_after_exit_this_page_shows_the_start_page_not_the_form(site: tuple[str, Browser]) -> None:
    base, browser = site
    page, _ = new_page(browser, base)
    driver = FormDriver(page, base, label="kinder")
    driver.start()
    walk(driver, VICTIM_ANONYMOUS[:3])
    assert page.locator("form").count() == 1
    with page.expect_request(NEUTRAL_SITE):
        page.get_by_role("button", name="Exit this page").click()
    page.go_back()
    assert page.url == f"{base}/"
    assert page.locator("h1").inner_text() == "Report a hate incident"
    assert page.locator("form, input, textarea").count() == 0
    page.context.close()
