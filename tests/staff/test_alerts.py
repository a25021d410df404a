"""Alerts to TRIAGE_INBOX: clocks about to be missed, once each, with a link and never the content."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from intake.context import Intake
from intake.drafts import ResponsiblePerson, SafetyFlags
from intake.models import OutboxMessage
from tests.conftest import FixedClock, empty_all_tables, make_test_app
from tests.factories import submit

INBOX = "asb-triage@example.org"


@pytest.fixture
def alerting(database_url: str, tmp_path: Path) -> Iterator[tuple[Flask, Intake, FixedClock]]:
    app = make_test_app(
        database_url,
        tmp_path,
        TRIAGE_INBOX=INBOX,
        PUBLIC_BASE_URL="https://casework.example.org",
        STAFF_ALERT_LEAD_MINUTES=120,
    )
    core: Intake = app.extensions["intake"]
    clock = FixedClock(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    core.clock = clock
    yield app, core, clock
    empty_all_tables(core)
    core.db.dispose()


def _alerts(core: Intake) -> list[OutboxMessage]:
    with core.db.read() as session:
        query = select(OutboxMessage).where(OutboxMessage.kind == "staff_alert").order_by(OutboxMessage.id)
        return list(session.scalars(query))


def test_a_response_about_to_be_missed_alerts_the_triage_inbox_once(alerting: tuple[Flask, Intake, FixedClock]) -> None:
    app, core, clock = alerting
    reference = submit(core, description="They spat at my daughter").reference  # due Friday 17:00
    runner = app.test_cli_runner()
    assert runner.invoke(args=["staff-alerts", "--once"]).output == "queued 0 alerts\n"
    clock.now = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)  # 90 minutes before it is due
    assert runner.invoke(args=["staff-alerts", "--once"]).output == "queued 1 alerts\n"
    assert runner.invoke(args=["staff-alerts", "--once"]).output == "queued 0 alerts\n"
    # Issue 11: these words are read as safeguarding signs, so an immediate alert was queued on intake too.
    [alert] = [a for a in _alerts(core) if not (a.subject or "").startswith("Immediate:")]
    assert alert.recipient == INBOX and alert.method == "email"
    assert reference in alert.body and f"https://casework.example.org/staff/reports/{reference}" in alert.body
    assert "spat" not in alert.body and "daughter" not in (alert.subject or "")


def test_works_about_to_be_missed_alert_too_and_met_clocks_do_not(alerting: tuple[Flask, Intake, FixedClock]) -> None:
    app, core, clock = alerting
    graffiti = submit(core, safety=SafetyFlags(graffiti_to_remove=True)).reference
    clock.advance(hours=23)  # works due in an hour; the response is due tomorrow
    app.test_cli_runner().invoke(args=["staff-alerts", "--once"])
    [alert] = _alerts(core)
    assert "graffiti removal" in alert.body and graffiti in alert.body


def test_an_immediate_report_is_alerted_on_intake(alerting: tuple[Flask, Intake, FixedClock]) -> None:
    _, core, _ = alerting
    reference = submit(core, safety=SafetyFlags(threat_to_life=True)).reference  # policy 4.4
    [alert] = _alerts(core)
    assert alert.subject == f"Immediate: report {reference} needs attention"


MANAGERS = "asb-managers@example.org"


@pytest.fixture
def with_managers(database_url: str, tmp_path: Path) -> Iterator[tuple[Flask, Intake, FixedClock]]:
    app = make_test_app(
        database_url, tmp_path, TRIAGE_INBOX=INBOX, MANAGERS_INBOX=MANAGERS, STAFF_ALERT_LEAD_MINUTES=120
    )
    core: Intake = app.extensions["intake"]
    clock = FixedClock(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    core.clock = clock
    yield app, core, clock
    empty_all_tables(core)
    core.db.dispose()


def test_a_restricted_reports_alerts_go_only_to_the_managers_inbox(
    with_managers: tuple[Flask, Intake, FixedClock],
) -> None:
    app, core, clock = with_managers
    staff = ResponsiblePerson(is_staff=True)  # policy 4.11
    reference = submit(core, responsible=staff, safety=SafetyFlags(threat_to_life=True)).reference or ""
    ordinary = submit(core, safety=SafetyFlags(threat_to_life=True)).reference or ""
    clock.now = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)  # both responses due within the lead
    app.test_cli_runner().invoke(args=["staff-alerts", "--once"])
    alerts = _alerts(core)
    assert {a.recipient for a in alerts if reference in (a.subject or "") + a.body} == {MANAGERS}
    assert {a.recipient for a in alerts if ordinary in (a.subject or "") + a.body} == {INBOX}
    assert len(alerts) == 4  # on intake and about to be missed, for each


def test_without_a_managers_inbox_no_alert_names_a_restricted_report(
    alerting: tuple[Flask, Intake, FixedClock],
) -> None:
    app, core, clock = alerting
    reference = submit(core, responsible=ResponsiblePerson(is_staff=True), safety=SafetyFlags(injury=True)).reference
    clock.now = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)
    app.test_cli_runner().invoke(args=["staff-alerts", "--once"])
    assert reference is not None
    assert [a for a in _alerts(core) if reference in (a.subject or "") + a.body] == []
