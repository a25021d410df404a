"""A case officer's day in Chromium (issue 19): find a report from a phone call by a reference typed in
lower case without hyphens, work the queue on a 320 px phone, sort it, assign three reports at once,
record "no safe way to contact" on an anonymous report, be refused closing its case while the graffiti
removal is outstanding, then record the removal and close.

axe-core checks every page and error state the officer sees for WCAG 2.2 AA.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from intake.drafts import Contact, SafetyFlags
from tests.browser import assert_accessible
from tests.e2e.conftest import Site
from tests.factories import submit
from tests.staff.browser_support import sign_in
from tests.staff.conftest import make_staff
from tests.web.browser_driver import new_page


def _report(site: Site, minutes_ago: int, **fields: object) -> str:
    received = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    reference = submit(site.intake, received_at=received, **fields).reference
    assert reference is not None
    return reference


def the_queue_on_a_phone(page: Page) -> None:
    """At 320 px the rows are cards and the filters are folded away: nothing scrolls sideways."""
    page.set_viewport_size({"width": 320, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    expect(page.get_by_label("Area (start of postcode)")).to_be_hidden()
    expect(page.locator("#queue thead")).to_have_css("position", "absolute")  # column names beside each value
    expect(page.locator("#queue tbody tr").first).to_have_css("display", "block")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def find_by_reference_as_read_out(page: Page, reference: str) -> None:
    page.get_by_label("Find a report or case by its reference").fill(reference.replace("-", "").lower())
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_role("heading", name=f"Report {reference}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Queue").click()


def sort_newest_first(page: Page, newest: str) -> None:
    page.get_by_text("Filter and sort").click()
    page.get_by_label("Sort by").select_option("received")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page.get_by_text("Open reports, newest first")).to_be_visible()
    first_row = page.locator("#queue tbody tr").first
    expect(first_row).to_contain_text(newest)
    assert_accessible(page)


def assign_three(page: Page, references: list[str]) -> None:
    for reference in references:
        row = page.get_by_role("row").filter(has=page.get_by_role("link", name=reference))
        row.get_by_role("checkbox").check()
    page.get_by_label("Assign the ticked reports to").select_option(label="Priya Shah")
    page.get_by_role("button", name="Assign the ticked reports").click()
    expect(page.get_by_text("3 reports assigned to Priya Shah.")).to_be_visible()
    for reference in references:
        expect(page.get_by_role("row").filter(has=page.get_by_role("link", name=reference))).to_contain_text(
            "Priya Shah"
        )
    assert_accessible(page)


def record_no_safe_way_to_contact(page: Page, reference: str) -> None:
    page.get_by_role("link", name=reference).click()
    page.get_by_role("link", name="Record the first response").click()
    expect(page.get_by_label("Phone")).to_have_count(0)  # nobody to contact: no contact methods offered
    expect(page.get_by_label("Letter")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Reviewed; no safe way to contact").check()
    page.get_by_role("button", name="Record first response").click()
    expect(page.get_by_role("link", name="Say what was done instead of contact")).to_be_visible()
    assert_accessible(page)  # the error names its field
    page.get_by_label("What was done instead of contact?").fill("Graffiti removal ordered; police informed")
    page.get_by_role("button", name="Record first response").click()
    expect(page.get_by_text("First response recorded: on time.")).to_be_visible()
    assert_accessible(page)


def accept_and_try_to_close(page: Page, reference: str) -> None:
    page.get_by_role("button", name="Accept into a new case").click()
    expect(page.get_by_role("heading", name=f"Case {reference}")).to_be_visible()
    expect(page.get_by_text("reviewed; no safe way to contact")).to_be_visible()
    _close(page)
    expect(page.get_by_text("Works are outstanding on this case").first).to_be_visible()
    assert_accessible(page)  # refused


def complete_the_works_and_close(page: Page, reference: str) -> None:
    page.get_by_role("link", name="Back").click()
    page.get_by_role("button", name="Record graffiti removal done").click()
    expect(page.get_by_text("Works recorded as done within 24 hours.")).to_be_visible()
    _close(page)
    expect(page.get_by_text("Case closed.")).to_be_visible()
    expect(page.get_by_text("Closed: Resolved")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("due in")
    assert_accessible(page)


def _close(page: Page) -> None:
    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("Resolved").check()
    page.get_by_label("Why the case can be closed").fill("Graffiti removed; no repeat.")
    page.get_by_role("button", name="Close case").click()


def test_a_case_officers_day(site: Site) -> None:
    officer = make_staff(site.intake, "case_officer", "Sam Okafor")
    make_staff(site.intake, "case_officer", "Priya Shah")
    anonymous = _report(
        site, 90, reporter=Contact(anonymous=True), safety=SafetyFlags(graffiti_to_remove=True), postcode="M14 5TQ"
    )
    others = [_report(site, minutes, postcode="LS1 4AP") for minutes in (60, 30, 5)]
    page, _ = new_page(site.browser, site.base)
    sign_in(page, site.base, officer)
    assert_accessible(page)
    the_queue_on_a_phone(page)
    find_by_reference_as_read_out(page, anonymous)
    sort_newest_first(page, others[-1])
    assign_three(page, others)
    record_no_safe_way_to_contact(page, anonymous)
    accept_and_try_to_close(page, anonymous)
    complete_the_works_and_close(page, anonymous)
    page.context.close()
