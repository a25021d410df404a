"""In Chromium: an admin adds a partner organisation, invites someone and issues, rotates and revokes a token.

axe-core checks each new page and each of their error states for WCAG 2.2 AA.
"""

from __future__ import annotations

from pathlib import Path

import pyotp
from playwright.sync_api import Page, expect

from intake.accounts.staff_users import create_staff
from tests.browser import assert_accessible, chromium, live_server, screenshot
from tests.conftest import empty_all_tables, make_test_app

PASSWORD = "a long staff password"


def sign_in(page: Page, base: str, email: str, secret: str) -> None:
    page.goto(f"{base}/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("One-time code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Staff accounts")).to_be_visible()


def add_organisation(page: Page) -> None:
    page.get_by_role("button", name="Add organisation").click()
    expect(page.get_by_text("Enter the name of the organisation").first).to_be_visible()
    assert_accessible(page)  # the list's error state
    page.get_by_label("Name of the organisation").fill("Eastside Advice Centre")
    page.get_by_label("Advice centre").check()
    page.get_by_label("Email domains (optional)").fill("eastside.example")
    page.get_by_label("Information-sharing agreement reference (optional)").fill("ISA-2026-04")
    page.get_by_label("Day").fill("27")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Add organisation").click()
    expect(page.get_by_role("heading", name="Eastside Advice Centre")).to_be_visible()
    expect(page.get_by_text("Partner organisation added.")).to_be_visible()


def invite(page: Page) -> None:
    page.get_by_label("Full name").fill("Sam Caseworker")
    page.get_by_label("Email address").fill("sam@elsewhere.example")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("The address is not at one of Eastside Advice Centre's email domains.")).to_be_visible()
    assert_accessible(page)  # the organisation page's error state
    page.get_by_label("Email address").fill("sam@eastside.example")
    page.get_by_role("button", name="Invite").click()
    expect(page.locator("#invitation-link")).to_contain_text("/partner/invitation/")
    assert_accessible(page)


def manage_tokens(page: Page) -> None:
    page.get_by_role("button", name="Issue a new API token").click()
    expect(page.get_by_role("heading", name="API token issued")).to_be_visible()
    first = page.locator("#api-token").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Rotate").click()
    expect(page.get_by_role("heading", name="API token replaced")).to_be_visible()
    assert page.locator("#api-token").inner_text() != first
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("API token revoked. It stopped working at once.")).to_be_visible()
    expect(page.get_by_role("button", name="Revoke")).to_have_count(0)
    assert_accessible(page)


def test_an_admin_sets_up_a_partner_organisation_in_the_browser(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path, CHANNELS="channels.partner")
    core = app.extensions["intake"]
    user, secret = create_staff(core, "admin@landlord.example.org", "An Admin", PASSWORD, "admin")
    try:
        with live_server(app) as base, chromium() as browser:
            page = browser.new_page()
            sign_in(page, base, user.email, secret)
            page.get_by_role("link", name="Partner organisations").first.click()
            expect(page.get_by_text("There are no partner organisations yet.")).to_be_visible()
            assert_accessible(page)
            add_organisation(page)
            assert_accessible(page)
            screenshot(page, "staff-partner-organisation")
            invite(page)
            manage_tokens(page)
            page.get_by_role("link", name="Back").click()
            expect(page.get_by_role("link", name="Eastside Advice Centre")).to_be_visible()
            assert_accessible(page)
            screenshot(page, "staff-partner-organisations")
    finally:
        empty_all_tables(core)
        core.db.dispose()
