"""The outbox and the opt-out list at rest (issue 16): recipients and bodies sealed, opt-outs kept as blind indexes."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update

from intake.context import Intake
from intake.data_protection.people import person
from intake.data_protection.sar_draft import assemble
from intake.drafts import Inbound
from intake.models import ContactOptOut, OutboxMessage, Report
from intake.outbox import deliver_due, enqueue
from intake.sealing import PLACEHOLDER, SealBroken, is_sealed
from intake.services import record_opt_out
from tests.conftest import FixedClock
from tests.factories import submit
from tests.integration.test_outbox import RecordingSender, acknowledged_report
from tests.sealing.test_data_keys import app_with_keys, new_case

ADDRESS = "resident@example.org"
NUMBER = "+447700900123"


def report_id(intake: Intake, reference: str) -> int:
    with intake.db.read() as session:
        return session.scalars(select(Report.id).where(Report.reference == reference)).one()


def queue(intake: Intake, key: str, *, method: str = "sms", to: str = NUMBER, report: int | None = None) -> None:
    with intake.db.begin() as session:
        enqueue(
            session,
            now=intake.clock(),
            dedupe_key=key,
            kind="staff_message",
            method=method,
            recipient=to,
            body=f"Words for {key}",
            report_id=report,
        )


def message(intake: Intake, key: str) -> OutboxMessage:
    with intake.db.read() as session:
        return session.scalars(select(OutboxMessage).where(OutboxMessage.dedupe_key == key)).one()


def test_an_acknowledgement_is_stored_sealed_under_its_reports_key_and_sent_in_clear(
    intake: Intake, clock: FixedClock
) -> None:
    reference = acknowledged_report(intake, ADDRESS)
    stored = message(intake, f"acknowledgement:{reference}")
    assert is_sealed(stored.recipient_sealed) and is_sealed(stored.body_sealed)
    assert ADDRESS not in stored.recipient_sealed and reference not in stored.body_sealed
    assert stored.data_key is None  # the report's key seals it: destroying that reaches the message
    assert stored.recipient_index in intake.keyring.index.matching("email", ADDRESS)

    sender = RecordingSender()
    deliver_due(intake, {"email": sender})
    assert [sent.recipient for sent in sender.sent] == [ADDRESS]
    assert reference in sender.sent[0].body


def test_a_sealed_recipient_or_body_moved_to_another_message_does_not_open(intake: Intake) -> None:
    """Two messages on one report share its key: each value is still bound to its own row."""
    report = report_id(intake, str(submit(intake).reference))
    queue(intake, "first", report=report)
    queue(intake, "second", report=report, method="email", to=ADDRESS)
    first = message(intake, "first")
    with intake.db.begin() as session:
        moved = {"body_sealed": first.body_sealed, "recipient_sealed": first.recipient_sealed}
        session.execute(update(OutboxMessage).where(OutboxMessage.dedupe_key == "second").values(**moved))
    second = message(intake, "second")
    with pytest.raises(SealBroken):
        _ = second.body
    with pytest.raises(SealBroken):
        _ = second.recipient
    assert message(intake, "first").body == "Words for first"


def test_a_destroyed_case_key_leaves_its_reports_messages_unreadable_and_unsent(
    app: Flask, intake: Intake, clock: FixedClock
) -> None:
    reference = acknowledged_report(intake, ADDRESS)
    other = acknowledged_report(intake, "neighbour@example.org")
    new_case(intake, reference)
    result = app.test_cli_runner().invoke(args=["destroy-data-key", "--case", reference, "--yes"])
    assert result.exit_code == 0, result.output

    gone = message(intake, f"acknowledgement:{reference}")
    assert (gone.recipient, gone.body) == (PLACEHOLDER, PLACEHOLDER)
    assert message(intake, f"acknowledgement:{other}").recipient == "neighbour@example.org"
    sender = RecordingSender()
    stats = deliver_due(intake, {"email": sender})
    assert [sent.recipient for sent in sender.sent] == ["neighbour@example.org"]  # never the placeholder
    assert stats.failed == 1 and message(intake, f"acknowledgement:{reference}").status == "failed"


def test_a_message_about_no_report_has_its_own_key_which_rotate_keys_rewraps(
    intake: Intake, database_url: str, tmp_path: Path
) -> None:
    queue(intake, "alone", method="email", to=ADDRESS)
    assert message(intake, "alone").data_key_kek_version == 1

    rotating_app = app_with_keys(database_url, tmp_path, ("test", 1), ("test", 2))
    result = rotating_app.test_cli_runner().invoke(args=["rotate-keys"])
    assert result.exit_code == 0, result.output
    assert "1 outbox messages" in result.output
    only_new = app_with_keys(database_url, tmp_path, ("test", 2)).extensions["intake"]
    rewrapped = message(only_new, "alone")
    assert rewrapped.data_key_kek_version == 2
    assert (rewrapped.recipient, rewrapped.body) == (ADDRESS, "Words for alone")
    rotating_app.extensions["intake"].db.dispose()
    only_new.db.dispose()


def opted_out_rows(intake: Intake) -> list[tuple[str, bool]]:
    with intake.db.read() as session:
        return [(row.address, row.opted_out) for row in session.scalars(select(ContactOptOut))]


def test_an_opt_out_is_kept_as_a_blind_index_and_still_stops_messages(intake: Intake, clock: FixedClock) -> None:
    record_opt_out(intake, Inbound("sms", "SM1", b"Body=STOP"), "sms", NUMBER, opted_out=True)
    ((stored, opted_out),) = opted_out_rows(intake)
    assert opted_out and NUMBER[1:] not in stored
    assert stored in intake.keyring.index.matching("phone", NUMBER)

    queue(intake, "to the number", to="07700 900123")  # however the number is written, it is the same number
    sender = RecordingSender()
    assert deliver_due(intake, {"sms": sender}).suppressed == 1
    assert sender.sent == []


def test_an_opt_out_stored_before_sealing_still_matches_and_is_indexed_when_next_changed(
    intake: Intake, clock: FixedClock
) -> None:
    with intake.db.begin() as session:
        session.add(ContactOptOut(method="sms", address=NUMBER, opted_out=True, updated_at=intake.clock()))
    queue(intake, "before opting back in")
    sender = RecordingSender()
    assert deliver_due(intake, {"sms": sender}).suppressed == 1

    record_opt_out(intake, Inbound("sms", "SM2", b"Body=START"), "sms", NUMBER, opted_out=False)
    assert opted_out_rows(intake) == [(intake.keyring.index.of("phone", NUMBER), False)]  # one row, now indexed
    queue(intake, "after opting back in")
    assert deliver_due(intake, {"sms": sender}).sent == 1
    assert [sent.recipient for sent in sender.sent] == [NUMBER]


def test_the_subject_access_draft_finds_messages_sent_to_the_subject_sealed_or_from_before(intake: Intake) -> None:
    reference = acknowledged_report(intake, ADDRESS)
    report = report_id(intake, reference)
    with intake.db.begin() as session:
        plain = dict(kind="staff_message", method="email", status="sent", headers={})
        session.add(
            OutboxMessage(
                dedupe_key="from before sealing",
                report_id=report,
                recipient_sealed=ADDRESS,
                body_sealed="Written before sealing.\n",
                next_attempt_at=intake.clock(),
                created_at=intake.clock(),
                **plain,
            )
        )
    queue(intake, "to someone else", method="email", to="neighbour@example.org", report=report)
    with intake.db.read() as session:
        draft = assemble(session, intake.keyring, 1, person(email=ADDRESS.upper()), frozenset())
    (section,) = draft.sections
    texts = [text or "" for _, text in section.sent_to_you]
    assert len(texts) == 2
    assert any(reference in text for text in texts) and "Written before sealing.\n" in texts
