"""In Chromium with axe-core: a manager places a legal hold at /staff/retention, lifts it, approves a
purge through its confirmation step, and opens a subject-access draft (issue 17)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import expect

from intake.accounts.staff_users import create_staff
from tests.browser import assert_accessible, chromium, live_server, screenshot
from tests.conftest import FixedClock, empty_all_tables, make_test_app
from tests.data_protection.support import closed_case
from tests.staff.browser_support import sign_in
from tests.staff.conftest import PASSWORD, Staff


def test_a_manager_holds_lifts_and_purges_and_reviews_a_subject_access_draft(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path)
    core = app.extensions["intake"]
    real_clock = core.clock
    core.clock = FixedClock(datetime(2020, 3, 10, 10, 0, tzinfo=UTC))
    user, secret = create_staff(core, "manager@landlord.example.org", "A Manager", PASSWORD, "manager")
    manager = Staff(user, secret)
    reference = closed_case(core, manager)
    core.clock = real_clock
    try:
        with live_server(app) as base, chromium() as browser:
            page = browser.new_page()
            sign_in(page, base, manager)
            page.goto(f"{base}/staff/retention")
            expect(page.locator("#retention-due")).to_contain_text(reference)
            assert_accessible(page)
            screenshot(page, "staff-retention")

            page.get_by_role("link", name=f"Place legal hold on {reference}").click()
            page.get_by_role("button", name="Place legal hold").click()
            expect(page.get_by_role("link", name="Say why the case must be kept")).to_be_visible()
            assert_accessible(page)
            page.get_by_label("Why must this case be kept?").fill("A claim in the county court")
            page.get_by_label("Day").fill("1")
            page.get_by_label("Month").fill("1")
            page.get_by_label("Year").fill("2099")
            page.get_by_role("button", name="Place legal hold").click()
            expect(page.locator("#legal-holds")).to_contain_text("A claim in the county court")

            page.get_by_role("link", name=f"Lift hold on {reference}").click()
            page.get_by_label("Why is the hold being lifted?").fill("The claim was settled")
            page.get_by_role("button", name="Lift hold").click()
            page.goto(f"{base}/staff/retention/dry-run")
            expect(page.locator("#dry-run")).to_contain_text(reference)
            assert_accessible(page)

            page.goto(f"{base}/staff/retention/cases/{reference}/purge")
            assert_accessible(page)
            page.get_by_label("Type the case reference to confirm").fill(reference)
            page.get_by_role("button", name="Purge this case").click()
            expect(page.get_by_text(f"{reference} purged")).to_be_visible()

            page.goto(f"{base}/staff/subject-access")
            assert_accessible(page)
            page.get_by_label("Full name (optional)").fill("Someone Else")
            page.get_by_label("Day").fill("20")
            page.get_by_label("Month").fill("11")
            page.get_by_label("Year").fill("2026")
            page.get_by_role("button", name="Open the request").click()
            expect(page.get_by_role("heading", name="Draft for review")).to_be_visible()
            assert_accessible(page)
            screenshot(page, "staff-subject-access-draft")
    finally:
        empty_all_tables(core)
        core.db.dispose()
