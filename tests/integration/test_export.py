"""The export command: every report, as JSON or CSV, contact details only when asked, audited."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from sqlalchemy import select

from intake.context import Intake
from intake.drafts import AttachmentDraft, ConsentDraft, Contact, SafetyFlags
from intake.models import AuditEvent
from intake.queries import reports_for_export
from tests.conftest import FixedClock
from tests.factories import add, submit
from tests.statement_count import counting

PHONE = "07700 900123"


def export(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def exported(app: Flask, *args: str) -> list[dict[str, Any]]:
    return json.loads(export(app, "--format", "json", *args))


def test_export_gives_every_field_a_reader_needs(app: Flask, intake: Intake, clock: FixedClock) -> None:
    clock.now = datetime(2026, 10, 24, 11, 0, tzinfo=UTC)  # Saturday, BST; due Monday 17:00 GMT
    submission = submit(
        intake,
        channel="sms",
        reporter_role="victim",
        description="=SUM(A1) they wrote on my door",
        characteristics=("race", "religion"),
        incident_types=("graffiti_or_literature",),
        safety=SafetyFlags(graffiti_to_remove=True),
        consents=(ConsentDraft("share_with_police", True),),
        attachments=(AttachmentDraft("door.png", b"\x89PNG\r\n\x1a\n" + b"0" * 10),),
    )
    clock.advance(hours=1)
    add(intake, submission.reference or "", "More graffiti today.", key="later")
    [record] = exported(app)
    assert record["reference"] == submission.reference
    assert (record["channel"], record["reporter_role"]) == ("sms", "victim")
    assert record["received_at"] == "2026-10-24T12:00:00+01:00"
    assert record["response_due"] == "2026-10-26T17:00:00+00:00"
    assert (record["category"], record["priority"], record["status"]) == ("asb_serious_high_risk", "standard", "new")
    assert record["description"] == "=SUM(A1) they wrote on my door"
    assert record["messages"] == [
        {"received_at": "2026-10-24T13:00:00+01:00", "channel": "sms", "text": "More graffiti today."}
    ]
    assert record["characteristics"] == ["race", "religion"]
    assert record["incident_types"] == ["graffiti_or_literature"]
    assert record["works"] == [
        {
            "kind": "graffiti_removal",
            "due": "2026-10-25T11:00:00+00:00",
            "completed_at": None,
            "cancelled_at": None,
            "cancel_reason": None,
        }
    ]
    assert record["attachments"][0]["filename"] == "door.png"
    assert record["attachments"][0]["content_type"] == "image/png"
    assert record["consents"][0]["kind"] == "share_with_police" and record["consents"][0]["given"] is True
    assert record["needs_review"] is False and record["partner_organisation"] is None
    assert "contacts" not in record


def test_contact_details_are_left_out_unless_asked_for(app: Flask, intake: Intake) -> None:
    submit(intake, reporter=Contact(name="Amira", phone="07700 900123", email="amira@example.org"))
    assert "Amira" not in export(app) and "07700" not in export(app, "--format", "csv")
    [record] = exported(app, "--include-contact")
    assert record["contacts"][0]["name"] == "Amira"
    assert record["contacts"][0]["phone"] == "+447700900123"


def test_csv_export_has_one_row_per_report_and_defuses_formulas(app: Flask, intake: Intake) -> None:
    submit(intake, description='=HYPERLINK("http://evil")', characteristics=("age", "sex"))
    submit(intake, description="plain")
    rows = list(csv.DictReader(io.StringIO(export(app, "--format", "csv"))))
    assert len(rows) == 2
    assert rows[0]["description"].startswith("'=")
    assert rows[0]["characteristics"] == "age;sex"


def test_an_empty_database_exports_an_empty_list(app: Flask, intake: Intake) -> None:
    assert exported(app) == []


def test_every_export_is_an_audit_event(app: Flask, intake: Intake) -> None:
    submit(intake)
    export(app, "--include-contact")
    with intake.db.read() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.detail == {"format": "json", "include_contact": True, "window": {}}


def test_export_can_be_limited_to_the_local_dates_received(app: Flask, intake: Intake, clock: FixedClock) -> None:
    clock.now = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # already 1 July in London
    july = submit(intake).reference
    clock.now = datetime(2026, 6, 30, 22, 30, tzinfo=UTC)  # 30 June in London
    submit(intake)
    records = exported(app, "--received-from", "2026-07-01", "--received-before", "2026-08-01")
    assert [r["reference"] for r in records] == [july]


def test_a_whole_export_reads_a_batch_at_a_time_not_a_report_at_a_time(intake: Intake) -> None:
    """Issue 13: what an export asks the database grows with its batches, never with its reports: one
    query for the reports, then one a batch for each thing a report has (messages, works, parties...)."""
    reports = 12
    for n in range(reports):
        submission = submit(intake, description=f"Report {n}", reporter=Contact(name="A resident", phone=PHONE))
        add(intake, submission.reference or "", "It happened again.", key=f"again-{n}")

    def statements(batch_size: int) -> int:
        with intake.db.read() as session, counting(intake.db.engine) as counted:
            read = [
                (report.reference, len(report.messages))
                for report in reports_for_export(session, batch_size=batch_size)
            ]
        assert len(read) == reports and all(messages == 1 for _, messages in read)
        return len(counted.statements)

    one, two, four = statements(reports), statements(reports // 2), statements(reports // 4)
    per_batch = two - one
    assert per_batch > 0 and four - one == 3 * per_batch  # each batch costs the same
    assert one < reports  # a batch of twelve reports is fewer statements than twelve
