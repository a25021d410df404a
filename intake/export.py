"""The export: every report as JSON or CSV, streamed, contact details only when asked for."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime, time, tzinfo
from typing import Any, TextIO

from intake.context import Intake
from intake.drafts import RESPONSIBLE_ANSWERS, SAFETY_ANSWERS
from intake.models import Report
from intake.queries import reports_for_export

# Every yes/no answer, exported as said: yes, no, not_sure, rather_not_say or not_asked (issue 19).
ANSWER_FIELDS = (
    *SAFETY_ANSWERS,
    *(f"responsible_{name}" for name in RESPONSIBLE_ANSWERS),
    "victim_aware_and_agrees",
)

CSV_COLUMNS = [
    "reference",
    "channel",
    "reporter_role",
    "received_at",
    "response_due",
    "category",
    "priority",
    "status",
    "description",
    "messages",
    "characteristics",
    "incident_types",
    "works",
    "attachments",
    "partner_organisation",
    "consents",
    "needs_review",
    "review_reasons",
    "restricted",
    "route",
    "location",
    "postcode",
    "occurred_at",
    "occurred_text",
    "location_withheld",
    *ANSWER_FIELDS,
    "responsible_description",
    "partner_case_reference",
    "possibly_related_reference",
    "language",
    "contact_language",
    "interpreter",
    "contacts",
]


def write_export(
    intake: Intake,
    out: TextIO,
    fmt: str,
    *,
    include_contact: bool,
    received_from: date | None = None,
    received_before: date | None = None,
) -> int:
    """Write the reports received in the (local) date range, or all of them, to ``out``; returns how many."""
    zone = intake.calendar.timezone
    with intake.db.read() as session:
        reports = reports_for_export(
            session, received_from=_start_of(received_from, zone), received_before=_start_of(received_before, zone)
        )
        rows = (export_record(report, zone, include_contact) for report in reports)
        return _write_json(out, rows) if fmt == "json" else _write_csv(out, rows)


def export_record(report: Report, zone: tzinfo, include_contact: bool) -> dict[str, Any]:
    """One report as plain values; times in ISO 8601 with their UTC offset, in local time."""
    record: dict[str, Any] = {
        "reference": report.reference,
        "channel": report.channel,
        "reporter_role": report.reporter_role,
        "received_at": _iso(report.received_at, zone),
        "response_due": _iso(report.response_due, zone),
        "category": report.category,
        "priority": report.priority,
        "status": report.status,
        "description": report.description,
        "messages": [
            {"received_at": _iso(m.received_at, zone), "channel": m.channel, "text": m.text} for m in report.messages
        ],
        "characteristics": list(report.characteristics),
        "incident_types": list(report.incident_types),
        "works": [
            {
                "kind": w.kind,
                "due": _iso(w.due, zone),
                "completed_at": _iso(w.completed_at, zone),
                "cancelled_at": _iso(w.cancelled_at, zone),
                "cancel_reason": w.cancel_reason,
            }
            for w in report.works
        ],
        "attachments": [
            {"filename": a.filename, "content_type": a.content_type, "size": a.size, "digest": a.storage_name}
            for a in report.attachments
        ],
        "partner_organisation": report.partner_organisation.name if report.partner_organisation else None,
        "consents": [
            {
                "kind": c.kind,
                "party": c.party_role,
                "given": c.given and c.withdrawn_at is None,
                "basis": c.basis,
                "reported": c.reported,
                "recorded_at": _iso(c.recorded_at, zone),
                "recorded_by": c.recorded_by,
                "withdrawn_at": _iso(c.withdrawn_at, zone),
            }
            for c in report.consents
        ],
        "needs_review": report.needs_review,
        "review_reasons": list(report.review_reasons),
        "restricted": report.restricted,
        "route": report.route,
        "location": None if report.location_withheld else report.location,
        "postcode": None if report.location_withheld else report.postcode,
        "occurred_at": _occurred(report, zone),
        "occurred_text": report.occurred_text,
        "location_withheld": report.location_withheld,
        **{name: getattr(report, name) for name in ANSWER_FIELDS},
        "responsible_description": report.responsible_description,
        "partner_case_reference": report.partner_case_reference,
        "possibly_related_reference": report.possibly_related_reference,
        "language": report.language,
        "contact_language": report.contact_language,
        "interpreter": report.interpreter,
    }
    if include_contact:
        record["contacts"] = [_contact(party) for party in report.parties]
    return record


def _contact(party: Any) -> dict[str, Any]:
    return {
        "role": party.role,
        "anonymous": party.anonymous,
        "name": party.name,
        "phone": party.phone,
        "email": party.email,
        "address": party.address,
        "safe_methods": list(party.safe_methods),
        "safe_times": party.safe_times,
        "message_safe": party.message_safe,
        "named_person": party.named_person,
    }


def _occurred(report: Report, zone: tzinfo) -> str | None:
    """A day given without a time is exported as that day (2026-11-28), never as midnight (issue 19)."""
    if report.occurred_at is not None and report.occurred_date_only:
        return report.occurred_at.astimezone(zone).date().isoformat()
    return _iso(report.occurred_at, zone)


def _start_of(day: date | None, zone: tzinfo) -> datetime | None:
    return None if day is None else datetime.combine(day, time(0, 0), tzinfo=zone)


def _iso(value: datetime | None, zone: tzinfo) -> str | None:
    return None if value is None else value.astimezone(zone).isoformat()


def _write_json(out: TextIO, rows: Any) -> int:
    count = 0
    out.write("[")
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(row, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def _write_csv(out: TextIO, rows: Any) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
        count += 1
    return count


def csv_cell(value: Any) -> Any:
    """Lists of codes as ``a;b``; nested records as JSON; a leading formula character defused."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ";".join(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value  # a spreadsheet must not run a reporter's words as a formula
    return value
