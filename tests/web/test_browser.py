"""The three journeys of issue 5 in Debian's Chromium, from the start page to the confirmation, each
checked afterwards through the `export` command: by mouse, without JavaScript, and by keyboard alone.
axe-core checks every page and error state; screenshots at 320 and 1280 px go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, expect

from channels.web.tables import WebFormAnswers
from intake.context import Intake
from tests.browser import chromium, live_server
from tests.conftest import empty_all_tables, make_test_app
from tests.web.browser_driver import FormDriver, export_reports, new_page, walk
from tests.web.conftest import WEB_SETTINGS
from tests.web.files import PDF, WINDOWS_PROGRAM, png
from tests.web.journeys import THIRD_PARTY, VICTIM_ANONYMOUS, WITNESS_AFTER_PHOTOS, WITNESS_BEFORE_PHOTOS

# Exit goes off-site; here a closed port on loopback stands in for the weather site, so nothing leaves.
NEUTRAL_SITE = "https://127.0.0.1:9/weather"


@pytest.fixture(scope="module")
def served(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, str, Browser]]:
    app = make_test_app(database_url, tmp_path_factory.mktemp("browser"), **WEB_SETTINGS, WEB_EXIT_URL=NEUTRAL_SITE)
    with live_server(app) as base, chromium() as browser:
        yield app, base, browser
    app.extensions["intake"].db.dispose()


@pytest.fixture
def site(served: tuple[Flask, str, Browser]) -> Iterator[tuple[str, Browser, Intake]]:
    app, base, browser = served
    yield base, browser, app.extensions["intake"]
    empty_all_tables(app.extensions["intake"])


def only(reports: list[dict[str, Any]], reference: str) -> dict[str, Any]:
    [report] = reports
    assert report["reference"] == reference
    return report


def assert_clocks(report: dict[str, Any], works: list[str]) -> None:
    """Policy 4.1: close of business on a later working day; policy 4.10: works 24 hours after receipt."""
    received = datetime.fromisoformat(report["received_at"])
    due = datetime.fromisoformat(report["response_due"])
    assert due.hour == 17 and due.minute == 0 and due.weekday() < 5 and due.date() > received.date()
    assert sorted(work["kind"] for work in report["works"]) == works
    assert all(datetime.fromisoformat(work["due"]) - received == timedelta(hours=24) for work in report["works"])


def assert_victim_report(report: dict[str, Any]) -> None:
    assert (report["channel"], report["reporter_role"]) == ("web", "victim")
    assert report["characteristics"] == ["race", "religion"]
    assert report["incident_types"] == ["verbal_abuse", "graffiti_or_literature"]
    assert [(c["kind"], c["party"], c["given"]) for c in report["consents"]] == [
        ("share_with_police", "victim", True),
        ("share_with_partners", "victim", False),
        ("multi_agency_panel", "victim", False),
    ]
    assert_clocks(report, ["graffiti_removal"])


def test_a_victim_reports_anonymously(site: tuple[str, Browser, Intake], database_url: str) -> None:
    base, browser, _ = site
    page, requested = new_page(browser, base)
    driver = FormDriver(page, base, label="victim")
    driver.start()
    walk(driver, VICTIM_ANONYMOUS)
    reference = driver.send()
    assert_victim_report(only(export_reports(database_url), reference))
    assert [url for url in requested if not url.startswith(base)] == [], "loaded from elsewhere, or a console error"
    page.get_by_role("link", name="How to stay safe online").click()
    driver.check_page()
    page.go_back()  # the reference page is not shown again
    assert page.locator(".app-reference").count() == 0
    page.context.close()


def test_a_victim_reports_without_javascript(site: tuple[str, Browser, Intake], database_url: str) -> None:
    base, browser, _ = site
    page, _ = new_page(browser, base, javascript=False)
    driver = FormDriver(page, base, javascript=False, label="nojs")
    driver.start()
    assert page.locator("body.js-enabled").count() == 0
    walk(driver, VICTIM_ANONYMOUS)
    reference = driver.send()
    assert_victim_report(only(export_reports(database_url), reference))
    page.context.close()


def test_a_victim_reports_with_the_keyboard_alone(site: tuple[str, Browser, Intake], database_url: str) -> None:
    base, browser, _ = site
    page, _ = new_page(browser, base)
    driver = FormDriver(page, base, keyboard=True, label="keyboard")
    driver.start()
    walk(driver, VICTIM_ANONYMOUS)
    reference = driver.send()
    assert_victim_report(only(export_reports(database_url), reference))
    page.context.close()


def test_a_witness_reports_with_photos(site: tuple[str, Browser, Intake], database_url: str, tmp_path: Path) -> None:
    base, browser, _ = site
    page, _ = new_page(browser, base)
    driver = FormDriver(page, base, label="witness")
    driver.start()
    walk(driver, WITNESS_BEFORE_PHOTOS, with_errors=True)
    driver.check_page()
    page.set_input_files("#files", [_file("photo.jpg", WINDOWS_PROGRAM, "image/jpeg")])
    page.get_by_role("button", name="Add files").click()
    assert "photo.jpg must be a photo" in page.locator(".govuk-error-summary").inner_text()
    driver.check_page("error")
    page.set_input_files("#files", [_file("door.png", png(b"\x09\x09\x09"), "image/png"), _file("note.pdf", PDF)])
    page.get_by_role("button", name="Add files").click()
    # The upload reloads the page: wait for the files to be listed rather than read the page being left.
    expect(page.locator(".govuk-summary-list__key")).to_have_text(["door.png (PNG, 1 KB)", "note.pdf (PDF, 1 KB)"])
    driver.answer("photos-and-documents", {"action": "continue"})
    walk(driver, WITNESS_AFTER_PHOTOS, with_errors=True)
    reference = driver.send()
    report = only(export_reports(database_url), reference)
    assert (report["channel"], report["reporter_role"]) == ("web", "witness")
    assert report["characteristics"] == ["alternative_subculture"]
    assert report["incident_types"] == ["vandalism_or_arson", "graffiti_or_literature"]
    assert [a["filename"] for a in report["attachments"]] == ["door.png", "note.pdf"]
    assert {(c["kind"], c["party"], c["given"]) for c in report["consents"]} == {
        ("contact", "reporter", True),
        ("share_with_police", "reporter", True),
        ("share_with_partners", "reporter", True),
        ("multi_agency_panel", "reporter", False),
    }
    assert_clocks(report, ["emergency_repair", "graffiti_removal"])
    page.context.close()


def test_a_third_party_reports_for_a_victim(site: tuple[str, Browser, Intake], database_url: str) -> None:
    base, browser, _ = site
    page, _ = new_page(browser, base)
    driver = FormDriver(page, base, label="third-party")
    driver.start()
    walk(driver, THIRD_PARTY, with_errors=True)
    reference = driver.send()
    report = only(export_reports(database_url), reference)
    assert (report["channel"], report["reporter_role"]) == ("web", "third_party")
    assert report["characteristics"] == ["disability", "transgender"]
    assert report["incident_types"] == ["threats", "assault"]
    assert report["priority"] == "immediate"
    assert {(c["kind"], c["party"], c["given"]) for c in report["consents"]} == {
        ("contact", "victim", True),
        ("share_with_police", "victim", False),
        ("share_with_partners", "victim", True),
        ("multi_agency_panel", "victim", True),
    }
    assert_clocks(report, [])
    page.context.close()


def test_shift_three_times_exits_and_clears_the_answers(site: tuple[str, Browser, Intake]) -> None:
    base, browser, intake = site
    page, _ = new_page(browser, base)
    driver = FormDriver(page, base, label="exit")
    driver.start()
    walk(driver, VICTIM_ANONYMOUS[:3])
    with page.expect_request(NEUTRAL_SITE) as left:
        for _ in range(3):
            page.keyboard.press("Shift")
    assert left.value.redirected_from is not None and left.value.redirected_from.url == f"{base}/report/exit"
    assert [c for c in page.context.cookies() if c["name"] == "report_answers"] == []
    with intake.db.read() as session:
        assert session.query(WebFormAnswers).count() == 0
    page.context.close()


def test_the_other_pages_are_accessible(site: tuple[str, Browser, Intake]) -> None:
    base, browser, _ = site
    page, _ = new_page(browser, base)
    driver = FormDriver(page, base, label="other")
    for path in ["/staying-safe-online", "/report/nowhere"]:
        page.goto(f"{base}{path}")
        driver.check_page()
    walk_to_check = [*VICTIM_ANONYMOUS]
    page.goto(f"{base}/report")
    walk(driver, walk_to_check)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "report_answers", "value": "gone", "url": base}])
    page.goto(f"{base}/report/who")
    assert page.locator("h1").inner_text() == "Your answers were cleared"
    driver.check_page()
    page.context.close()


def _file(name: str, content: bytes, mime: str = "application/pdf") -> dict[str, Any]:
    return {"name": name, "mimeType": mime, "buffer": content}
