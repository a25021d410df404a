"""A suspected data key: ``reseal-data-key`` seals every value again under a new key, one owner at a time."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import inspect, select, update
from sqlalchemy.orm import selectinload

from intake.accounts.staff_users import create_staff
from intake.case_tables import Case
from intake.casework.cases import add_entry
from intake.casework.decisions import accept_into_case
from intake.context import Intake
from intake.drafts import Contact, ResponsiblePerson
from intake.models import AuditEvent, Base, Message, Party, Report
from intake.sealing import Cell, SealBroken, WrappedKey, is_sealed
from intake.sealing.reseal import whose_key
from intake.sealing.sealed import sealed_columns
from intake.sealing.upkeep import data_key_of
from tests.factories import add, submit
from tests.raw_items import raw_items

Stored = dict[tuple[str, int, str], Any]


def contact(name: str) -> Contact:
    return Contact(name=name, phone="+447700900123", email="ada@example.org", address="1 High Street, LS1 1AA")


def values(intake: Intake, opened: bool = True) -> tuple[Stored, Stored]:
    """Every registered sealed column of every row: as stored, and (if ``opened``) as the app reads it."""
    stored: Stored = {}
    clear: Stored = {}
    with intake.db.read() as session:
        for column in sealed_columns():
            for row in session.scalars(select(column.model)):
                place = (column.model.__tablename__, row.id, column.name)
                stored[place] = getattr(row, column.stored)
                clear[place] = getattr(row, column.name) if opened else None
    return stored, clear


def report_of(intake: Intake, reference: str) -> Report:
    with intake.db.read() as session:
        query = select(Report).where(Report.reference == reference).options(selectinload(Report.parties))
        return session.scalars(query).one()


def wrapped(intake: Intake, model: Any, reference: str) -> WrappedKey | None:
    with intake.db.read() as session:
        key: WrappedKey | None = session.scalars(select(model).where(model.reference == reference)).one().wrapped_key
        return key


def resealed_events(intake: Intake) -> list[dict[str, Any]]:
    with intake.db.read() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "data_key_resealed"))
        return [event.detail for event in events]


def a_case(intake: Intake) -> tuple[str, str]:
    """A report with a party, a later message and a case with a note; the case's reference and the report's."""
    reference = str(
        submit(
            intake,
            reporter=contact("Ada Periwinkle"),
            location="Outside 1 High Street",
            responsible=ResponsiblePerson(description="The man at number 3"),
        ).reference
    )
    add(intake, reference, text="It happened again, periwinkle.")
    manager, _ = create_staff(intake, "manager@landlord.example.org", "Manager", "a long staff password", "manager")
    case_reference = accept_into_case(intake, manager, reference)
    add_entry(intake, manager, case_reference, "note", "A note that says periwinkle.")
    return case_reference, reference


def test_every_sealed_column_is_registered_under_a_known_key() -> None:
    registered = {(column.model, column.stored) for column in sealed_columns()}
    for mapper in Base.registry.mappers:
        for attribute in inspect(mapper.class_).attrs:
            if attribute.key.endswith("_sealed"):
                assert (mapper.class_, attribute.key) in registered, f"{mapper.class_.__name__}.{attribute.key}"
    assert {whose_key(column.model) for column in sealed_columns()} == {"own", "report", "case"}
    assert (Report, "description_sealed") in registered and (Party, "phone_sealed") in registered


def test_a_case_is_resealed_its_values_read_the_same_and_the_old_key_no_longer_opens_them(
    app: Flask, intake: Intake
) -> None:
    case_reference, reference = a_case(intake)
    other = str(submit(intake, reporter=contact("Someone Else")).reference)
    stored_before, clear_before = values(intake)
    raw_before = raw_items(intake)
    old_key = wrapped(intake, Report, reference)
    old_case_key = wrapped(intake, Case, case_reference)

    result = app.test_cli_runner().invoke(args=["reseal-data-key", "--case", case_reference.lower(), "--yes"])

    assert result.exit_code == 0, result.output
    assert f"of case {case_reference} under new data keys (1 cases, 1 reports, 2 inbound items)" in result.output
    stored_after, clear_after = values(intake)
    assert clear_after == clear_before and raw_items(intake) == raw_before  # everything reads the same
    other_report = report_of(intake, other)
    untouched = {place for place in stored_before if place[:2] == ("reports", other_report.id)}
    untouched |= {("parties", party.id, column.name) for party in other_report.parties for column in sealed_columns()}
    changed = {place for place, value in stored_before.items() if stored_after[place] != value}
    assert changed == {place for place, value in stored_before.items() if is_sealed(value)} - untouched
    assert any(place[0] == "case_entries" for place in changed) and any(place[0] == "messages" for place in changed)
    assert wrapped(intake, Report, reference) != old_key and wrapped(intake, Case, case_reference) != old_case_key

    report = report_of(intake, reference)
    cell = Cell("reports", "description", reference)
    copied_before = stored_before[("reports", report.id, "description")]
    try:
        data_key_of(intake.keyring, report).unseal(cell, copied_before)
        raise AssertionError("a value sealed before the reseal opened under the new key")
    except SealBroken:
        pass
    assert old_key is not None
    try:
        intake.keyring.open(report.owner, old_key).unseal(cell, report.description_sealed)
        raise AssertionError("the old key opened a value sealed after the reseal")
    except SealBroken:
        pass
    events = resealed_events(intake)
    assert len(events) == 4 and sum(event["values"] for event in events) > 0
    assert "periwinkle" not in str(events).lower()


def test_a_report_alone_gets_a_new_key_and_its_case_keeps_its_own(app: Flask, intake: Intake) -> None:
    case_reference, reference = a_case(intake)
    old_case_key, old_key = wrapped(intake, Case, case_reference), wrapped(intake, Report, reference)

    result = app.test_cli_runner().invoke(args=["reseal-data-key", "--report", reference, "--yes"])

    assert result.exit_code == 0, result.output
    assert "(0 cases, 1 reports, 2 inbound items)" in result.output
    assert wrapped(intake, Case, case_reference) == old_case_key and wrapped(intake, Report, reference) != old_key
    assert report_of(intake, reference).description == "They shouted abuse at me outside my flat."


def test_a_value_that_does_not_open_stops_the_reseal_and_everything_still_opens_under_the_old_key(
    app: Flask, intake: Intake
) -> None:
    reference = str(submit(intake, reporter=contact("Ada Periwinkle")).reference)
    add(intake, reference, text="Our words.")
    other = str(submit(intake).reference)
    add(intake, other, text="Their words.")
    with intake.db.begin() as session:  # a message's sealed words moved here from another report
        ours, theirs = (
            session.scalars(select(Message.id).join(Message.report).where(Report.reference == ref)).one()
            for ref in (reference, other)
        )
        moved = session.scalars(select(Message.text_sealed).where(Message.id == theirs)).one()
        session.execute(update(Message).where(Message.id == ours).values(text_sealed=moved))
    stored_before = values(intake, opened=False)[0]
    old_key = wrapped(intake, Report, reference)

    result = app.test_cli_runner().invoke(args=["reseal-data-key", "--report", reference, "--yes"])

    assert result.exit_code == 1 and "does not open" in result.output
    assert values(intake, opened=False)[0] == stored_before and wrapped(intake, Report, reference) == old_key
    report = report_of(intake, reference)
    assert report.description == "They shouted abuse at me outside my flat."
    assert [party.name for party in report.parties] == ["Ada Periwinkle"]
    assert resealed_events(intake) == []


def test_a_destroyed_key_refuses_the_reseal(app: Flask, intake: Intake) -> None:
    case_reference, _ = a_case(intake)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["destroy-data-key", "--case", case_reference, "--yes"]).exit_code == 0

    result = runner.invoke(args=["reseal-data-key", "--case", case_reference, "--yes"])

    assert result.exit_code == 1
    assert "the case's data key was destroyed: what it sealed cannot be read; nothing was resealed" in result.output
    assert resealed_events(intake) == []


def test_the_command_asks_for_a_case_or_a_report(app: Flask, intake: Intake) -> None:
    runner = app.test_cli_runner()
    assert "give one of --case or --report" in runner.invoke(args=["reseal-data-key", "--yes"]).output
    missing = runner.invoke(args=["reseal-data-key", "--report", "HPG-0000-0000", "--yes"])
    assert missing.exit_code == 1 and "there is no report HPG-0000-0000" in missing.output
