"""Reading back what the app stored, as staff would see it."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from channels.sms.tables import InboundReply
from intake.context import Intake
from intake.models import InboundItem, Message, Report
from intake.outbox import is_opted_out


def reports(intake: Intake) -> list[Report]:
    with intake.db.read() as session:
        return list(session.scalars(select(Report).order_by(Report.id)))


def messages_of(intake: Intake, reference: str) -> list[str]:
    with intake.db.read() as session:
        query = select(Message).join(Report).where(Report.reference == reference).order_by(Message.id)
        return [message.text for message in session.scalars(query)]


def inbound_count(intake: Intake) -> int:
    with intake.db.read() as session:
        return session.scalar(select(func.count(InboundItem.id))) or 0


def stored_raw(intake: Intake, key: str) -> InboundItem:
    with intake.db.read() as session:
        item = session.scalar(select(InboundItem).where(InboundItem.key == key))
        assert item is not None
        _ = item.raw
        return item


def opted_out(intake: Intake, number: str) -> bool:
    with intake.db.read() as session:
        return is_opted_out(session, "sms", number)


def close_report(intake: Intake, reference: str) -> None:
    with intake.db.begin() as session:
        report = session.scalar(select(Report).where(Report.reference == reference))
        assert report is not None
        report.status = "closed"


def forget_replies(intake: Intake) -> None:
    with intake.db.begin() as session:
        session.execute(delete(InboundReply))
