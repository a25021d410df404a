"""End to end in Chromium: a victim reports graffiti through the public web form; a case officer signs in with
a one-time code, triages the report, records the first response and the graffiti removal, and closes the case.

CSRF is on throughout. axe-core checks every staff page and error state the officer sees for WCAG 2.2 AA;
the form's own pages are checked by its driver, as in the web suite.
"""

from __future__ import annotations

import pyotp
from playwright.sync_api import Page, expect
from sqlalchemy import select

from intake.case_tables import Case
from tests.browser import assert_accessible, screenshot
from tests.e2e.conftest import Site
from tests.staff.browser_support import WRONG_CODE, enter_sign_in, open_sign_in
from tests.staff.conftest import Staff, make_staff
from tests.web.browser_driver import FormDriver, new_page, walk
from tests.web.journeys import Journey

WHAT_HAPPENED = "Someone sprayed a racist slogan on my front door last night."

# Policy 4.10: the victim says there is offensive graffiti to remove, so its 24-hour clock starts.
GRAFFITI_ON_MY_DOOR: Journey = [
    ("who", {"role": "victim"}),
    ("what-happened", {"incident_types": ["graffiti_or_literature"]}),
    ("why", {"characteristics": ["race"]}),
    ("when", {"occurred_on": ["", "", ""], "occurred_text": "Last night"}),
    ("where", {"where": "address"}),
    ("address", {"address": "14 Elm Court", "postcode": "M14 5TQ"}),
    ("in-your-own-words", {"description": WHAT_HAPPENED}),
    ("anyone-hurt", {"answer": "no"}),
    ("children", {"answer": "no"}),
    ("unsafe-at-home", {"answer": "no"}),
    ("damage", {"answer": "no"}),
    ("graffiti", {"answer": "yes"}),
    ("person-responsible", {"known": ["dont_know"]}),
    ("photos-and-documents", {"action": "continue"}),
    ("contact", {"contact": "yes"}),
    ("your-name", {"name": "Amina"}),
    ("contact-methods", {"methods": ["phone"], "phone": "07700 900123", "safe_times": "Weekday mornings"}),
    ("messages-safe", {"answer": "no"}),
    ("consent-contact", {"answer": "yes"}),
    ("consent-police", {"answer": "yes"}),
    ("consent-partners", {"answer": "no"}),
    ("consent-panel", {"answer": "no"}),
]


def report_through_the_web_form(site: Site) -> str:
    """The victim, in their own browser, fills in the public form; the reference on the confirmation page."""
    page, _ = new_page(site.browser, site.base)
    driver = FormDriver(page, site.base, label="e2e")
    driver.start()
    walk(driver, GRAFFITI_ON_MY_DOOR)
    reference = driver.send()
    page.context.close()
    return reference


def sign_in_after_a_wrong_code(page: Page, site: Site, officer: Staff) -> None:
    """A mistyped one-time code is refused (and the error state checked); the code shown now lets them in."""
    open_sign_in(page, site.base)
    enter_sign_in(page, officer, WRONG_CODE)
    expect(page.get_by_text("The email, password or code is not right.").first).to_be_visible()
    assert_accessible(page)  # the sign-in error state
    enter_sign_in(page, officer, pyotp.TOTP(officer.secret).now())
    expect(page.get_by_role("heading", name="Queue", level=1)).to_be_visible()


def find_in_the_queue(page: Page, reference: str) -> None:
    """The report is in the queue as a web report from a victim, with the graffiti removal due."""
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=reference))
    expect(row).to_contain_text("Web")
    expect(row).to_contain_text("Victim")
    expect(row).to_contain_text("Race")
    expect(row).not_to_contain_text("None")  # works are due: the graffiti removal (policy 4.10)
    assert_accessible(page)
    screenshot(page, "staff-queue")
    page.get_by_text("Filter and sort").click()  # folded away, so the queue comes first (issue 19)
    page.get_by_label("Area (start of postcode)").fill("NOT A POSTCODE AREA")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)  # the queue's error state


def triage(page: Page, site: Site, reference: str) -> None:
    """Read what the victim wrote, try a case that does not exist, then accept it into a new case (policy 4.3)."""
    page.get_by_role("link", name=reference).click()
    expect(page.locator("#description")).to_have_text(WHAT_HAPPENED)
    expect(page.locator(".govuk-summary-list__row").filter(has_text="Graffiti to remove")).to_contain_text("Yes")
    assert_accessible(page)
    page.get_by_label("Case reference").fill("HPG-NONE-0000")
    page.get_by_role("button", name="Link to case").click()
    expect(page.get_by_text("There is no case HPG-NONE-0000.").first).to_be_visible()
    assert_accessible(page)  # the report's error state
    page.goto(f"{site.base}/staff/reports/{reference}")
    page.get_by_role("button", name="Accept into a new case").click()
    expect(page.get_by_role("heading", name=f"Case {reference}")).to_be_visible()
    assert_accessible(page)


def record_the_first_response(page: Page, reference: str) -> None:
    """Policy 4.1: the victim was phoned within one working day."""
    page.get_by_role("link", name=reference).click()
    page.get_by_role("link", name="Record the first response").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record first response").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)  # the form's error state
    page.get_by_label("Made").check()
    page.get_by_label("Phone").check()
    page.get_by_role("button", name="Record first response").click()
    expect(page.get_by_text("First response recorded: on time.")).to_be_visible()
    assert_accessible(page)


def record_the_graffiti_removal(page: Page, site: Site, reference: str) -> None:
    """Policy 4.10: the graffiti the victim told us of is removed within 24 hours."""
    page.goto(f"{site.base}/staff/cases/{reference}")
    page.get_by_role("button", name="Record graffiti removal done").click()
    expect(page.get_by_text("Works recorded as done within 24 hours.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "staff-case")


def close_the_case(page: Page) -> None:
    """Closing needs an outcome and a recorded rationale; the form says so first."""
    page.get_by_role("link", name="Close the case").click()
    assert_accessible(page)
    page.get_by_role("button", name="Close case").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)  # the close form's error state
    page.get_by_label("Resolved").check()
    page.get_by_label("Why the case can be closed").fill("Graffiti removed; victim feels safe; no repeat.")
    page.get_by_role("button", name="Close case").click()
    expect(page.get_by_text("Case closed.")).to_be_visible()
    expect(page.get_by_text("Closed: Resolved")).to_be_visible()
    assert_accessible(page)


def test_a_web_report_is_triaged_responded_to_cleaned_up_and_closed(site: Site) -> None:
    reference = report_through_the_web_form(site)
    officer = make_staff(site.intake, "case_officer")
    page, _ = new_page(site.browser, site.base)  # the officer's own browser: no cookie of the victim's
    sign_in_after_a_wrong_code(page, site, officer)
    find_in_the_queue(page, reference)
    triage(page, site, reference)
    record_the_first_response(page, reference)
    record_the_graffiti_removal(page, site, reference)
    close_the_case(page)
    with site.intake.db.read() as session:
        case = session.scalars(select(Case)).one()
    assert (case.reference, case.status, case.outcome) == (reference, "closed", "resolved")
