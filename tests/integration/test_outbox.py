"""The outbox: sent once after commit, retried on failure, never to an opted-out address."""

from __future__ import annotations

from sqlalchemy import select

from intake.context import Intake
from intake.drafts import Acknowledgement, Contact, Inbound
from intake.models import OutboxMessage
from intake.outbox import MAX_ATTEMPTS, DeliveryFailed, Outgoing, deliver_due
from intake.services import record_opt_out
from tests.conftest import FixedClock
from tests.factories import submit


class RecordingSender:
    """Stands in for an SMTP server or Twilio: records what it was asked to send, fails on demand."""

    def __init__(self, failures: int = 0, permanent: bool = False, reason: str = "connection refused") -> None:
        self.sent: list[Outgoing] = []
        self.failures = failures
        self.permanent = permanent
        self.reason = reason

    def send(self, message: Outgoing) -> str | None:
        if self.failures:
            self.failures -= 1
            raise DeliveryFailed(self.reason, permanent=self.permanent)
        self.sent.append(message)
        return f"provider-{message.id}"


def acknowledged_report(intake: Intake, address: str = "resident@example.org") -> str:
    submission = submit(
        intake,
        reporter=Contact(email=address, safe_methods=("email",)),
        acknowledgement=Acknowledgement("email", address),
    )
    return submission.reference or ""


def status(intake: Intake) -> str:
    with intake.db.read() as session:
        return session.scalars(select(OutboxMessage.status)).one()


def test_a_message_is_sent_once_however_often_delivery_runs(intake: Intake, clock: FixedClock) -> None:
    reference = acknowledged_report(intake)
    sender = RecordingSender()
    deliver_due(intake, {"email": sender})
    deliver_due(intake, {"email": sender})
    assert len(sender.sent) == 1
    assert reference in sender.sent[0].body and reference in (sender.sent[0].subject or "")
    assert status(intake) == "sent"


def test_a_failed_send_is_retried_later_then_sent(intake: Intake, clock: FixedClock) -> None:
    acknowledged_report(intake)
    sender = RecordingSender(failures=1)
    assert deliver_due(intake, {"email": sender}).retried == 1
    assert deliver_due(intake, {"email": sender}).sent == 0  # not yet: back-off
    clock.advance(minutes=1)
    assert deliver_due(intake, {"email": sender}).sent == 1


def test_a_message_that_keeps_failing_is_marked_failed_not_dropped(intake: Intake, clock: FixedClock) -> None:
    acknowledged_report(intake)
    sender = RecordingSender(failures=MAX_ATTEMPTS + 5)
    for _ in range(MAX_ATTEMPTS + 2):
        deliver_due(intake, {"email": sender})
        clock.advance(hours=2)
    assert status(intake) == "failed"
    assert sender.sent == []


def test_a_permanent_failure_is_not_retried(intake: Intake, clock: FixedClock) -> None:
    acknowledged_report(intake)
    deliver_due(intake, {"email": RecordingSender(failures=1, permanent=True)})
    assert status(intake) == "failed"


def test_a_refusal_quoting_the_address_is_kept_without_it(intake: Intake, clock: FixedClock) -> None:
    acknowledged_report(intake, "amina.khan@example.org")
    refusal = "550 5.1.1 <amina.khan@example.org>: unknown; or call +44 7700 900123"
    deliver_due(intake, {"email": RecordingSender(failures=1, permanent=True, reason=refusal)})
    with intake.db.read() as session:
        assert session.scalars(select(OutboxMessage.last_error)).one() == "550 5.1.1 [hidden] unknown; or call [hidden]"


def test_nothing_is_sent_to_an_opted_out_address(intake: Intake, clock: FixedClock) -> None:
    record_opt_out(intake, Inbound("email", "opt", b"unsubscribe"), "email", "resident@example.org", opted_out=True)
    acknowledged_report(intake)
    sender = RecordingSender()
    assert deliver_due(intake, {"email": sender}).suppressed == 1
    assert sender.sent == []
    assert status(intake) == "suppressed"


def test_messages_wait_for_a_sender_of_their_method(intake: Intake, clock: FixedClock) -> None:
    acknowledged_report(intake)
    sms = RecordingSender()
    deliver_due(intake, {"sms": sms})
    assert sms.sent == [] and status(intake) == "pending"
