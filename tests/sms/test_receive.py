"""One text, one transaction, decided one at a time per number (issue 12, item 3).

Two workers taking the first two texts of one number at the same moment must make one report
(the second text a message on it), not two: the decision and the writes share one transaction,
serialised per sender. Run on SQLite and PostgreSQL; the point is PostgreSQL, where two
transactions really run at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, select

from intake.context import Intake
from intake.models import Message, Party, Report
from intake.sealing import blind_index
from tests.conftest import make_test_app
from tests.sms.conftest import Phone, reply_of, sms_settings
from tests.sms.twilio_standin import TwilioStandIn

TRIALS = 20


@pytest.fixture
def second_worker(database_url: str, tmp_path: Path, twilio: TwilioStandIn) -> Iterator[Flask]:
    """Another app instance on the same database, as a second gunicorn worker would be."""
    worker = make_test_app(database_url, tmp_path, **sms_settings(twilio))
    yield worker
    worker.extensions["intake"].db.dispose()


def texts_of(intake: Intake, number: str) -> list[list[str]]:
    """Per report the number is on: what the report says, then its messages."""
    with intake.db.read() as session:
        reports = session.scalars(
            select(Report)
            .join(Party)
            .where(Party.phone_index.in_(blind_index().matching("phone", number)))
            .order_by(Report.id)
        )
        found = []
        for report in reports:
            messages = [m.text for m in session.scalars(select(Message).where(Message.report_id == report.id))]
            found.append([report.description, *messages])
        return found


def send_together(workers: list[Flask], number: str, bodies: list[str]) -> list[str]:
    """Each worker receives one text from ``number``, all released at the same moment."""
    barrier = threading.Barrier(len(workers))
    replies: list[str] = []

    def send(worker: Flask, body: str) -> None:
        phone = Phone(worker.test_client(), number=number)
        barrier.wait()
        replies.append(reply_of(phone.text(body)))

    threads = [threading.Thread(target=send, args=pair) for pair in zip(workers, bodies, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return replies


def test_two_first_texts_from_one_number_at_once_on_two_workers_make_one_report(
    sms_app: Flask, second_worker: Flask, intake: Intake
) -> None:
    for trial in range(TRIALS):
        number = f"+447700900{200 + trial}"

        replies = send_together([sms_app, second_worker], number, ["They shouted at me", "and broke my window"])

        (report,) = texts_of(intake, number)
        assert sorted(report) == ["They shouted at me", "and broke my window"]
        assert len(replies) == 2 and all(replies)


@contextmanager
def transactions(intake: Intake) -> Iterator[list[Any]]:
    """Every transaction begun on the app's engine inside the block."""
    began: list[Any] = []

    def count(connection: Any) -> None:
        began.append(connection)

    event.listen(intake.db.engine, "begin", count)
    try:
        yield began
    finally:
        event.remove(intake.db.engine, "begin", count)


def test_one_text_to_the_webhook_opens_one_transaction(sms_app: Flask, intake: Intake, phone: Phone) -> None:
    phone.text("Someone wrote on my door")  # a first text: the second below joins its report

    with transactions(intake) as began:
        reply = reply_of(phone.text("and they came back tonight, with a picture", MediaUrl0="https://x.invalid/m"))

    assert "added this to report" in reply
    assert len(began) == 1
    (report,) = texts_of(intake, phone.number)
    assert report[-1] == "and they came back tonight, with a picture"


def test_a_help_text_with_a_picture_opens_one_transaction(sms_app: Flask, intake: Intake, phone: Phone) -> None:
    with transactions(intake) as began:
        reply = reply_of(phone.text("HELP", MediaUrl0="https://x.invalid/m"))

    assert "999" in reply
    assert len(began) == 1
