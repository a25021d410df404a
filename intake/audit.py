"""Audit events: who did what to which report. Details carry ids and codes, never content."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from intake.models import AuditEvent

SYSTEM = "system"


def record(
    session: Session, *, at: datetime, actor: str, action: str, report_id: int | None = None, **detail: Any
) -> AuditEvent:
    """Add one audit event to the caller's transaction."""
    event = AuditEvent(at=at, actor=actor, action=action, report_id=report_id, detail=detail)
    session.add(event)
    return event
