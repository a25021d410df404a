"""In Chromium (issue 14): a manager opens monitoring at 320 px and 1280 px, reads the chart's text
alternative and its numbers, follows a count to its list and downloads a table as CSV; axe-core checks
each page for WCAG 2.2 AA, and nothing the Content-Security-Policy blocks is asked for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect

from intake.casework import decisions
from intake.context import Intake
from tests.browser import assert_accessible, chromium, live_server
from tests.conftest import empty_all_tables, make_test_app
from tests.factories import submit
from tests.staff.browser_support import sign_in
from tests.staff.conftest import make_staff
from tests.web.browser_driver import new_page


def _reports(core: Intake) -> list[str]:
    """Three reports received in the last minutes (so in the current financial year), two in area M1."""
    now = datetime.now(UTC)
    references = []
    for minutes, postcode in ((3, "M1 1AA"), (2, "M1 2BB"), (1, "M14 5TQ")):
        submission = submit(
            core, received_at=now - timedelta(minutes=minutes), postcode=postcode, characteristics=("race",)
        )
        assert submission.reference is not None
        references.append(submission.reference)
    return references


def _at_320(page: Page) -> None:
    page.set_viewport_size({"width": 320, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def _chart_has_text(page: Page) -> None:
    chart = page.get_by_role("img", name="Reports received and cases opened, month by month")
    expect(chart).to_be_visible()
    expect(page.locator("svg.app-chart desc")).to_contain_text("3 reports received")
    page.get_by_text("The numbers in the chart").click()
    expect(page.locator("#trend-table")).to_be_visible()


def _follow_a_count(page: Page, references: list[str]) -> None:
    area = page.locator("#table-area")
    area.get_by_role("link", name="2 reports received: M1").click()
    expect(page.get_by_role("heading", name="Reports received: M1")).to_be_visible()
    for reference in references[:2]:
        expect(page.get_by_role("link", name=reference)).to_be_visible()
    expect(page.get_by_role("link", name=references[2])).to_have_count(0)
    assert_accessible(page)
    _at_320(page)
    page.get_by_role("link", name="Back").click()


def _download(page: Page) -> None:
    with page.expect_download() as download_info:
        page.locator("a[href*='/monitoring/download/area.csv']").click()
    download = download_info.value
    assert download.suggested_filename.startswith("monitoring-area-")
    text = Path(download.path()).read_text()
    assert text.splitlines()[0] == "period_start,period_end,table,row,reports_received,cases_opened"
    assert any(line.endswith(",area,M1,2,1") for line in text.splitlines())


def test_a_manager_reads_monitoring_follows_a_count_and_downloads_it_browser(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path, CHANNELS="")
    core: Intake = app.extensions["intake"]
    try:
        references = _reports(core)
        manager = make_staff(core, "manager", "Morgan Lee")
        decisions.accept_into_case(core, manager.user, references[0])
        with live_server(app) as base, chromium() as browser:
            page, requested = new_page(browser, base)
            sign_in(page, base, manager)
            page.get_by_role("link", name="Monitoring").click()
            expect(page.get_by_role("heading", name="Monitoring", level=1)).to_be_visible()
            expect(page.locator("#reports-received")).to_have_text("3")
            assert_accessible(page)
            _at_320(page)
            _chart_has_text(page)
            assert_accessible(page)  # with the chart's numbers open
            _follow_a_count(page, references)
            _download(page)
            assert not [line for line in requested if line.startswith("console")], requested
    finally:
        empty_all_tables(core)
        core.db.dispose()
