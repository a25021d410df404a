"""A queue a busy officer can work (issue 19 item 5): find by reference as read out on the phone,
rows that say enough to choose, three sorts that page by keyset, and assigning several at once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import event, select

from intake.case_tables import Case
from intake.context import Intake
from intake.drafts import Contact, ResponsiblePerson, SafetyFlags
from intake.models import AuditEvent
from intake.queries import QueueFilters, queue_page
from intake.references import ALPHABET
from tests.factories import submit
from tests.staff.conftest import client_for, make_staff, page

THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def _submit(intake: Intake, **fields: object) -> str:
    reference = submit(intake, **fields).reference
    assert reference is not None
    return reference


def _table(text: str) -> str:
    """The queue's table, without the messages and forms above it."""
    return text[text.index("Open reports") :]


def _mistyped_check_character(reference: str) -> str:
    wrong = next(char for char in ALPHABET if char != reference[-1])
    return reference[:-1] + wrong


def test_a_reference_is_found_in_lower_case_without_hyphens_or_with_spaces(staff_app: Flask, intake: Intake) -> None:
    reference = _submit(intake)
    client, _ = client_for(staff_app, intake, "triage_officer")
    for typed in (reference.replace("-", "").lower(), reference.replace("-", " ").lower(), reference[4:]):
        response = client.get("/staff/find", query_string={"reference": typed})
        assert response.headers["Location"] == f"/staff/reports/{reference}", typed


def test_a_mistyped_reference_suggests_the_visible_one_a_character_away(staff_app: Flask, intake: Intake) -> None:
    reference = _submit(intake)
    restricted = _submit(intake, responsible=ResponsiblePerson(is_staff=True))  # policy 4.11
    triage, _ = client_for(staff_app, intake, "triage_officer")
    typed = _mistyped_check_character(reference).replace("-", "").lower()
    text = page(triage, f"/staff/find?reference={typed}", 404)
    assert f"Did you mean: {reference}" in text
    hidden = page(triage, f"/staff/find?reference={_mistyped_check_character(restricted)}", 404)
    assert restricted not in hidden and "Did you mean" not in hidden
    manager, _ = client_for(staff_app, intake, "manager")
    assert restricted in page(manager, f"/staff/find?reference={_mistyped_check_character(restricted)}", 404)
    assert "Enter the reference to find" in page(triage, "/staff/find?reference=", 400)


def test_rows_show_received_area_what_happened_status_officer_and_flags(staff_app: Flask, intake: Intake) -> None:
    first = _submit(intake, postcode="M14 5TQ", incident_types=("graffiti_or_literature",), received_at=THURSDAY)
    second = _submit(intake, postcode="M14 5TQ", received_at=THURSDAY + timedelta(hours=1))
    elsewhere = _submit(intake, postcode="LS1 4AP", received_at=THURSDAY)
    client, _ = client_for(staff_app, intake, "case_officer")
    client.post(f"/staff/reports/{first}/accept")
    text = _table(page(client, "/staff/"))
    row = text[text.index(first) :][:400]
    assert "26 Nov 2026" in row and "M14 5TQ" in row and "Graffiti or literature" in row and "Open" in row
    assert "Case Officer" in row and "Possible duplicate" in row
    assert "Possible duplicate" in text[text.index(second) :][:400]
    assert "Possible duplicate" not in text[text.index(elsewhere) :][:400]


def test_the_queue_sorts_by_received_time_and_by_due_time(staff_app: Flask, intake: Intake) -> None:
    older = _submit(intake, received_at=THURSDAY - timedelta(days=1))
    newer = _submit(intake, received_at=THURSDAY)
    urgent = _submit(intake, received_at=THURSDAY - timedelta(hours=1), safety=SafetyFlags(injury=True))
    client, _ = client_for(staff_app, intake, "triage_officer")
    received = _table(page(client, "/staff/?sort=received"))
    assert received.index(newer) < received.index(urgent) < received.index(older)
    due = _table(page(client, "/staff/?sort=due"))  # the urgent one is due with the newer one: the older first
    assert due.index(older) < due.index(newer) < due.index(urgent)
    default = _table(page(client, "/staff/"))
    assert default.index(urgent) < default.index(older) < default.index(newer)


def test_every_sort_pages_by_keyset_without_repeating_or_skipping(staff_app: Flask, intake: Intake) -> None:
    references = {_submit(intake, received_at=THURSDAY - timedelta(minutes=n * 7)) for n in range(7)}
    references.add(_submit(intake, received_at=THURSDAY, safety=SafetyFlags(injury=True)))
    for sort in ("priority", "due", "received"):
        with intake.db.read() as session:
            seen: list[str] = []
            after = None
            while rows := queue_page(session, after=after, limit=3, filters=QueueFilters(sort=sort)):
                seen += [row.reference for row in rows]
                after = rows[-1].cursor
        assert sorted(seen) == sorted(references) and len(seen) == 8, sort


def test_the_next_page_link_keeps_the_sort(staff_app: Flask, intake: Intake) -> None:
    for n in range(51):
        _submit(intake, received_at=THURSDAY - timedelta(minutes=n))
    client, _ = client_for(staff_app, intake, "triage_officer")
    body = client.get("/staff/?sort=received").get_data(as_text=True)
    link = body.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert "sort=received" in link
    oldest = page(client, link)
    assert oldest.count("HPG-") == 1  # the 51st, newest first: the oldest one


@contextmanager
def _statements(intake: Intake) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(intake.db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(intake.db.engine, "before_cursor_execute", count)


def test_the_flags_cost_the_same_few_queries_for_a_long_page_as_for_a_short_one(
    staff_app: Flask, intake: Intake
) -> None:
    def queries_for_a_page() -> int:
        with _statements(intake) as seen, intake.db.read() as session:
            queue_page(session, filters=QueueFilters())
        return len(seen)

    for n in range(3):
        _submit(intake, postcode="M14 5TQ", reporter=Contact(phone=f"+44770090012{n}"), received_at=THURSDAY)
    short = queries_for_a_page()
    for n in range(20):
        _submit(intake, postcode=f"M{n} 5TQ", reporter=Contact(phone=f"+44770090030{n}"), received_at=THURSDAY)
    assert queries_for_a_page() == short


def test_several_reports_are_assigned_at_once_each_audited(staff_app: Flask, intake: Intake) -> None:
    officer = make_staff(intake, "case_officer", "Priya Shah")
    references = [_submit(intake, received_at=THURSDAY - timedelta(minutes=n)) for n in range(4)]
    client, _ = client_for(staff_app, intake, "triage_officer")
    client.post(f"/staff/reports/{references[0]}/accept")  # already a case, with nobody assigned
    chosen = references[:3]
    response = client.post("/staff/assign", data={"reports": chosen, "officer": officer.id}, follow_redirects=True)
    assert "3 reports assigned to Priya Shah." in response.get_data(as_text=True)
    with intake.db.read() as session:
        cases = {case.reference: case.officer_id for case in session.scalars(select(Case))}
        audited = session.scalars(select(AuditEvent).where(AuditEvent.action == "officer_assigned")).all()
    assert cases == dict.fromkeys(chosen, officer.id)
    assert len(audited) == 3 and len({event.report_id for event in audited}) == 3
    assert "Tick the reports to assign" in page(
        client, "/staff/assign", 400, method="post", data={"officer": officer.id}
    )
