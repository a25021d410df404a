"""A flood of texts from one number is stored in full, answered at most the configured number of
times (texts cost money), and shows in the queue as one conversation (issue 4, "Done when")."""

from __future__ import annotations

from intake.context import Intake
from intake.queries import queue_page
from tests.conftest import FixedClock
from tests.sms.conftest import Phone, reply_of
from tests.sms.helpers import inbound_count, messages_of, reports

FLOOD = 1000
REPLY_LIMIT = 5  # SMS_REPLY_LIMIT in tests/sms/conftest.py


def test_a_thousand_texts_in_a_minute_are_all_kept_as_one_conversation_answered_at_most_the_limit(
    phone: Phone, intake: Intake, clock: FixedClock
) -> None:
    replies = []
    for n in range(FLOOD):
        replies.append(reply_of(phone.text(f"text number {n}")))
        clock.advance(milliseconds=59)

    assert inbound_count(intake) == FLOOD
    (report,) = reports(intake)
    assert report.description == "text number 0"
    assert len(messages_of(intake, report.reference)) == FLOOD - 1
    assert sum(1 for reply in replies if reply) == REPLY_LIMIT
    assert replies[0] and not any(replies[REPLY_LIMIT:])
    with intake.db.read() as session:
        assert [row.reference for row in queue_page(session)] == [report.reference]


def test_the_reply_cap_is_per_number_and_per_hour(phone: Phone, intake: Intake, clock: FixedClock) -> None:
    for n in range(REPLY_LIMIT + 2):
        phone.text(f"text {n}")
    other = Phone(phone.client, number="+447700900777")

    assert reply_of(other.text("I am someone else"))
    assert reply_of(phone.text("one more")) == ""
    clock.advance(hours=1)
    assert reply_of(phone.text("an hour later"))
