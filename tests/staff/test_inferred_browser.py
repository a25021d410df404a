"""In Chromium: a case officer sees what was read from a text, confirms one signal and removes another
with a reason (issue 11). axe-core checks the report page and the removal form, error state included.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from intake.accounts.staff_users import create_staff
from tests.browser import assert_accessible, chromium, live_server, screenshot
from tests.conftest import empty_all_tables, make_test_app
from tests.factories import submit
from tests.staff.browser_support import sign_in
from tests.staff.conftest import PASSWORD, Staff

WORDS = "they put burning rags thru my letterbox and sprayed graffiti on the door"


def test_a_case_officer_confirms_one_inferred_signal_and_removes_another(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path, CHANNELS="channels.sms")
    core = app.extensions["intake"]
    user, secret = create_staff(core, "officer@landlord.example.org", "An Officer", PASSWORD, "case_officer")
    reference = submit(core, channel="sms", description=WORDS).reference
    try:
        with live_server(app) as base, chromium() as browser:
            page = browser.new_page()
            sign_in(page, base, Staff(user, secret))
            page.goto(f"{base}/staff/reports/{reference}")
            table = page.locator("#inferred")
            expect(table).to_contain_text("'burning rags'")
            expect(page.get_by_text("Yes (inferred from: 'graffiti')")).to_be_visible()
            assert_accessible(page)
            screenshot(page, "staff-report-inferred")

            page.get_by_role("button", name="Confirm Threat to life").click()
            expect(page.get_by_text("Confirmed: Threat to life.")).to_be_visible()

            page.get_by_role("link", name="Remove Graffiti to remove").click()
            page.get_by_role("button", name="Remove signal").click()
            expect(page.get_by_role("link", name="Say why the signal does not apply")).to_be_visible()
            assert_accessible(page)
            page.get_by_label("Why does this not apply?").fill("The estate team cleaned it this morning")
            page.get_by_role("button", name="Remove signal").click()

            expect(page.get_by_text("Removed: Graffiti to remove. The reason is recorded.")).to_be_visible()
            expect(table).to_contain_text("The estate team cleaned it this morning")
            assert_accessible(page)
    finally:
        empty_all_tables(core)
        core.db.dispose()
