"""A later message is never silent (issue 10, item 5): flagged unread in the queue until a member of
staff opens the report, and on a closed case it reopens the case for review (policy 4.1, 4.4)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.case_tables import Case
from intake.context import Intake
from intake.models import AuditEvent, Report
from tests.factories import add, submit
from tests.staff.conftest import client_for, page


def _queue_row(client: FlaskClient, reference: str) -> str | None:
    """The queue's row for the report, as HTML; None when the report is not in the queue."""
    queue = client.get("/staff/").get_data(as_text=True)
    rows = [row for row in queue.split("<tr") if f'href="/staff/reports/{reference}"' in row]
    return rows[0] if rows else None


def test_a_later_message_is_flagged_new_in_the_queue_until_staff_open_the_report(
    staff_app: Flask, intake: Intake
) -> None:
    reference = submit(intake).reference or ""
    client, _ = client_for(staff_app, intake, "triage_officer")
    assert "New message" not in (_queue_row(client, reference) or "")
    add(intake, reference, "He is outside my door again.")
    assert "New message" in (_queue_row(client, reference) or "")
    assert "New message since" in page(client, f"/staff/reports/{reference}")
    assert "New message" not in (_queue_row(client, reference) or "")  # opened by a person: read
    assert "New message since" not in page(client, f"/staff/reports/{reference}")


def test_a_message_on_a_closed_case_reopens_it_for_review(staff_app: Flask, intake: Intake) -> None:
    reference = submit(intake).reference or ""
    client, _ = client_for(staff_app, intake, "case_officer")
    client.post(f"/staff/reports/{reference}/accept")
    closing = {"outcome": "resolved", "rationale": "Perpetrator moved"}
    assert client.post(f"/staff/cases/{reference}/close", data=closing).status_code == 302
    assert _queue_row(client, reference) is None
    add(intake, reference, "They are back and threatening me.")
    assert "New message" in (_queue_row(client, reference) or "")
    case_page = page(client, f"/staff/cases/{reference}")
    assert "Reopened: a new message arrived after the case was closed." in case_page
    assert "Close the case" in case_page
    with intake.db.read() as session:
        assert session.scalars(select(Case.status)).one() == "open"
        actions = set(session.scalars(select(AuditEvent.action)))
    assert {"reopened_by_message", "case_reopened"} <= actions


def test_a_message_on_a_closed_report_outside_a_case_returns_it_to_the_queue(staff_app: Flask, intake: Intake) -> None:
    reference = submit(intake).reference or ""
    with intake.db.begin() as session:
        session.scalars(select(Report)).one().status = "closed"
    client, _ = client_for(staff_app, intake, "triage_officer")
    assert _queue_row(client, reference) is None
    add(intake, reference, "It happened again last night.")
    assert "New message" in (_queue_row(client, reference) or "")
