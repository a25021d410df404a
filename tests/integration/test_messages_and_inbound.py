"""Later messages, opt-outs and items that are deliberately not reports."""

from __future__ import annotations

from sqlalchemy import func, select

from intake.context import Intake
from intake.drafts import Inbound
from intake.models import ContactOptOut, InboundItem, Message, Report
from intake.services import Outcome, record_inbound, record_opt_out
from intake.vocabulary import InboundDisposition
from tests.conftest import FixedClock
from tests.factories import add, submit


def test_a_later_message_is_added_to_its_report_in_order(intake: Intake, clock: FixedClock) -> None:
    first = submit(intake, channel="sms")
    clock.advance(minutes=5)
    add(intake, first.reference or "", "They came back.", key="m1")
    clock.advance(minutes=5)
    added = add(intake, (first.reference or "").lower().replace("-", " "), "And again.", key="m2")
    assert added.outcome is Outcome.ADDED_TO_REPORT and added.reference == first.reference
    with intake.db.read() as session:
        texts = [m.text for m in session.scalars(select(Message).order_by(Message.received_at))]
    assert texts == ["They came back.", "And again."]


def test_a_repeated_message_is_added_once(intake: Intake) -> None:
    first = submit(intake)
    add(intake, first.reference or "", key="same")
    again = add(intake, first.reference or "", key="same")
    assert again.outcome is Outcome.DUPLICATE
    with intake.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Message)) == 1


def test_a_message_quoting_an_unknown_reference_is_kept_as_a_report_for_review(intake: Intake) -> None:
    orphan = add(intake, "HPG-AAAA-AAAA", "Please update me", key="orphan")
    assert orphan.outcome is Outcome.NEW_REPORT and orphan.needs_review
    with intake.db.read() as session:
        report = session.scalars(select(Report)).one()
    assert report.description == "Please update me"
    assert "quoted a reference that matches no report" in report.review_reasons


def test_an_auto_reply_is_kept_but_is_not_a_report(intake: Intake) -> None:
    inbound = Inbound("email", "INBOX:1:9", b"Auto-Submitted: auto-replied\r\n\r\nI am away")
    assert record_inbound(intake, inbound, InboundDisposition.AUTO_REPLY).outcome is Outcome.RECORDED
    assert record_inbound(intake, inbound, InboundDisposition.AUTO_REPLY).outcome is Outcome.DUPLICATE
    with intake.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 0
        item = session.scalars(select(InboundItem)).one()
    assert item.disposition == "auto_reply"


def test_an_opt_out_and_back_in_is_recorded_and_never_a_report(intake: Intake) -> None:
    record_opt_out(intake, Inbound("sms", "SM1", b"Body=STOP"), "sms", "+447700900123", opted_out=True)
    with intake.db.read() as session:
        assert session.scalars(select(ContactOptOut.opted_out)).one() is True
    record_opt_out(intake, Inbound("sms", "SM2", b"Body=START"), "sms", "+447700900123", opted_out=False)
    with intake.db.read() as session:
        assert session.scalars(select(ContactOptOut.opted_out)).one() is False
        assert session.scalar(select(func.count()).select_from(Report)) == 0
