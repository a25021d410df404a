"""Helpers for the data-protection tests: a closed case full of personal data, and its figures."""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import MetaData, select

from intake.case_tables import Case, CaseEntry, FirstResponse
from intake.casework.cases import add_entry, close_case
from intake.casework.decisions import accept_into_case, link_to_case
from intake.context import Intake
from intake.data_protection.purge import outward_code
from intake.drafts import AttachmentDraft, Contact
from intake.export import write_export
from intake.models import Report
from tests.factories import add, submit
from tests.staff.conftest import Staff

VICTIM = Contact(
    name="Zelda Quarrington", phone="+447700900111", email="zelda.q@example.net", address="12 Markerby Road, E1 6AN"
)
WITNESS = Contact(name="Tariq Witnessman", phone="+447700900222", email="tariq.w@example.net")
MARKERS = [
    "Zelda",
    "Quarrington",
    "+447700900111",
    "zelda.q@example.net",
    "Markerby",
    "Tariq",
    "Witnessman",
    "+447700900222",
    "tariq.w@example.net",
    "MARKERTEXT",
    "MARKERMSG",
    "MARKERNOTE",
    "MARKERPLACE",
    "MARKERWITNESS",
    "E1 6AN",
]


def closed_case(intake: Intake, manager: Staff) -> str:
    """A case of a victim's web report, a later text and a witness's text, closed now."""
    first = submit(
        intake,
        channel="web",
        reporter_role="victim",
        description="MARKERTEXT they called me names on the stairs",
        location="Outside MARKERPLACE",
        postcode="E1 6AN",
        characteristics=("race",),
        incident_types=("verbal_abuse",),
        reporter=VICTIM,
        raw=b"raw form post: Zelda Quarrington MARKERTEXT",
        attachments=(AttachmentDraft("photo.txt", b"MARKERFILE a picture of the stairs"),),
    ).reference
    add(intake, first, text="MARKERMSG it happened again", channel="sms", sender=Contact(phone=VICTIM.phone))
    witness = submit(
        intake,
        channel="sms",
        reporter_role="witness",
        description="MARKERWITNESS I saw it from my window",
        characteristics=("race",),
        incident_types=("verbal_abuse",),
        reporter=WITNESS,
        raw=b"Body=MARKERWITNESS&From=%2B447700900222",
    ).reference
    case = accept_into_case(intake, manager.user, first)
    link_to_case(intake, manager.user, witness, case)
    add_entry(intake, manager.user, case, "note", "MARKERNOTE spoke to Zelda Quarrington")
    close_case(intake, manager.user, case, "resolved", "MARKERNOTE resolved with Tariq Witnessman")
    return case


def figures(intake: Intake) -> dict[str, Any]:
    """The monitoring figures, from the export: counts by channel, role, strand, type, month, area, priority."""
    out = io.StringIO()
    write_export(intake, out, "json", include_contact=False)
    rows = json.loads(out.getvalue())
    counted: dict[str, Counter[str]] = {
        name: Counter() for name in ("channel", "role", "strand", "type", "month", "area", "priority", "works_met")
    }
    for row in rows:
        counted["channel"][row["channel"]] += 1
        counted["role"][row["reporter_role"]] += 1
        counted["month"][row["received_at"][:7]] += 1
        counted["priority"][row["priority"]] += 1
        counted["area"][str(outward_code(row["postcode"]))] += 1
        counted["strand"].update(row["characteristics"])
        counted["type"].update(row["incident_types"])
        counted["works_met"].update(
            str(w["completed_at"] is not None and w["completed_at"] <= w["due"]) for w in row["works"]
        )
    with intake.db.read() as session:
        met = Counter(str(response.met) for response in session.scalars(select(FirstResponse)))
        outcomes = Counter(str(case.outcome) for case in session.scalars(select(Case)))
    return {
        **{name: dict(counter) for name, counter in counted.items()},
        "response_met": dict(met),
        "outcomes": dict(outcomes),
    }


def every_row_as_text(intake: Intake) -> str:
    """Every value in every row of every table, as one string to search."""
    metadata = MetaData()
    metadata.reflect(bind=intake.db.engine)
    parts = []
    with intake.db.read() as session:
        for table in metadata.sorted_tables:
            for row in session.execute(select(table)):
                parts.extend(_text(value) for value in row)
    return "\n".join(parts)


def sealed_words_as_text(intake: Intake) -> str:
    """The words sealed at rest (issue 16), opened as the pages read them."""
    parts: list[str] = []
    with intake.db.read() as session:
        for report in session.scalars(select(Report)):
            fields = (report.description, report.occurred_text, report.location, report.responsible_description)
            parts.extend(value for value in fields if value)
            parts.extend(message.text for message in report.messages)
            for party in report.parties:
                details = (party.name, party.phone, party.email, party.address, party.safe_times, party.named_person)
                parts.extend(value for value in details if value)
        parts.extend(entry.text for entry in session.scalars(select(CaseEntry)))
        parts.extend(case.outcome_rationale or "" for case in session.scalars(select(Case)))
    return "\n".join(parts)


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
