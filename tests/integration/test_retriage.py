"""Later messages re-triage their report, whatever its state (issue 11; policy 4.4, 4.10)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from intake.context import Intake
from intake.models import Report, Work
from intake.reading.stored import InferredSignal
from tests.conftest import FixedClock
from tests.factories import add, submit


def _report(intake: Intake, reference: str) -> Report:
    with intake.db.read() as session:
        return session.scalars(select(Report).where(Report.reference == reference)).one()


def test_a_threat_in_a_message_on_a_closed_report_raises_it_to_immediate(intake: Intake, clock: FixedClock) -> None:
    reference = submit(intake, channel="sms", description="They shouted at me").reference or ""
    with intake.db.begin() as session:
        session.scalars(select(Report)).one().status = "closed"
    clock.advance(days=3)

    add(intake, reference, "he came back and said he will kill me", key="threat")

    report = _report(intake, reference)
    assert (report.priority, report.threat_to_life, report.safeguarding) == ("immediate", "yes", True)
    with intake.db.read() as session:
        inferred = session.scalars(select(InferredSignal)).one()
    assert (inferred.signal, inferred.words, inferred.message_id is not None) == ("threat_to_life", "kill", True)


def test_graffiti_again_while_its_order_is_open_adds_no_second_order_but_after_it_is_done_does(
    intake: Intake, clock: FixedClock
) -> None:
    reference = submit(intake, channel="sms", description="racist graffiti on my door").reference or ""
    clock.advance(hours=2)
    add(intake, reference, "the graffiti is still there", key="still")
    with intake.db.begin() as session:
        assert len(session.scalars(select(Work)).all()) == 1
        session.scalars(select(Work)).one().completed_at = clock()
    clock.advance(days=2)
    arrived = clock()

    add(intake, reference, "they sprayed it again last night", key="again")

    with intake.db.read() as session:
        dues = [w.due for w in session.scalars(select(Work).order_by(Work.id))]
    assert dues[1:] == [arrived + timedelta(hours=24)]


def test_graffiti_again_after_its_order_was_cancelled_starts_a_new_order(intake: Intake, clock: FixedClock) -> None:
    """A cancelled order is no longer running, so new graffiti gets its own 24-hour clock (policy 4.10)."""
    reference = submit(intake, channel="sms", description="racist graffiti on my door").reference or ""
    with intake.db.begin() as session:
        work = session.scalars(select(Work)).one()
        work.cancelled_at, work.cancelled_by, work.cancel_reason = clock(), "staff:1", "Painted over by the owner"
    clock.advance(days=1)
    arrived = clock()

    add(intake, reference, "they sprayed graffiti on the door again", key="again")

    with intake.db.read() as session:
        works = session.scalars(select(Work).order_by(Work.id)).all()
    assert [(w.outstanding, w.due) for w in works][1:] == [(True, arrived + timedelta(hours=24))]
