"""Driving the form in Chromium: the same journeys as the client tests, by mouse or by keyboard alone,
checking every new page (and error state) with axe-core and taking its screenshots.

Shared by the web suite and the end-to-end suite (tests/e2e), where a report made here goes on to staff."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Locator, Page

from tests.browser import assert_accessible, screenshot
from tests.web.journeys import Journey

ROOT = Path(__file__).resolve().parents[2]
MAX_TABS = 80
# Pages where continuing without an answer is allowed (the policy lets people skip them).
SKIPPABLE = {
    "when",
    "in-your-own-words",
    "photos-and-documents",
    "your-name",
    "victim-name",
}
# Pages (by title, so each wording and error state counts) already checked in this test run.
CHECKED: set[str] = set()


class FormDriver:
    """One person's browser tab on the form; ``keyboard=True`` uses only Tab, arrows, Space and Enter."""

    def __init__(
        self, page: Page, base: str, *, keyboard: bool = False, javascript: bool = True, label: str = "web"
    ) -> None:
        self.page, self.base, self.keyboard, self.label = page, base, keyboard, label
        self.javascript = javascript  # axe-core needs scripts: without them, only screenshots

    def check_page(self, state: str = "") -> None:
        """axe-core on the page as it is now, and its screenshots at 320 and 1280 px, once per page and state.

        Also checks that nothing scrolls sideways on a 320 px screen."""
        title = self.page.title()
        if title in CHECKED or not self.javascript:
            return  # axe-core needs scripts; the pages without them are the same pages
        CHECKED.add(title)
        assert_accessible(self.page)
        self.page.set_viewport_size({"width": 320, "height": 900})
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{title} scrolls sideways at 320 px ({width} px wide)"
        name = self.page.url.removeprefix(self.base).strip("/").replace("/", "-") or "start"
        screenshot(self.page, f"{self.label}-{name}{'-' + state if state else ''}")

    def start(self) -> None:
        self.page.goto(f"{self.base}/")
        self.check_page()
        self.activate(self.page.get_by_role("button", name="Start now"))

    def answer(self, slug: str, data: dict[str, Any]) -> None:
        """Answer the question on this page and continue; the page must be the one expected."""
        assert self.page.url.endswith(f"/report/{slug}"), f"expected {slug}, at {self.page.url}"
        self.check_page()
        for name, value in data.items():
            if name != "action":
                self.enter(name, value)
        button = self.page.locator(f"button[name=action][value={data['action']}]") if "action" in data else None
        self.activate(button or self.page.get_by_role("button", name="Continue", exact=True))

    def show_errors(self) -> None:
        """Continue without answering: the GOV.UK error state, checked like any page."""
        self.activate(self.page.get_by_role("button", name="Continue", exact=True))
        assert self.page.locator(".govuk-error-summary").is_visible()
        assert self.page.title().startswith("Error: ")
        self.check_page("error")

    def enter(self, name: str, value: Any) -> None:
        if name == "occurred_on":
            for part, typed in zip(("day", "month", "year"), value, strict=True):
                self.type_into(self.page.locator(f"#occurred_on-{part}"), typed)
            return
        first = self.page.locator(f"[name={name}]").first
        kind = first.get_attribute("type")
        if kind == "radio":
            self.choose_radio(name, value)
        elif kind == "checkbox":
            for item in value:
                self.tick(self.page.locator(f"input[name={name}][value={item}]"))
        else:
            self.type_into(first, value)

    def choose_radio(self, name: str, value: str) -> None:
        target = self.page.locator(f"input[name={name}][value='{value}']")
        if not self.keyboard:
            target.check()
            return
        self.tab_to(self.page.locator(f"input[name={name}]").first)
        self.page.keyboard.press("Space")
        for _ in range(10):
            if target.is_checked():
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"could not reach {name}={value} with the arrow keys")

    def tick(self, box: Locator) -> None:
        if self.keyboard:
            self.tab_to(box)
            self.page.keyboard.press("Space")
        else:
            box.check()
        assert box.is_checked()

    def type_into(self, field: Locator, text: str) -> None:
        if not self.keyboard:
            field.fill(text)
            return
        self.tab_to(field)
        self.page.keyboard.insert_text(text)  # typed text, without Shift presses (three would exit)

    def activate(self, control: Locator) -> None:
        """Press a button or follow a link, and wait for the page it leads to."""
        with self.page.expect_navigation():
            if self.keyboard:
                self.tab_to(control)
                self.page.keyboard.press("Enter")
            else:
                control.click()

    def tab_to(self, control: Locator) -> None:
        """Press Tab until the control has focus, as a keyboard user would."""
        for _ in range(MAX_TABS):
            if control.evaluate("el => el === document.activeElement"):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"{control} cannot be reached with the Tab key")

    def send(self) -> str:
        """Send from the check-answers page; the reference on the confirmation page."""
        assert self.page.url.endswith("/report/check-your-answers")
        self.check_page()
        self.activate(self.page.get_by_role("button", name="Send report"))
        assert self.page.url.endswith("/report/confirmation")
        self.check_page()
        return self.page.locator(".app-reference").inner_text().strip()


def export_reports(database_url: str) -> list[dict[str, Any]]:
    """Every report as the `export` command prints it, run as its own process on the same database."""
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key-not-for-production"}
    env["CHANNELS"] = ""
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "intake.app", "export", "--format", "json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return list(json.loads(done.stdout))


def new_page(browser: Browser, base: str, *, javascript: bool = True) -> tuple[Page, list[str]]:
    """A fresh tab (no cookies) that records every URL it requests and every console error
    (a script or style the Content-Security-Policy blocked would show there)."""
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: _console(requested, message.type, message.text))
    return page, requested


def _console(seen: list[str], kind: str, text: str) -> None:
    if kind in {"error", "warning"}:
        seen.append(f"console {kind}: {text}")


def walk(driver: FormDriver, journey: Journey, *, with_errors: bool = False) -> None:
    """Answer a journey's pages in order; ``with_errors`` first shows each required page's error state."""
    for slug, data in journey:
        if with_errors and slug not in SKIPPABLE:
            driver.check_page()  # as first seen, then with its errors
            driver.show_errors()
        driver.answer(slug, data)
