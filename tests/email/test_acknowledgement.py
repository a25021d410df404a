"""Acknowledgements by SMTP through the outbox, against a real aiosmtpd sink: once, retried, threaded."""

from __future__ import annotations

from email import message_from_bytes, policy

from sqlalchemy import select

from intake.models import OutboxMessage
from intake.outbox import deliver_due
from tests.conftest import FixedClock
from tests.email import corpus
from tests.email.conftest import MAIL_FROM
from tests.email.test_ingest_eml import ingest_files

DIARY = "The man at number 12 spat at my daughter"


def deliver(app) -> str:
    """The core's ``deliver-outbox --once``, as the Procfile's outbox worker runs it."""
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["deliver-outbox", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_acknowledgement_is_sent_once_with_the_reference_and_no_report_content(email_app, sink, tmp_path):
    their_id = corpus.new_id()
    (line,) = ingest_files(email_app, tmp_path, report=corpus.message(DIARY, message_id=their_id))
    reference = line.rsplit(" ", 1)[-1]
    assert deliver(email_app).startswith("sent 1,")
    assert deliver(email_app).startswith("sent 0,")
    (raw,) = sink.received
    sent = message_from_bytes(raw, policy=policy.default)
    assert sink.recipients == [["sam@resident.example"]]
    assert sent["From"] == MAIL_FROM and reference in sent["Subject"]
    assert sent["Auto-Submitted"] == "auto-replied" and sent["X-Auto-Response-Suppress"] == "All"
    assert sent["In-Reply-To"] == their_id and sent["References"] == their_id
    body = sent.get_content()
    assert reference in body and "999" in body and "within one working day" in body
    assert "spat" not in body and "Abuse on the stairs" not in body
    with email_app.extensions["intake"].db.read() as session:
        ack = session.scalars(select(OutboxMessage)).one()
    assert (ack.status, ack.provider_id) == ("sent", sent["Message-ID"])


def test_a_refused_delivery_is_retried_later_and_still_sent_only_once(email_app, sink, tmp_path):
    sink.refuse_first = 1
    clock = FixedClock(email_app.extensions["intake"].clock())
    email_app.extensions["intake"].clock = clock
    ingest_files(email_app, tmp_path, report=corpus.message(DIARY))
    assert "retrying 1" in deliver(email_app)
    assert sink.received == []
    assert deliver(email_app).startswith("sent 0,")  # not due yet: back-off
    clock.advance(minutes=2)
    assert deliver(email_app).startswith("sent 1,")
    clock.advance(hours=2)
    assert deliver(email_app).startswith("sent 0,")
    assert len(sink.received) == 1 and sink.attempts == 2


def test_deliver_due_with_two_workers_sends_each_message_once(email_app, sink, tmp_path):
    ingest_files(email_app, tmp_path, **{f"m{i}": corpus.message(DIARY) for i in range(5)})
    intake = email_app.extensions["intake"]
    senders = email_app.extensions["intake.senders"]
    first, second = deliver_due(intake, senders), deliver_due(intake, senders)
    assert (first.sent, second.sent) == (5, 0)
    assert len(sink.received) == 5
