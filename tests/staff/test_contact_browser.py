"""In Chromium: the staff message's character count, and a manager's restriction controls (issue 10,
items 4 and 11), each page checked by axe-core for WCAG 2.2 AA."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from intake.casework import decisions as services
from intake.context import Intake
from intake.drafts import Contact
from tests.browser import assert_accessible, chromium, live_server
from tests.conftest import empty_all_tables, make_test_app
from tests.factories import add, submit
from tests.staff.browser_support import sign_in
from tests.staff.conftest import make_staff


def _message_with_the_counter(page: Page, base: str, reference: str) -> None:
    page.goto(f"{base}/staff/cases/{reference}/message")
    expect(page.get_by_text("You can enter up to 918 characters")).to_be_visible()
    page.get_by_label("Reporter by email").check()
    page.get_by_label("Message").fill("x" * 920)
    expect(page.get_by_text("You have 2 characters too many").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("The message must be 918 characters or fewer.").first).to_be_visible()
    assert_accessible(page)  # the error state
    page.get_by_label("Message").fill("Can we call you this evening?")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#entries")).to_contain_text("Can we call you this evening? Queued")


def _restrict_and_lift(page: Page, base: str, reference: str) -> None:
    page.goto(f"{base}/staff/reports/{reference}")
    expect(page.get_by_text("New message since")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Restrict to managers").click()
    expect(page.get_by_text("Restricted: the person responsible")).to_be_visible()
    page.get_by_role("link", name="Lift the restriction").click()
    page.get_by_role("button", name="Lift the restriction").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)  # the error state
    page.get_by_label("Why is the restriction being lifted?").fill("The caretaker is a contractor")
    page.get_by_role("button", name="Lift the restriction").click()
    expect(page.locator("#restriction-lifted")).to_contain_text("The caretaker is a contractor")
    assert_accessible(page)


def test_a_manager_messages_within_the_limit_and_restricts_and_lifts_a_report(
    database_url: str, tmp_path: Path
) -> None:
    app = make_test_app(database_url, tmp_path, CHANNELS="")
    core: Intake = app.extensions["intake"]
    try:
        reporter = Contact(email="amina@example.org", safe_methods=("email",), message_safe=True)
        reference = submit(core, reporter=reporter).reference or ""
        manager = make_staff(core, "manager")
        services.accept_into_case(core, manager.user, reference)
        add(core, reference, "The man upstairs shouted at me again.")
        with live_server(app) as base, chromium() as browser:
            page = browser.new_page()
            sign_in(page, base, manager)
            _restrict_and_lift(page, base, reference)
            _message_with_the_counter(page, base, reference)
    finally:
        empty_all_tables(core)
        core.db.dispose()
