"""What failed for good: outbox messages and what channels' workers gave up on, for managers and admins.

The outbox and a channel's workers (the SMS channel's media fetcher) promise that nothing is
silently dropped (``OutboxStatus.FAILED``; each channel's own, offered as an
``intake.ports.FailureSource``); this is where staff see them. Only the report's reference, what
kind of thing it was, how it was to go, the attempts and the last error are shown: never the
recipient or the body (policy 1.2, 4.11). A restricted report's reference is shown to managers
only, and an error's text has any address or number in it masked. Each view is audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit
from intake.case_tables import StaffUser
from intake.context import Intake
from intake.models import OutboxMessage, Report
from intake.outbox import masked  # rows from before errors were stored masked
from intake.ports import FailureSource
from intake.vocabulary import OutboxStatus, Role

SHOWN = 200  # the most recent of each; more than that is an outage to fix at its cause


@dataclass(frozen=True)
class FailedDelivery:
    """One thing that failed for good, without its recipient or content."""

    reference: str | None  # None: no report, or a restricted one this viewer may not name
    kind: str  # acknowledgement, staff_alert, staff_text ...; "picture" for remote media
    method: str  # email or sms; for media, the channel that holds it
    attempts: int
    last_error: str


def view_failed_deliveries(intake: Intake, viewer: StaffUser) -> list[FailedDelivery]:
    """Failed outbox messages, then failed media fetches, most recent first; the view audited."""
    managers = viewer.role == Role.MANAGER.value
    with intake.db.begin() as session:
        rows = [*_failed_messages(session, managers), *_failed_elsewhere(session, managers, intake.failure_sources)]
        audit.record(session, at=intake.clock(), actor=viewer.actor, action="failed_deliveries_viewed", rows=len(rows))
    return rows


def _failed_messages(session: Session, managers: bool) -> list[FailedDelivery]:
    query = (
        select(OutboxMessage.kind, OutboxMessage.method, OutboxMessage.attempts, OutboxMessage.last_error, Report)
        .outerjoin(Report, Report.id == OutboxMessage.report_id)
        .where(OutboxMessage.status == OutboxStatus.FAILED.value)
        .order_by(OutboxMessage.id.desc())
        .limit(SHOWN)
    )
    return [
        FailedDelivery(_reference(report, managers), kind, method, attempts, masked(error))
        for kind, method, attempts, error, report in session.execute(query)
    ]


def _failed_elsewhere(session: Session, managers: bool, sources: list[FailureSource]) -> list[FailedDelivery]:
    """What each channel's workers gave up on (registered in its init_app), in the order given."""
    rows = []
    for source in sources:
        for failed in source(session, SHOWN):
            report = session.get(Report, failed.report_id) if failed.report_id is not None else None
            reference = _reference(report, managers)
            rows.append(
                FailedDelivery(reference, failed.kind, failed.method, failed.attempts, masked(failed.last_error))
            )
    return rows


def _reference(report: Report | None, managers: bool) -> str | None:
    """Policy 4.11: a restricted report is named to managers only."""
    if report is None or (report.restricted and not managers):
        return None
    return report.reference
