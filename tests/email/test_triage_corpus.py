"""The labelled set, emailed in through ``ingest-eml``, triaged as the labels say within the floors:
priority, works orders due 24 hours after receipt, and restriction (issue 11)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from flask import Flask

from tests.triage_corpus import Labelled, labelled, outcomes_below_floors, score_outcomes, works_late

SUBJECT = "Reporting an incident"
SENT = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def as_email(case: Labelled) -> bytes:
    message = EmailMessage()
    message["From"] = f"resident{case.id}@example.org"
    message["To"] = "report-hate@landlord.example"
    message["Subject"] = SUBJECT
    message["Date"] = format_datetime(SENT)
    message["Message-ID"] = f"<case-{case.id}@example.org>"
    message.set_content(case.text)
    return message.as_bytes()


def test_the_labelled_set_emailed_in_is_triaged_within_the_floors(email_app: Flask, tmp_path: Path) -> None:
    cases = labelled()
    paths = []
    for case in cases:
        path = tmp_path / f"{case.id}.eml"
        path.write_bytes(as_email(case))
        paths.append(str(path))
    runner = email_app.test_cli_runner()
    assert runner.invoke(args=["ingest-eml", *paths]).exit_code == 0

    exported = json.loads(runner.invoke(args=["export", "--format", "json"]).output)
    records = {r["description"].removeprefix(f"{SUBJECT}\n\n").strip(): r for r in exported}  # subject first

    assert len(records) == len(cases)
    pairs = [(case, records[case.text]) for case in cases]
    assert outcomes_below_floors(score_outcomes(pairs)) == []
    assert [late for _, record in pairs for late in works_late(record)] == []
