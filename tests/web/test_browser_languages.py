"""Issue 15 in Chromium: the victim's path walked in every language and in Easy Read at 320 px, with
JavaScript and without; axe-core on every page (with scripts); in Urdu and Arabic the computed direction
and the mirrored back link, radios and exit button; a screenshot of every page in each language under
test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Locator, Page

from intake.languages import languages
from tests.browser import assert_accessible, chromium, live_server, screenshot
from tests.conftest import empty_all_tables, make_test_app
from tests.web.conftest import VICTIM_ANONYMOUS, WEB_SETTINGS

NARROW = {"width": 320, "height": 900}
WIDE = {"width": 1280, "height": 900}
NEUTRAL_SITE = "https://127.0.0.1:9/weather"


@pytest.fixture(scope="module")
def served(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, str, Browser]]:
    app = make_test_app(database_url, tmp_path_factory.mktemp("languages"), **WEB_SETTINGS, WEB_EXIT_URL=NEUTRAL_SITE)
    with live_server(app) as base, chromium() as browser:
        yield app, base, browser
    empty_all_tables(app.extensions["intake"])
    app.extensions["intake"].db.dispose()


class Walker:
    """One person's tab at 320 px, in one language; every control found by its role in the page, not its words."""

    def __init__(self, page: Page, base: str, code: str, javascript: bool) -> None:
        self.page, self.base, self.code, self.javascript = page, base, code, javascript

    def look(self, name: str) -> None:
        """axe-core (it needs scripts), nothing wider than 320 px, and the page's screenshot."""
        html = self.page.locator("html")
        assert html.get_attribute("lang") == languages()[self.code].html_lang
        assert html.get_attribute("dir") == languages()[self.code].direction
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{self.code} {name} scrolls sideways at 320 px ({width} px)"
        if self.javascript:
            assert_accessible(self.page)
            screenshot(self.page, f"languages-{self.code}-{name}")

    def go(self, control: Locator) -> None:
        with self.page.expect_navigation():
            control.click()

    def answer(self, slug: str, data: dict[str, Any]) -> None:
        assert self.page.url.endswith(f"/report/{slug}"), (self.code, slug, self.page.url)
        self.look(slug)
        for name, value in data.items():
            if name == "action":
                continue
            if name == "occurred_on":
                for part, typed in zip(("day", "month", "year"), value, strict=True):
                    self.page.fill(f"#occurred_on-{part}", typed)
                continue
            first = self.page.locator(f"[name={name}]").first
            kind = first.get_attribute("type")
            if kind == "radio":
                self.page.locator(f"input[name={name}][value='{value}']").check()
            elif kind == "checkbox":
                for item in value:
                    self.page.locator(f"input[name={name}][value={item}]").check()
            else:
                first.fill(value)
        self.go(self.page.locator("form .govuk-button:not(.govuk-button--secondary)").last)


def mirrored(page: Page) -> None:
    """Right to left: the back link and each radio at the right, the exit button at the left (from tablet up)."""
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    width = page.viewport_size["width"] if page.viewport_size else NARROW["width"]
    back = page.locator(".govuk-back-link").bounding_box()
    assert back is not None and back["x"] + back["width"] > width - 40 and back["x"] > width / 3
    radio, label = page.locator(".govuk-radios__input").first, page.locator(".govuk-radios__label").first
    radio_box, label_box = radio.bounding_box(), label.bounding_box()
    assert radio_box is not None and label_box is not None
    assert radio_box["x"] > label_box["x"], "the radio must sit to the right of its label"
    page.set_viewport_size(WIDE)
    exit_box = page.locator(".govuk-exit-this-page").bounding_box()
    assert exit_box is not None and exit_box["x"] < WIDE["width"] / 2, "the exit button must sit at the left"
    page.set_viewport_size(NARROW)


def not_mirrored(page: Page) -> None:
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    radio, label = page.locator(".govuk-radios__input").first, page.locator(".govuk-radios__label").first
    radio_box, label_box = radio.bounding_box(), label.bounding_box()
    assert radio_box is not None and label_box is not None and radio_box["x"] < label_box["x"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("code", list(languages()))
def test_the_victims_path_in_every_language(served: tuple[Flask, str, Browser], code: str, javascript: bool) -> None:
    app, base, browser = served
    context = browser.new_context(java_script_enabled=javascript, viewport=NARROW)
    page = context.new_page()
    walker = Walker(page, base, code, javascript)
    page.goto(f"{base}/?lang={code}")
    assert page.url == f"{base}/"  # the code was taken and the address is clean again
    walker.look("start")
    walker.go(page.locator("a.govuk-button--start").first)
    (mirrored if languages()[code].direction == "rtl" else not_mirrored)(page)
    for slug, data in VICTIM_ANONYMOUS:
        walker.answer(slug, data)
    assert page.url.endswith("/report/check-your-answers")
    walker.look("check-your-answers")
    walker.go(page.locator("form .govuk-button").last)
    assert page.url.endswith("/report/confirmation")
    reference = page.locator(".app-reference").inner_text().strip()
    assert reference.startswith("HPG-")
    walker.look("confirmation")
    # The reference stays left to right, whatever the page's direction.
    assert page.locator(".app-reference bdi").evaluate("el => getComputedStyle(el).direction") == "ltr"
    context.close()
    with app.extensions["intake"].db.read() as session:
        from sqlalchemy import select

        from intake.models import Report

        made_in = session.scalar(select(Report.language).where(Report.reference == reference))
    assert made_in == code
