"""Signals read from words act as answered questions (issue 11): stored as inferred, applied to
the report's triage on arrival and on every later message, and undone when staff remove them.

Err on the side of the victim: a sign of risk raises priority and alerts staff (policy 4.4),
graffiti or damage starts a 24-hour works clock from the words' arrival (policy 4.10), and a
possibly-staff perpetrator restricts the report to managers (policy 4.11).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import audit
from intake.clock import works_due
from intake.db_helpers import bulk_insert
from intake.drafts import ResponsiblePerson
from intake.models import Message, Report, Work
from intake.reading.signals import SAFEGUARDING, WORKS, Signal, infer, triage_signals
from intake.reading.stored import InferredSignal, InferredStatus
from intake.reading.words import Found
from intake.triage import route_for
from intake.vocabulary import Answer, Priority, Route, answer_of


def record_inferred(
    session: Session,
    report: Report,
    found: list[Found],
    at: datetime,
    before: Mapping[str, object],
    works: Mapping[str, int],
    message_id: int | None = None,
) -> list[dict[str, Any]]:
    """Keep each inferred signal with its trigger words and the answer it overrode (``before``, by report
    column, which is the signal's name); a works signal names the order it started (``works``: id by kind).

    The signals go in one statement; the audit event saying so is returned for the caller to write
    with its own (issue 13).
    """
    bulk_insert(session, InferredSignal, [_inferred(report.id, f, at, before, works, message_id) for f in found])
    if not found:
        return []
    # codes only: the trigger words are the reporter's content, never audited
    signals = [f.signal for f in found]
    return [audit.event(at=at, actor=audit.SYSTEM, action="signals_inferred", report_id=report.id, signals=signals)]


def _inferred(
    report_id: int,
    f: Found,
    at: datetime,
    before: Mapping[str, object],
    works: Mapping[str, int],
    message_id: int | None,
) -> dict[str, Any]:
    kind = WORKS.get(Signal(f.signal))
    return dict(
        report_id=report_id,
        message_id=message_id,
        signal=f.signal,
        clause=f.clause,
        words=f.words[:200],
        inferred_at=at,
        work_id=works.get(kind.value) if kind else None,
        answer_before=str(before[f.signal]) if f.signal in before else None,
        status=InferredStatus.INFERRED.value,
    )


def read_message(session: Session, report: Report, message: Message) -> bool:
    """Re-triage a report on a later message's words, whatever the report's state.

    True when the message brought a new safeguarding sign: the caller alerts staff (policy 4.4).
    """
    fresh = [f for f in triage_signals(infer(message.text)) if _is_new(session, report, Signal(f.signal))]
    before = {f.signal: getattr(report, f.signal) for f in fresh}
    for f in fresh:
        _apply(session, report, Signal(f.signal), message.received_at)
    session.flush()
    works = {w.kind: w.id for w in session.scalars(select(Work).where(Work.report_id == report.id).order_by(Work.id))}
    audit.record_all(session, record_inferred(session, report, fresh, message.received_at, before, works, message.id))
    return any(Signal(f.signal) in SAFEGUARDING for f in fresh)


def _is_new(session: Session, report: Report, signal: Signal) -> bool:
    kind = WORKS.get(signal)
    if kind is not None:
        return _open_work(session, report, kind.value) is None  # a works order not yet done covers it
    if signal == Signal.RESPONSIBLE_IS_STAFF:
        return report.responsible_is_staff != Answer.YES
    return bool(getattr(report, signal.value) != Answer.YES)


def _apply(session: Session, report: Report, signal: Signal, at: datetime) -> None:
    """The signal as if answered yes, on a report that already exists."""
    kind = WORKS.get(signal)
    if kind is not None:
        session.add(Work(report_id=report.id, kind=kind.value, due=works_due(at)))  # policy 4.10: from arrival
    if signal == Signal.RESPONSIBLE_IS_STAFF:
        report.responsible_is_staff, report.restricted = Answer.YES.value, True  # policy 4.11
        report.route = Route.INTERNAL_DISCIPLINARY.value
        return
    setattr(report, signal.value, Answer.YES.value)
    if signal in SAFEGUARDING:
        report.priority = Priority.IMMEDIATE.value  # policy 4.4
        report.safeguarding = report.risk_assessment_required = True


def _open_work(session: Session, report: Report, kind: str) -> Work | None:
    query = select(Work).where(
        Work.report_id == report.id, Work.kind == kind, Work.completed_at.is_(None), Work.cancelled_at.is_(None)
    )
    return session.scalar(query.limit(1))


def confirm(inferred: InferredSignal, actor: str, at: datetime) -> None:
    """Staff agree the words say what was inferred: nothing changes but the record."""
    inferred.status, inferred.decided_by, inferred.decided_at = InferredStatus.CONFIRMED.value, actor, at


def remove(session: Session, report: Report, inferred: InferredSignal, actor: str, at: datetime, reason: str) -> None:
    """Staff say the words do not mean this: undo what the signal did, keeping the reason."""
    inferred.status, inferred.decided_by, inferred.decided_at = InferredStatus.REMOVED.value, actor, at
    inferred.reason = reason
    signal = Signal(inferred.signal)
    _cancel_work(session, inferred, actor, at)
    if not _still_inferred(session, report, signal):
        _unset(report, signal, _answer_before(session, report, signal))


def _cancel_work(session: Session, inferred: InferredSignal, actor: str, at: datetime) -> None:
    """The order the signal started, cancelled with the staff member's reason: kept, never deleted (issue 19)."""
    work = session.get(Work, inferred.work_id) if inferred.work_id is not None else None
    if work is not None and work.outstanding:
        work.ready_to_seal()
        work.cancelled_at, work.cancelled_by, work.cancel_reason = at, actor, inferred.reason


def _still_inferred(session: Session, report: Report, signal: Signal) -> bool:
    """Another inference of the same signal, not removed, keeps it set."""
    query = select(InferredSignal.id).where(
        InferredSignal.report_id == report.id,
        InferredSignal.signal == signal.value,
        InferredSignal.status != InferredStatus.REMOVED.value,
    )
    return session.scalar(query.limit(1)) is not None


def _answer_before(session: Session, report: Report, signal: Signal) -> str:
    """What the reporter said before the first inference of this signal ("no" for one recorded before
    issue 19 kept it, as the board showed then)."""
    query = select(InferredSignal.answer_before).where(
        InferredSignal.report_id == report.id, InferredSignal.signal == signal.value
    )
    return session.scalar(query.order_by(InferredSignal.id).limit(1)) or Answer.NO.value


def _unset(report: Report, signal: Signal, answer: str) -> None:
    if signal == Signal.RESPONSIBLE_IS_STAFF:
        report.responsible_is_staff, report.restricted = answer, False
        report.route = route_for(ResponsiblePerson(is_tenant=answer_of(report.responsible_is_tenant))).value
        return
    setattr(report, signal.value, answer)
    if signal in SAFEGUARDING and not any(getattr(report, s.value) == Answer.YES for s in SAFEGUARDING):
        report.priority = Priority.STANDARD.value
        report.safeguarding = report.risk_assessment_required = False
