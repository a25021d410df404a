"""Audit events: who did what to which report. Details carry ids and codes, never content."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from intake.db_helpers import bulk_insert
from intake.models import AuditEvent

SYSTEM = "system"


def record(
    session: Session, *, at: datetime, actor: str, action: str, report_id: int | None = None, **detail: Any
) -> AuditEvent:
    """Add one audit event to the caller's transaction."""
    event = AuditEvent(at=at, actor=actor, action=action, report_id=report_id, detail=detail)
    session.add(event)
    return event


def event(*, at: datetime, actor: str, action: str, report_id: int | None = None, **detail: Any) -> dict[str, Any]:
    """One audit event's row, for ``record_all``."""
    return dict(at=at, actor=actor, action=action, report_id=report_id, detail=detail)


def record_all(session: Session, events: Sequence[dict[str, Any]]) -> None:
    """Add several events in one statement (issue 13: a report's creation writes its events together)."""
    bulk_insert(session, AuditEvent, events)
