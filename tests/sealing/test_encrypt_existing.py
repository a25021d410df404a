"""``flask encrypt-existing``: a database from before encryption is sealed in batches, and a rerun continues."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from flask import Flask
from sqlalchemy import delete, insert, select, update

from intake.accounts.staff_users import create_staff
from intake.attachments import AttachmentStore
from intake.blob_store import AttachmentChunk, DatabaseStore
from intake.case_tables import (
    ActionPlan,
    Case,
    CaseAction,
    CaseEntry,
    CaseRecord,
    CategoryDecision,
    Disclosure,
    FirstResponse,
    RiskAssessment,
)
from intake.context import Intake
from intake.drafts import Contact
from intake.inbound import raw_of
from intake.models import (
    PARTY_DETAILS,
    REPORT_WORDS,
    Attachment,
    InboundItem,
    Message,
    OutboxMessage,
    Party,
    Report,
    Work,
)
from intake.outbox import contact_index
from intake.sealing import SEALED
from intake.sealing.backfill import encrypt_existing, records_of
from intake.sealing.files import file_names
from intake.sealing.keyring import SEALED_BYTES
from intake.sealing.owners import OwnKeyRow, ReportRecord
from intake.sealing.sealed import sealed_columns
from tests.factories import add, submit
from tests.sealing.test_files import stored_before_sealing


def as_before_encryption(intake: Intake) -> None:
    """Every report and message as a database from before issue 16 holds them: plain, no keys."""
    reports, messages, parties = Report.__table__, Message.__table__, Party.__table__
    with intake.db.read() as session:
        plain_reports = {
            r.id: {"description": r.description, "location": r.location} for r in session.scalars(select(Report))
        }
        plain_messages = {m.id: m.text for m in session.scalars(select(Message))}
        plain_parties = {p.id: {"name": p.name, "phone": p.phone} for p in session.scalars(select(Party))}
    no_key = {"data_key": None, "data_key_kek_id": None, "data_key_kek_version": None, "location_index": None}
    with intake.db.begin() as session:
        for report_id, words in plain_reports.items():
            session.execute(update(reports).where(reports.c.id == report_id).values(**words, **no_key))
        for message_id, text in plain_messages.items():
            session.execute(update(messages).where(messages.c.id == message_id).values(text=text, seal_token=None))
        for party_id, details in plain_parties.items():
            cleared = {"seal_token": None, "phone_index": None, "name_index": None}
            session.execute(update(parties).where(parties.c.id == party_id).values(**details, **cleared))


def stored(intake: Intake) -> list[str]:
    with intake.db.read() as session:
        values = list(session.scalars(select(Report.__table__.c.description)))
        values += list(session.scalars(select(Report.__table__.c.location)))
        values += list(session.scalars(select(Party.__table__.c.name)))
        return values + list(session.scalars(select(Message.__table__.c.text)))


def test_plain_reports_and_messages_are_sealed_in_batches_and_read_as_before(app: Flask, intake: Intake) -> None:
    sam = Contact(name="Sam Jones", phone="+447700900123")
    references = [
        str(submit(intake, description=f"Words of report {n}", location=f"{n} High Street", reporter=sam).reference)
        for n in range(3)
    ]
    add(intake, references[0], text="A later message")
    as_before_encryption(intake)
    assert not any(value.startswith(SEALED) for value in stored(intake))

    result = app.test_cli_runner().invoke(args=["encrypt-existing", "--batch", "2"])
    assert result.exit_code == 0, result.output
    assert "sealed 3 reports, 1 messages, 3 parties, 0 cases" in result.output
    assert result.output.rstrip().endswith("; none left in clear")
    assert all(value.startswith(SEALED) for value in stored(intake))
    with intake.db.read() as session:
        reports = list(session.scalars(select(Report).order_by(Report.id)))
        assert [r.description for r in reports] == [f"Words of report {n}" for n in range(3)]
        assert all(r.wrapped_key is not None and r.location_index for r in reports)
        assert [m.text for m in session.scalars(select(Message))] == ["A later message"]
        parties = list(session.scalars(select(Party)))
        assert [(p.name, p.phone) for p in parties] == [("Sam Jones", "+447700900123")] * 3
        assert len({p.phone_index for p in parties}) == 1 and all(p.name_index for p in parties)
    again = app.test_cli_runner().invoke(args=["encrypt-existing"])
    assert "sealed 0 reports, 0 messages, 0 parties, 0 cases, 0 case records, 0 report records" in again.output
    assert "0 partner invitations, 0 partner users, 0 staff users" in again.output


NO_KEY = {"data_key": None, "data_key_kek_id": None, "data_key_kek_version": None}
# Each record's free text as a database from before encryption holds it, by table and column.
CASE_TEXT = {
    CaseEntry: {"text": "Called Sam Jones about the lift"},
    CaseAction: {"detail": "Referred Sam Jones to victim support"},
    ActionPlan: {"actions": "Visit Sam Jones weekly"},
    Disclosure: {
        "recipient": "PC Alex Smith",
        "what": "Sam Jones's account",
        "why": "Crime report",
        "safeguarding_reason": "Sam Jones at risk",
    },
    CategoryDecision: {"explanation": "Sam Jones withdrew the allegation"},
    RiskAssessment: {"override_reason": "Sam Jones is more at risk than scored"},
}
REPORT_TEXT = {
    FirstResponse: {"instead": "Left a card for Sam Jones"},
    Work: {"cancel_reason": "Sam Jones cleaned it off"},
    Attachment: {"filename": "Sam Jones door.png"},
}
PHOTO = b"\x89PNG a photo of Sam Jones's door"
RATIONALE = "Sam Jones moved away"


def as_before_sealing(intake: Intake) -> tuple[str, int]:
    """A report, its case and every record on them written as before encryption: plain, no keys, no tokens."""
    (officer, _) = create_staff(
        intake, "officer@landlord.example.org", "Officer", "correct horse battery staple", "case_officer"
    )
    reference = str(submit(intake, description="Words of the report", raw=b"Body=Sam Jones").reference)
    now = intake.clock()
    actor = f"staff:{officer.id}"
    plain_file = stored_before_sealing(intake.attachments, PHOTO)
    with intake.db.begin() as session:
        report = session.scalars(select(Report).where(Report.reference == reference)).one()
        session.execute(update(Report.__table__).where(Report.__table__.c.id == report.id).values(**NO_KEY))
        items = InboundItem.__table__
        session.execute(update(items).where(items.c.report_id == report.id).values(raw=b"Body=Sam Jones", **NO_KEY))
        cases = Case.__table__
        case_id = session.execute(
            insert(cases).returning(cases.c.id),
            dict(
                reference=reference,
                category="serious",
                status="closed",
                opened_at=now,
                opened_by=actor,
                closed_at=now,
                outcome="resolved",
                outcome_rationale=RATIONALE,
                **NO_KEY,
            ),
        ).scalar_one()
        on_case: dict[Any, dict[str, Any]] = {
            CaseEntry: dict(kind="note", recorded_by=actor, recorded_at=now),
            CaseAction: dict(kind="safeguarding", recorded_by=actor, recorded_at=now),
            ActionPlan: dict(officer_id=officer.id, contact_frequency="weekly", agreed_by=actor, agreed_at=now),
            Disclosure: dict(kind="police_report", basis="safeguarding", disclosed_by=actor, disclosed_at=now),
            CategoryDecision: dict(
                from_category="serious", to_category="other", reason="withdrawn", requested_by=actor, requested_at=now
            ),
            RiskAssessment: dict(
                answers={}, score=1, scored_level="standard", level="high", assessed_by=actor, assessed_at=now
            ),
        }
        for model, values in on_case.items():
            session.execute(insert(model.__table__), dict(case_id=case_id, **values, **CASE_TEXT[model]))
        on_report: dict[Any, dict[str, Any]] = {
            FirstResponse: dict(at=now, contact="no_safe_way", method="none", met=True, recorded_by=actor),
            Work: dict(kind="graffiti", due=now + timedelta(hours=24), cancelled_at=now, cancelled_by=actor),
            Attachment: dict(content_type="image/png", size=len(PHOTO), storage_name=plain_file),
        }
        for model, values in on_report.items():
            session.execute(insert(model.__table__), dict(report_id=report.id, **values, **REPORT_TEXT[model]))
    return reference, case_id


def stored_text(intake: Intake) -> list[str]:
    """Every value above as the database holds it."""
    with intake.db.read() as session:
        values = list(session.scalars(select(Case.__table__.c.outcome_rationale)))
        for model, text in {**CASE_TEXT, **REPORT_TEXT}.items():
            for column in text:
                values += [v for v in session.scalars(select(model.__table__.c[column])) if v]
    return values


def read_back(intake: Intake) -> dict[str, Any]:
    """Every value above as the app reads it."""
    with intake.db.read() as session:
        found: dict[str, Any] = {"rationale": session.scalars(select(Case)).one().outcome_rationale}
        for model, text in {**CASE_TEXT, **REPORT_TEXT}.items():
            row = session.scalars(select(model)).one()
            found[model.__tablename__] = {column: getattr(row, column) for column in text}
        found["raw"] = [raw_of(intake.keyring, item) for item in session.scalars(select(InboundItem))]
        found["files"] = [intake.attachments.open(a.storage_name) for a in session.scalars(select(Attachment))]
    return found


def test_case_records_report_records_and_raw_items_are_sealed_resumably_and_read_as_before(
    app: Flask, intake: Intake
) -> None:
    as_before_sealing(intake)
    before = read_back(intake)
    assert before["rationale"] == RATIONALE and before["attachments"] == REPORT_TEXT[Attachment]
    assert before["raw"] == [b"Body=Sam Jones"] and before["files"] == [PHOTO]
    assert not any(value.startswith(SEALED) for value in stored_text(intake))

    result = app.test_cli_runner().invoke(args=["encrypt-existing", "--batch", "1"])
    assert result.exit_code == 0, result.output
    assert (
        "1 reports, 0 messages, 0 parties, 1 cases, 6 case records, 3 report records, 0 outbox messages, "
        "1 inbound items, 1 attachment files" in (result.output)
    )
    values = stored_text(intake)
    assert len(values) == 1 + sum(len(text) for text in [*CASE_TEXT.values(), *REPORT_TEXT.values()])
    assert all(value.startswith(SEALED) and "Sam Jones" not in value for value in values)
    with intake.db.read() as session:
        (raw,) = session.scalars(select(InboundItem.__table__.c.raw))
        assert raw.startswith(SEALED_BYTES) and b"Sam Jones" not in raw
        assert session.scalars(select(Case)).one().wrapped_key is not None
        (attachment,) = session.scalars(select(Attachment))
    assert attachment.storage_name == file_names(intake.keyring, PHOTO)[0]
    assert intake.attachments.plain_files() == [] and not intake.attachments.exists(hashlib.sha256(PHOTO).hexdigest())
    assert read_back(intake) == before

    again = app.test_cli_runner().invoke(args=["encrypt-existing"])
    assert again.exit_code == 0, again.output
    assert (
        "0 cases, 0 case records, 0 report records, 0 outbox messages, 0 inbound items, 0 attachment files"
        in again.output
    )
    assert read_back(intake) == before
    assert stored_text(intake) == values


def test_a_run_stopped_part_way_continues_where_it_stopped(app: Flask, intake: Intake) -> None:
    """A first batch seals some records; the next run seals only what is left, and everything reads."""
    as_before_sealing(intake)
    before = read_back(intake)
    with intake.db.begin() as session:  # as if a run had sealed the entry and stopped
        entry = session.scalars(select(CaseEntry)).one()
        entry.case.writable_key(intake.keyring)
        entry.seal_token = "already"
        entry.text = CASE_TEXT[CaseEntry]["text"]
    result = app.test_cli_runner().invoke(args=["encrypt-existing", "--batch", "2"])
    assert "1 cases, 5 case records, 3 report records" in result.output
    assert read_back(intake) == before


def test_plain_files_in_the_database_store_are_sealed_and_a_stopped_run_finishes_them(intake: Intake) -> None:
    files = AttachmentStore(DatabaseStore(intake.db), intake.keyring)
    reference = str(submit(intake).reference)
    names = [stored_before_sealing(files, content) for content in (PHOTO, b"%PDF of Sam Jones")]
    with intake.db.begin() as session:
        report_id = session.scalars(select(Report.id).where(Report.reference == reference)).one()
        for name in [*names, names[0]]:  # the same photo twice: one file, two rows
            row = dict(report_id=report_id, filename="f", content_type="image/png", size=1, storage_name=name)
            session.execute(insert(Attachment.__table__), row)
    with intake.db.begin() as session:  # as if a run stopped after sealing the photo, before deleting it
        files.seal_plain(names[0], within=session)

    assert encrypt_existing(intake.db, intake.keyring, files=files).files == 2
    keyed = [file_names(intake.keyring, content)[0] for content in (PHOTO, b"%PDF of Sam Jones")]
    with intake.db.read() as session:
        assert list(session.scalars(select(Attachment.storage_name).order_by(Attachment.id))) == [*keyed, keyed[0]]
        chunks = b"".join(session.scalars(select(AttachmentChunk.data)))
    assert b"Sam Jones" not in chunks and not any(files.exists(name) for name in names)
    assert [files.open(name) for name in keyed] == [PHOTO, b"%PDF of Sam Jones"]
    assert encrypt_existing(intake.db, intake.keyring, files=files).files == 0


def test_every_sealed_column_is_reached_by_encrypt_existing() -> None:
    """A column declared with ``SealedText`` on any model is sealed by the command, never left plain."""
    reached = {
        (model, name)
        for kind in (CaseRecord, ReportRecord)
        for model, columns in records_of(kind)
        for name, _ in columns
    }
    reached |= {(Report, name) for name in REPORT_WORDS} | {(Case, "outcome_rationale"), (Message, "text")}
    reached |= {(Party, name) for name in PARTY_DETAILS} | {(OutboxMessage, "recipient"), (OutboxMessage, "body")}
    reached |= {(column.model, column.name) for column in sealed_columns() if issubclass(column.model, OwnKeyRow)}
    assert {(column.model, column.name) for column in sealed_columns()} <= reached
    assert (Attachment, "filename") in reached and (Work, "cancel_reason") in reached


def test_outbox_messages_from_before_sealing_are_sealed_and_indexed_and_read_as_before(
    app: Flask, intake: Intake
) -> None:
    reference = str(submit(intake, reporter=Contact(name="Sam Jones", email="Sam.Jones@example.org")).reference)
    outbox = OutboxMessage.__table__
    plain = {"seal_token": None, "recipient_index": None, **NO_KEY}
    now = intake.clock()
    common = dict(method="email", headers={}, status="pending", attempts=0, next_attempt_at=now, created_at=now)
    with intake.db.begin() as session:  # as stored before migration 0025: an acknowledgement and a staff alert
        report_id = session.scalars(select(Report.id).where(Report.reference == reference)).one()
        session.execute(delete(outbox))
        ack = dict(dedupe_key="ack", kind="acknowledgement", recipient="Sam.Jones@example.org", body="Dear Sam Jones")
        alert = dict(dedupe_key="alert", kind="staff_alert", recipient="officer@landlord.example.org", body="Sam Jones")
        session.execute(
            insert(outbox),
            [common | ack | plain | {"report_id": report_id}, common | alert | plain | {"report_id": None}],
        )

    result = app.test_cli_runner().invoke(args=["encrypt-existing", "--batch", "1"])

    assert result.exit_code == 0, result.output
    assert ", 2 outbox messages, " in result.output
    with intake.db.read() as session:
        stored = session.execute(select(outbox.c.recipient, outbox.c.body).order_by(outbox.c.id)).all()
        assert all(value.startswith(SEALED) for row in stored for value in row)
        messages = list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        assert [(m.recipient, m.body) for m in messages] == [
            ("Sam.Jones@example.org", "Dear Sam Jones"),
            ("officer@landlord.example.org", "Sam Jones"),
        ]
        assert messages[0].data_key is None and messages[1].data_key  # the report's key; a key of its own
        index = intake.keyring.index
        assert messages[0].recipient_index == contact_index(index, "email", "sam.jones@example.org")
    assert ", 0 outbox messages, " in app.test_cli_runner().invoke(args=["encrypt-existing"]).output
