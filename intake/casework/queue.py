"""The triage queue as one member of staff sees it, with the view audited."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from intake import audit
from intake.case_tables import StaffUser
from intake.casework.lookup import may_see_restricted
from intake.context import Intake
from intake.queries import QueueCursor, QueueFilters, QueueRow, queue_page


def view_queue(
    intake: Intake, viewer: StaffUser, filters: QueueFilters, after: QueueCursor | None, limit: int
) -> list[QueueRow]:
    """One page of the queue; restricted reports only for managers (policy 4.11)."""
    with intake.db.begin() as session:
        rows = queue_page(
            session, after=after, limit=limit, include_restricted=may_see_restricted(viewer), filters=filters
        )
        used = {name: value is not None for name, value in asdict(filters).items()}
        audit.record(session, at=intake.clock(), actor=viewer.actor, action="queue_viewed", filters=used)
    return rows


def encode_cursor(cursor: QueueCursor) -> str:
    """For the "next page" link: the sort keys only, never content."""
    received = cursor.received_at.isoformat() if cursor.received_at else ""
    return f"{cursor.priority}~{cursor.response_due.isoformat()}~{cursor.id}~{received}"


def decode_cursor(text: str | None) -> QueueCursor | None:
    if not text:
        return None
    try:
        priority, due, own_id, *rest = text.split("~")
        received = datetime.fromisoformat(rest[0]) if rest and rest[0] else None
        return QueueCursor(priority, datetime.fromisoformat(due), int(own_id), received)
    except ValueError:
        return None
