"""End to end in Chromium: a partner accepts an invitation, sets up a one-time code, reports for a client
and sees the report in their list; a triage officer then signs in to /staff and finds it in the queue as
channel partner, and the export shows it too. axe-core checks every portal page and error state, and the
staff queue and report pages, against WCAG 2.2 AA."""

from __future__ import annotations

import json
import re

import pyotp
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from intake.casework import decisions as services
from intake.context import Intake
from intake.partners import organisations as partners
from tests.browser import assert_accessible, chromium, live_server, screenshot
from tests.partner.support import PASSWORD, make_organisation, make_partner_user
from tests.staff.browser_support import sign_in as staff_sign_in
from tests.staff.conftest import make_staff


def _answer(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def _accept_invitation(page: Page, link: str) -> str:
    page.goto(link)
    expect(page.get_by_role("heading", name="Set up your account")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "partner-invitation")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_label("One-time code").fill("000000")
    page.get_by_role("button", name="Set up my account").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)  # the error state
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_label("One-time code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Set up my account").click()
    expect(page.get_by_text("Your account is ready")).to_be_visible()
    return secret


def _sign_in(page: Page, secret: str) -> None:
    assert_accessible(page)
    page.get_by_label("Email address").fill("amy@eastside.example")
    page.get_by_label("Password", exact=True).fill("not my password")
    page.get_by_label("One-time code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("The email address, password or code is not right").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("One-time code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your organisation's reports")).to_be_visible()
    assert_accessible(page)


def _report_for_a_client(page: Page) -> str:
    page.locator("main").get_by_role("link", name="Report for a client").click()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    _answer(page, "Does the victim know about this report and agree to it?", "Yes")
    _answer(page, "How may we contact the victim?", "Only through you")
    _answer(page, "Does the victim agree to us sharing this report with the police?", "Yes")
    _answer(page, "Does the victim agree to us sharing this report with partner agencies?", "No")
    _answer(page, "Does the victim agree to their case going to a multi-agency panel?", "No")
    page.get_by_label("What happened?", exact=True).fill(
        "A neighbour left a threatening note because of my client's faith."
    )
    _answer(page, "Whose words are these?", "The victim's own words")
    _answer(page, "What kind of incident was it?", "Threats")
    _answer(page, "Why do you or the victim think it happened?", "Religion or belief")
    page.get_by_label("Your own case reference (optional)").fill("EA-3001")
    screenshot(page, "partner-new-report")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Report sent")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "partner-report")
    reference = re.search(r"HPG-[A-Z0-9]{4}-[A-Z0-9]{4}", page.get_by_role("heading", level=1).inner_text())
    assert reference is not None
    return reference[0]


def _follow_up(page: Page) -> None:
    """On the report's page: a message (after its error state) and a withdrawn consent."""
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Add a message to this report").fill("The note was pushed under the door again today.")
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_text("Your message was added to the report.")).to_be_visible()
    page.get_by_role("button", name="Withdraw consent: Share with the police").click()
    expect(page.get_by_text("The consent was withdrawn.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Share with the police")).to_contain_text("Withdrawn")
    assert_accessible(page)


def _staff_find_it_in_the_queue(browser: Browser, base: str, intake: Intake, reference: str) -> None:
    """Policy 4.5: a triage officer, in their own browser, sees the partner's report in the one queue."""
    officer = make_staff(intake, "triage_officer")
    page = browser.new_context().new_page()
    staff_sign_in(page, base, officer)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=reference))
    expect(row).to_contain_text("Partner")
    expect(row).to_contain_text("Third party")
    assert_accessible(page)
    screenshot(page, "staff-queue-partner-report")
    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=f"Report {reference}", level=1)).to_be_visible()
    expect(page.get_by_text("Partner report, received")).to_be_visible()
    expect(
        page.locator(".govuk-summary-list__row").filter(has=page.get_by_text("Partner", exact=True))
    ).to_contain_text("Eastside Advice Centre (their reference EA-3001)")
    assert_accessible(page)
    page.context.close()


def test_a_partner_reports_for_a_client_sees_it_listed_and_staff_find_it_in_their_queue(
    partner_app: Flask, partner_intake: Intake
) -> None:
    organisation = make_organisation(partner_intake)
    invitation = partners.invite_user(
        partner_intake, organisation_id=organisation, email="amy@eastside.example", name="Amy", actor="test"
    )
    with live_server(partner_app) as base, chromium() as browser:
        page = browser.new_page()
        secret = _accept_invitation(page, f"{base}/partner/invitation/{invitation.token}")
        _sign_in(page, secret)
        reference = _report_for_a_client(page)
        _follow_up(page)

        page.get_by_role("link", name="Your organisation's reports").click()
        row = page.get_by_role("row").filter(has_text=reference)
        expect(row).to_contain_text("EA-3001")
        expect(row).to_contain_text("Received")
        expect(row).to_contain_text("Not yet")
        assert_accessible(page)
        screenshot(page, "partner-reports")

        for path, heading in (
            (f"/partner/invitation/{invitation.token}", "This link cannot be used"),
            ("/partner/reports/HPG-2222-2222", "Page not found"),
            ("/partner/sign-out", "Sign out"),
        ):
            page.goto(f"{base}{path}")
            expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
            assert_accessible(page)

        _staff_find_it_in_the_queue(browser, base, partner_intake, reference)

    with partner_app.app_context():  # the core's commands expect the context `flask` gives them
        exported = partner_app.test_cli_runner().invoke(args=["export", "--format=json"])
    assert exported.exit_code == 0, exported.output
    records = [record for record in json.loads(exported.output) if record["reference"] == reference]
    assert [(record["channel"], record["partner_organisation"]) for record in records] == [
        ("partner", "Eastside Advice Centre")
    ]


def _fits_320(page: Page) -> None:
    """Nothing on the page makes a 320 px screen scroll sideways."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url


def _staff_answer_the_partner(browser: Browser, base: str, intake: Intake, reference: str) -> None:
    """A case officer, in their own browser, emails the partner that reported from the case's message page."""
    officer = make_staff(intake, "case_officer")
    case = services.accept_into_case(intake, officer.user, reference)
    page = browser.new_context().new_page()
    staff_sign_in(page, base, officer)
    page.goto(f"{base}/staff/cases/{case}/message")
    page.get_by_label("Partner by email").check()
    page.get_by_label("Message", exact=True).fill("Thank you. We visit your client on Friday.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Message queued by email.")).to_be_visible()
    page.context.close()


def test_on_a_phone_a_partner_chooses_files_again_after_a_mistake_and_reads_staffs_answer(
    partner_app: Flask, partner_intake: Intake
) -> None:
    """At 320 px: the list and the report fit the screen, a form that comes back names the files to choose
    again, and the report's page shows the partner's message and staff's answer in one history."""
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    with live_server(partner_app) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 320, "height": 800})
        page.goto(f"{base}/partner/sign-in")
        page.get_by_label("Email address").fill("amy@eastside.example")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("One-time code").fill(pyotp.TOTP(secret).now())
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Your organisation's reports")).to_be_visible()

        page.goto(f"{base}/partner/reports/new")
        page.get_by_label("Photos or documents (optional)").set_input_files(
            [{"name": "stairs.png", "mimeType": "image/png", "buffer": b"a photo"}]
        )
        page.get_by_role("button", name="Send the report").click()
        asked = "Choose the files again (stairs.png): they are only kept once the report is sent"
        expect(page.locator(".govuk-error-summary").get_by_role("link", name=asked)).to_be_visible()
        expect(page.locator("#attachments-error")).to_contain_text(asked)
        assert_accessible(page)
        reference = _report_for_a_client_again(page)

        page.get_by_label("Add a message to this report").fill("The note was pushed under the door again today.")
        page.get_by_role("button", name="Send the message").click()
        expect(page.get_by_text("Your message was added to the report.")).to_be_visible()
        _staff_answer_the_partner(browser, base, partner_intake, reference)

        page.reload()
        history = page.locator("main ol.govuk-list li")
        expect(history.nth(0)).to_contain_text("From your organisation")
        expect(history.nth(0)).to_contain_text("The note was pushed under the door again today.")
        expect(history.nth(1)).to_contain_text("From Housing Plus Group")
        expect(history.nth(1)).to_contain_text("Thank you. We visit your client on Friday.")
        assert_accessible(page)
        _fits_320(page)
        screenshot(page, "partner-report-messages")

        page.goto(f"{base}/partner/")  # at 320 px the navigation is behind the Menu button
        expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text("EA-3002-A-LONGER-REFERENCE")
        assert_accessible(page)
        _fits_320(page)


def _report_for_a_client_again(page: Page) -> str:
    """The rest of the form, with the file chosen again; returns the new report's reference."""
    _answer(page, "Does the victim know about this report and agree to it?", "Yes")
    _answer(page, "How may we contact the victim?", "Only through you")
    for question in (
        "Does the victim agree to us sharing this report with the police?",
        "Does the victim agree to us sharing this report with partner agencies?",
        "Does the victim agree to their case going to a multi-agency panel?",
    ):
        _answer(page, question, "No")
    page.get_by_label("What happened?", exact=True).fill("Someone shouted abuse at my client about his faith.")
    _answer(page, "Whose words are these?", "The victim's own words")
    page.get_by_label("Your own case reference (optional)").fill("EA-3002-A-LONGER-REFERENCE")
    page.get_by_label("Photos or documents (optional)").set_input_files(
        [{"name": "stairs.png", "mimeType": "image/png", "buffer": b"a photo"}]
    )
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Report sent")).to_be_visible()
    found = re.search(r"HPG-[A-Z0-9]{4}-[A-Z0-9]{4}", page.get_by_role("heading", level=1).inner_text())
    assert found is not None
    return found[0]
