"""What staff write on a case is stored sealed under the case's key, and reads back on its page (issue 16)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select, text

from intake.case_tables import FirstResponse
from intake.casework.first_response import record_first_response
from intake.context import Intake
from intake.drafts import Contact
from intake.sealing import SEALED
from tests.factories import submit
from tests.staff.conftest import client_for, page

MARKER = "Pterodactylus"
# Every free-text column on a case's records, with the table it is stored in.
SEALED_COLUMNS = {
    "case_entries": ("text",),
    "category_decisions": ("explanation",),
    "risk_assessments": ("override_reason",),
    "action_plans": ("actions",),
    "disclosures": ("recipient", "what", "why", "safeguarding_reason"),
    "case_actions": ("detail",),
    "cases": ("outcome_rationale",),
}


def test_a_cases_records_are_stored_sealed_and_read_back_on_its_page(staff_app: Flask, intake: Intake) -> None:
    reference = submit(intake).reference
    manager, me = client_for(staff_app, intake, "manager")
    case = f"/staff/cases/{reference}"
    assert manager.post(f"/staff/reports/{reference}/accept").status_code == 302
    writes = {
        "notes": {"kind": "note", "text": f"Note on {MARKER}"},
        "risk-assessment": {"answers": ["isolated"], "override_level": "high", "override_reason": f"Risk {MARKER}"},
        "action-plan": {"officer": me.id, "frequency": "weekly", "actions": f"Visit {MARKER}"},
        "actions": {"kind": "safeguarding_referral", "agency": "Adult social care", "detail": f"Referred {MARKER}"},
        "disclosures": {
            "kind": "police_report",
            "recipient": f"PC {MARKER}",
            "what": f"What of {MARKER}",
            "why": f"Why {MARKER}",
            "safeguarding_reason": f"Safeguarding {MARKER}",
        },
        "category": {"to_category": "asb_standard", "reason": "proven_otherwise", "explanation": f"CCTV {MARKER}"},
        "close": {"outcome": "resolved", "rationale": f"Closed because {MARKER} moved"},
    }
    for path, form in writes.items():
        assert manager.post(f"{case}/{path}", data=form).status_code == 302, path

    with intake.db.read() as session:
        stored = {
            (table, column): value
            for table, columns in SEALED_COLUMNS.items()
            for column in columns
            for value in session.scalars(text(f"SELECT {column} FROM {table}"))  # plain SQL: as stored
            if value
        }
    assert set(stored) == {(table, column) for table, columns in SEALED_COLUMNS.items() for column in columns}
    assert all(value.startswith(SEALED) and MARKER not in value for value in stored.values())
    shown = page(manager, case)
    for words in (f"Note on {MARKER}", f"Visit {MARKER}", f"Referred {MARKER}", f"Closed because {MARKER} moved"):
        assert words in shown


def test_what_was_done_instead_of_a_first_response_is_sealed_under_the_reports_key(
    staff_app: Flask, intake: Intake
) -> None:
    reference = submit(intake, reporter_role="victim", reporter=Contact(anonymous=True)).reference
    assert reference is not None
    _, manager = client_for(staff_app, intake, "manager")
    record_first_response(intake, manager.user, reference, "no_safe_way", "", f"Patrol past {MARKER}")
    with intake.db.read() as session:
        stored = session.scalars(text("SELECT instead FROM first_responses")).one()
        opened = session.scalars(select(FirstResponse)).one().instead
    assert stored.startswith(SEALED) and MARKER not in stored
    assert opened == f"Patrol past {MARKER}"
