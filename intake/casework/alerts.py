"""Clocks about to be missed: one email each to TRIAGE_INBOX, with the reference and a link.

A restricted report's alert goes only to MANAGERS_INBOX (policy 4.11), never the shared inbox.

Never the report's content. A dedupe key per clock means each alert is sent once, however
often the command runs (policy 4.1 response within one working day; 4.10 works in 24 hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import outbox
from intake.context import Intake
from intake.messages import render
from intake.models import Report, Work
from intake.vocabulary import Status


@dataclass(frozen=True)
class Clock:
    report_id: int
    reference: str
    priority: str
    what: str  # response, graffiti_removal, emergency_repair
    due: datetime
    key: str
    restricted: bool


def queue_clock_alerts(intake: Intake, lead: timedelta) -> int:
    """Enqueue an alert for every clock due within ``lead`` and not yet met; how many were new."""
    if intake.triage_inbox is None and intake.managers_inbox is None:
        return 0
    horizon = intake.clock() + lead
    with intake.db.begin() as session:
        clocks = [*_responses_due(session, horizon), *_works_due(session, horizon)]
        return sum(_enqueue(session, intake, clock) for clock in clocks)


def _responses_due(session: Session, horizon: datetime) -> list[Clock]:
    query = select(Report.id, Report.reference, Report.priority, Report.response_due, Report.restricted).where(
        Report.status != Status.CLOSED.value, Report.first_response_at.is_(None), Report.response_due <= horizon
    )
    return [
        Clock(i, ref, prio, "response", due, f"response:{ref}", restricted)
        for i, ref, prio, due, restricted in session.execute(query)
    ]


def _works_due(session: Session, horizon: datetime) -> list[Clock]:
    query = (
        select(Report.id, Report.reference, Report.priority, Work.kind, Work.due, Work.id, Report.restricted)
        .join(Work, Work.report_id == Report.id)
        .where(Report.status != Status.CLOSED.value, Work.completed_at.is_(None), Work.cancelled_at.is_(None))
        .where(Work.due <= horizon)
    )
    return [
        Clock(i, ref, prio, kind, due, f"works:{work_id}", restricted)
        for i, ref, prio, kind, due, work_id, restricted in session.execute(query)
    ]


def _enqueue(session: Session, intake: Intake, clock: Clock) -> bool:
    inbox = intake.alert_inbox(clock.restricted)
    if inbox is None:
        return False
    link = f"{intake.public_base_url}/staff/reports/{clock.reference}" if intake.public_base_url else None
    due = clock.due.astimezone(intake.calendar.timezone).strftime("%a %d %b %Y %H:%M %Z")
    what = clock.what.replace("_", " ")
    return outbox.enqueue(
        session,
        now=intake.clock(),
        dedupe_key=f"staff_alert:due:{clock.key}",
        kind="staff_alert",
        method="email",
        recipient=inbox,
        subject=f"Due soon: {what} for report {clock.reference}",
        body=render(
            "staff_clock_alert.txt", what=what, reference=clock.reference, priority=clock.priority, due=due, link=link
        ),
        report_id=clock.report_id,
    )
