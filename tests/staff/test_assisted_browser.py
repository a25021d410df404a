"""In Chromium: a triage officer records a telephone report, and a case officer another without
JavaScript (policy 4.2; issue 12 item 5), each page with scripts checked by axe-core for WCAG 2.2 AA;
both show in the queue and in ``flask export`` with channel "assisted" and clocks from the call's start."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pyotp
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from intake.clock import response_due
from intake.context import Intake
from tests.browser import assert_accessible, chromium, live_server
from tests.conftest import empty_all_tables, make_test_app
from tests.staff.browser_support import enter_sign_in, sign_in
from tests.staff.conftest import Staff, make_staff

TITLE = "Record a report taken by telephone or in person"


def _answer(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def _record_a_telephone_call(page: Page, started: datetime) -> None:
    """What a victim told the officer on the telephone, typed into the one page."""
    _answer(page, "How was the report received?", "By telephone")
    page.get_by_label("When did the call or visit begin?").fill(started.strftime("%Y-%m-%dT%H:%M"))
    _answer(page, "Who is reporting?", "The victim")
    page.get_by_label("What happened?").fill("Someone wrote abuse on my front door last night.")
    _answer(page, "What kind of incident was it?", "Graffiti, posters or leaflets")
    _answer(page, "Why do they think it happened?", "Religion or belief")
    for question in ("Was anyone injured?", "Were children affected, or are they at risk?"):
        _answer(page, question, "No")
    _answer(page, "Was anyone's life threatened?", "Not asked")
    _answer(page, "Does the victim feel unsafe at home?", "No")
    _answer(page, "Is there graffiti, posters or writing to remove?", "Yes")
    _answer(page, "Is there other damage that needs repair (not graffiti)?", "No")
    for question in ("Does the victim know who did it?", "Does the person responsible live nearby?"):
        _answer(page, question, "Not known")
    for question in ("Is the person responsible one of our tenants?", "Is the person responsible one of our staff?"):
        _answer(page, question, "Not known")
    _answer(page, "Does the reporter want to stay anonymous?", "No")
    page.get_by_label("Reporter's phone number (optional)").fill("07700 900123")
    _answer(page, "Which ways is it safe to contact them?", "Phone call")
    _answer(page, "Is it safe to leave a voicemail or message?", "No")
    for kind in ("contacting them", "sharing this report with the police"):
        _answer(page, f"Does the victim agree to us {kind}?", "Yes")
    _answer(page, "Does the victim agree to us sharing this report with partner agencies?", "No")
    _answer(page, "Does the victim agree to their case going to a multi-agency panel?", "Not asked")


def _record(browser: Browser, base: str, officer: Staff, started: datetime, *, javascript: bool) -> str:
    """Sign in, meet the empty page and its errors, record the call; returns the reference shown."""
    page = browser.new_context(java_script_enabled=javascript).new_page()
    if javascript:
        sign_in(page, base, officer)  # the sign-in page checked by axe-core
    else:  # axe-core cannot run in a page without JavaScript
        page.goto(f"{base}/staff/sign-in")
        enter_sign_in(page, officer, pyotp.TOTP(officer.secret).now())
    page.get_by_role("link", name="Record a report").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    if javascript:
        assert_accessible(page)
    page.get_by_role("button", name="Record the report").click()
    expect(page.get_by_role("link", name="Select how the report was received")).to_be_visible()
    if javascript:
        assert_accessible(page)  # the error state
    _record_a_telephone_call(page, started)
    page.get_by_role("button", name="Record the report").click()
    expect(page.get_by_text("Report recorded. The reference is")).to_be_visible()
    shown = re.search(r"The reference is ([A-Z0-9-]+)\.", page.content())
    assert shown is not None
    reference = shown[1]
    page.get_by_role("link", name="Queue").click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    if javascript:
        assert_accessible(page)
    return reference


def _exported(app: Flask) -> dict[str, dict[str, Any]]:
    result = app.test_cli_runner().invoke(args=["export"])
    assert result.exit_code == 0, result.output
    return {record["reference"]: record for record in json.loads(result.output)}


def test_a_triage_officer_records_a_telephone_report_that_the_queue_and_export_show(
    database_url: str, tmp_path: Path
) -> None:
    app = make_test_app(database_url, tmp_path, CHANNELS="channels.assisted")
    core: Intake = app.extensions["intake"]
    zone = core.calendar.timezone
    started = (core.clock().astimezone(zone) - timedelta(hours=2)).replace(second=0, microsecond=0)
    try:
        with live_server(app) as base, chromium() as browser:
            with_script = _record(browser, base, make_staff(core, "triage_officer"), started, javascript=True)
            without_script = _record(browser, base, make_staff(core, "case_officer"), started, javascript=False)
        records = _exported(app)
        assert set(records) == {with_script, without_script}
        for record in records.values():
            assert record["channel"] == "assisted"
            assert datetime.fromisoformat(record["received_at"]) == started
            assert datetime.fromisoformat(record["response_due"]) == response_due(started, core.calendar)
            [works] = record["works"]
            assert datetime.fromisoformat(works["due"]) == started + timedelta(hours=24)
    finally:
        empty_all_tables(core)
        core.db.dispose()
