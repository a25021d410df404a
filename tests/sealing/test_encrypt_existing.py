"""``flask encrypt-existing``: a database from before encryption is sealed in batches, and a rerun continues."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select, update

from intake.context import Intake
from intake.drafts import Contact
from intake.models import Message, Party, Report
from intake.sealing import SEALED
from tests.factories import add, submit


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
    assert "sealed 3 reports, 1 messages, 3 parties, 0 partner invitations, " in result.output
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
    nothing = "sealed 0 reports, 0 messages, 0 parties, 0 partner invitations, 0 partner users, 0 staff users"
    assert nothing in again.output
