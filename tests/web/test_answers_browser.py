"""Issue 19 items 1 and 2 in Chromium: a third party not sure the victim knows is asked the victim's
wishes with "I don't know"; a manager (the report is restricted, policy 4.11) then reads "not sure"
and "consent not known" on the report. axe-core checks each new page and the staff report page."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from intake.accounts.staff_users import create_staff
from tests.browser import assert_accessible, chromium, live_server, screenshot
from tests.conftest import empty_all_tables, make_test_app
from tests.staff.browser_support import sign_in
from tests.staff.conftest import PASSWORD, Staff
from tests.web.browser_driver import FormDriver, new_page, walk
from tests.web.conftest import WEB_SETTINGS
from tests.web.journeys import THIRD_PARTY

UNTIL_VICTIM_AGREES = THIRD_PARTY[: [slug for slug, _ in THIRD_PARTY].index("victim-agrees")]
NOT_SURE = [
    ("victim-agrees", {"answer": "not_sure"}),
    ("consent-contact", {"answer": "yes"}),
    ("consent-police", {"answer": "not_sure"}),
    ("consent-partners", {"answer": "no"}),
    ("consent-panel", {"answer": "not_sure"}),
]


def test_a_third_partys_not_sure_reaches_staff_as_said(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path, **WEB_SETTINGS)
    core = app.extensions["intake"]
    user, secret = create_staff(
        core, "manager@landlord.example.org", "A Manager", PASSWORD, "manager"
    )  # restricted (policy 4.11)
    try:
        with live_server(app) as base, chromium() as browser:
            page, _ = new_page(browser, base)
            driver = FormDriver(page, base, label="answers")
            driver.start()
            walk(driver, UNTIL_VICTIM_AGREES)
            driver.answer("victim-agrees", {"answer": "not_sure"})
            expect(page.get_by_role("heading", level=1)).to_contain_text("As far as you know")
            expect(page.get_by_label("I don't know")).to_be_visible()
            walk(driver, NOT_SURE[1:])
            reference = driver.send()
            page.context.close()

            staff_page = browser.new_page()
            sign_in(staff_page, base, Staff(user, secret))
            staff_page.goto(f"{base}/staff/reports/{reference}")
            rows = staff_page.locator(".govuk-summary-list__row")
            expect(rows.filter(has_text="Knows and agrees")).to_contain_text("Not sure")
            expect(rows.filter(has_text="Threat to life")).to_contain_text("Not asked")
            expect(
                staff_page.get_by_text("Share with police: consent not known (reported by a third party)")
            ).to_be_visible()
            assert_accessible(staff_page)
            screenshot(staff_page, "staff-report-answers-as-said")
    finally:
        empty_all_tables(core)
        core.db.dispose()
