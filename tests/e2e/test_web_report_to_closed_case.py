"""End to end in Chromium: sign in with a one-time code, triage a web report, respond, remove graffiti, close.

axe-core checks the queue, report and case pages and their error states for WCAG 2.2 AA.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pyotp
from playwright.sync_api import Page, expect
from sqlalchemy import select

from intake.drafts import Contact, Inbound, ReportDraft, SafetyFlags
from intake.services import submit_report
from intake.staff.accounts import create_staff
from intake.staff.models import Case
from tests.browser import assert_accessible, chromium, live_server, screenshot
from tests.conftest import empty_all_tables, make_test_app

PASSWORD = "a long staff password"


def web_report() -> ReportDraft:
    """A report as the public web form makes one (the lead switches this to the real form after merging)."""
    return ReportDraft(
        inbound=Inbound("web", secrets.token_hex(8), b"form fields", "application/x-www-form-urlencoded"),
        reporter_role="victim",
        description="Someone sprayed a racist slogan on my front door last night.",
        characteristics=("race",),
        incident_types=("graffiti_or_literature",),
        postcode="M14 5TQ",
        safety=SafetyFlags(graffiti_to_remove=True),
        reporter=Contact(name="Amina", phone="+447700900123", safe_methods=("phone",)),
    )


def sign_in(page: Page, base: str, email: str, secret: str) -> None:
    page.goto(f"{base}/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("One-time code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("The email, password or code is not right.").first).to_be_visible()
    assert_accessible(page)  # the sign-in error state
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("One-time code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Queue")).to_be_visible()


def test_a_case_officer_triages_responds_removes_graffiti_and_closes(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path)
    core = app.extensions["intake"]
    reference = submit_report(core, web_report()).reference
    user, secret = create_staff(core, "officer@landlord.example.org", "Case Officer", PASSWORD, "case_officer")
    try:
        with live_server(app) as base, chromium() as browser:
            page = browser.new_page()
            sign_in(page, base, user.email, secret)
            assert_accessible(page)
            screenshot(page, "staff-queue")
            page.get_by_label("Area (start of postcode)").fill("NOT A POSTCODE AREA")
            page.get_by_role("button", name="Filter").click()
            expect(page.get_by_text("There is a problem")).to_be_visible()
            assert_accessible(page)  # the queue's error state

            page.get_by_role("link", name=reference).click()
            expect(page.get_by_text("Someone sprayed a racist slogan on my front door last night.")).to_be_visible()
            assert_accessible(page)
            page.get_by_label("Case reference").fill("HPG-NONE-0000")
            page.get_by_role("button", name="Link to case").click()
            expect(page.get_by_text("There is no case HPG-NONE-0000.").first).to_be_visible()
            assert_accessible(page)  # the report's error state
            page.goto(f"{base}/staff/reports/{reference}")
            page.get_by_role("button", name="Accept into a new case").click()
            expect(page.get_by_role("heading", name=f"Case {reference}")).to_be_visible()

            page.get_by_role("link", name=reference).click()
            page.get_by_role("link", name="Record the first response").click()
            page.get_by_role("button", name="Record first response").click()
            assert_accessible(page)  # a form's error state
            page.get_by_label("Made").check()
            page.get_by_label("Phone").check()
            page.get_by_role("button", name="Record first response").click()
            expect(page.get_by_text("First response recorded: on time.")).to_be_visible()

            page.goto(f"{base}/staff/cases/{reference}")
            page.get_by_role("button", name="Record graffiti removal done").click()
            expect(page.get_by_text("Works recorded as done within 24 hours.")).to_be_visible()
            assert_accessible(page)
            screenshot(page, "staff-case")

            page.get_by_role("link", name="Close the case").click()
            page.get_by_role("button", name="Close case").click()
            expect(page.get_by_text("There is a problem")).to_be_visible()
            assert_accessible(page)  # the case's error state
            page.get_by_label("Resolved").check()
            page.get_by_label("Why the case can be closed").fill("Graffiti removed; victim feels safe; no repeat.")
            page.get_by_role("button", name="Close case").click()
            expect(page.get_by_text("Case closed.")).to_be_visible()
            expect(page.get_by_text("Closed: Resolved")).to_be_visible()
            assert_accessible(page)
        with core.db.read() as session:
            case = session.scalars(select(Case)).one()
        assert (case.status, case.outcome) == ("closed", "resolved")
    finally:
        empty_all_tables(core)
        core.db.dispose()
