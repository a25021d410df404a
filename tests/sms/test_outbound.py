"""Texts staff send to reporters go through the outbox and Twilio's REST API, never to a number
that opted out; Twilio's delivery reports are kept once each (issue 4, item 5).

Which party staff may text at all is the staff pages' rule (``intake.casework.contact``, tested in
tests/staff/test_casework.py); here a text is queued as they queue it.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from intake.context import Intake, registered_senders
from intake.drafts import Contact
from intake.models import DeliveryEvent, OutboxMessage, Report
from intake.outbox import deliver_due, enqueue
from intake.services import submit_report
from tests.factories import make_draft
from tests.sms.conftest import OUR_NUMBER, RESIDENT, Phone
from tests.sms.twilio_standin import TwilioStandIn

STAFF_WORDS = "We would like to arrange a visit. Please call us when it is safe."


def report_with(intake: Intake, *safe_methods: str, message_safe: bool = True, **fields: Any) -> str:
    reporter = Contact(phone=RESIDENT, safe_methods=safe_methods, message_safe=message_safe)
    draft = make_draft(channel="web", reporter=reporter, **fields)
    reference = submit_report(intake, draft).reference
    assert reference is not None
    return reference


def text_reporter(intake: Intake, reference: str, body: str, *, dedupe_key: str) -> None:
    """A text to the reporter's number in the outbox, as staff queue one."""
    with intake.db.begin() as session:
        report = session.scalar(select(Report).where(Report.reference == reference))
        assert report is not None
        key = f"text:{reference}:{dedupe_key}"
        enqueue(
            session,
            now=intake.clock(),
            dedupe_key=key,
            kind="staff_text",
            method="sms",
            recipient=RESIDENT,
            body=body,
            report_id=report.id,
        )


def outbox(intake: Intake) -> list[OutboxMessage]:
    with intake.db.read() as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.method == "sms")))


def test_a_text_to_a_reporter_who_marked_sms_safe_is_sent_through_twilio(
    intake: Intake, sms_app: Flask, twilio: TwilioStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    reference = report_with(intake, "sms")

    text_reporter(intake, reference, STAFF_WORDS, dedupe_key="visit")
    stats = deliver_due(intake, registered_senders(sms_app))

    assert stats.sent == 1
    assert [(sent["To"], sent["From"], sent["Body"]) for sent in twilio.sent] == [(RESIDENT, OUR_NUMBER, STAFF_WORDS)]
    (message,) = outbox(intake)
    assert message.status == "sent" and (message.provider_id or "").startswith("SM")
    assert "7700" not in caplog.text  # neither we nor Twilio's client log the number


def test_a_reporter_who_texted_stop_is_never_texted(
    intake: Intake, sms_app: Flask, twilio: TwilioStandIn, phone: Phone
) -> None:
    reference = report_with(intake, "sms")
    text_reporter(intake, reference, STAFF_WORDS, dedupe_key="before")

    phone.text("STOP")

    stats = deliver_due(intake, registered_senders(sms_app))
    assert stats.suppressed == 1
    assert twilio.sent == []


def test_delivery_status_callbacks_are_kept_once_per_message_and_status(phone: Phone, intake: Intake) -> None:
    def report(status: str) -> int:
        form = {"MessageSid": "SM" + "5" * 32, "MessageStatus": status, "AccountSid": "AC" + "0" * 32}
        return phone.post("/sms/status", form).status_code

    assert [report("sent"), report("delivered"), report("delivered")] == [204, 204, 204]

    with intake.db.read() as session:
        kept = list(session.scalars(select(DeliveryEvent.status).order_by(DeliveryEvent.id)))
    assert kept == ["sent", "delivered"]


def test_an_unsigned_delivery_callback_is_refused(phone: Phone, intake: Intake) -> None:
    response = phone.client.post("/sms/status", data={"MessageSid": "SM" + "6" * 32, "MessageStatus": "failed"})

    assert response.status_code == 403
    with intake.db.read() as session:
        assert session.scalar(select(DeliveryEvent)) is None
