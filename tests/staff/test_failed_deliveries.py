"""Outbox messages and media fetches that failed for good are shown to managers and admins
(issue 12, item 6): reference, kind, method, attempts and last error, never the recipient or the
message (policy 1.2); a restricted report named to managers only (policy 4.11); the view audited."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import select

from intake.context import Intake
from intake.drafts import ResponsiblePerson
from intake.models import AuditEvent
from tests.browser import assert_accessible, chromium, live_server, screenshot
from tests.conftest import empty_all_tables, make_test_app
from tests.factories import submit
from tests.staff.browser_support import sign_in as sign_in_in_browser
from tests.staff.conftest import client_for, make_staff, page
from tests.staff.failed_support import BODY, RECIPIENT, fail_for_good


def test_a_manager_sees_what_failed_for_good_without_recipient_or_message(staff_app: Flask, intake: Intake) -> None:
    reference = submit(intake).reference or ""
    fail_for_good(intake, reference)
    client, manager = client_for(staff_app, intake, "manager")

    shown = page(client, "/staff/failed-deliveries")

    assert reference in shown
    assert "Staff message" in shown and "Email" in shown and "550 5.1.1 [hidden] Recipient address rejected" in shown
    assert "Picture" in shown and "HTTPError 404" in shown
    assert RECIPIENT not in shown and BODY not in shown
    with intake.db.read() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.actor == manager.user.actor))
        assert "failed_deliveries_viewed" in list(actions)


def test_an_admin_is_not_told_which_restricted_report_failed(staff_app: Flask, intake: Intake) -> None:
    reference = submit(intake, responsible=ResponsiblePerson(is_staff=True)).reference or ""
    fail_for_good(intake, reference)
    client, _ = client_for(staff_app, intake, "admin")

    shown = page(client, "/staff/failed-deliveries")

    assert reference not in shown and "HTTPError 404" in shown


def test_case_and_triage_officers_do_not_see_the_page(staff_app: Flask, intake: Intake) -> None:
    for role in ("triage_officer", "case_officer"):
        client, _ = client_for(staff_app, intake, role)
        page(client, "/staff/failed-deliveries", status=403)


def test_a_manager_opens_failed_deliveries_from_the_header_in_chromium(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path, CHANNELS="channels.sms")
    core = app.extensions["intake"]
    try:
        fail_for_good(core, submit(core).reference or "")
        manager = make_staff(core, "manager", "Browser Manager")
        with live_server(app) as base, chromium() as browser:
            tab = browser.new_page()
            sign_in_in_browser(tab, base, manager)
            tab.get_by_role("link", name="Failed deliveries").click()
            expect(tab.get_by_role("heading", name="Failed deliveries", level=1)).to_be_visible()
            expect(tab.locator("#failed-deliveries")).to_contain_text("HTTPError 404")
            assert_accessible(tab)
            screenshot(tab, "staff-failed-deliveries")
    finally:
        empty_all_tables(core)
        core.db.dispose()
