"""Retention (issue 17): a case closed six years and a day ago is listed, held, released, purged;
afterwards none of its personal data remains anywhere, while its year's figures are unchanged."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from config import CONFIG_DIR
from intake.casework.errors import Refused
from intake.context import Intake
from intake.data_protection.holds import lift_hold, place_hold
from intake.data_protection.purge import purge_case
from intake.data_protection.review import review_retention
from intake.data_protection.schedule import load_schedule
from intake.models import Attachment, AuditEvent, OutboxMessage
from intake.monitoring.periods import financial_year
from intake.monitoring.reviews import ReviewRule
from intake.monitoring.service import view_figures
from tests.conftest import FixedClock
from tests.data_protection.support import MARKERS, closed_case, every_row_as_text, figures, sealed_words_as_text
from tests.raw_items import raw_items
from tests.staff.conftest import Staff, make_staff

SCHEDULE = load_schedule(CONFIG_DIR / "retention.toml")
CLOSED = datetime(2020, 3, 10, 10, 0, tzinfo=UTC)


def _due(intake: Intake) -> list[str]:
    return [case.reference for case in review_retention(intake, SCHEDULE, "test", dry_run=True).view.due]


def test_a_case_closed_six_years_and_a_day_ago_is_held_then_purged_keeping_its_figures(
    intake: Intake, clock: FixedClock
) -> None:
    clock.now = CLOSED
    manager = make_staff(intake, "manager")
    case = closed_case(intake, manager)
    with intake.db.read() as session:
        files = list(session.scalars(select(Attachment.storage_name)))
    assert files and all(intake.attachments.exists(name) for name in files)
    before = figures(intake)
    stored = every_row_as_text(intake) + sealed_words_as_text(intake)  # some in clear, some sealed
    assert [marker for marker in MARKERS if marker not in stored] == []

    clock.now = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)  # six years less an hour: not yet due
    assert _due(intake) == []
    clock.now = CLOSED.replace(year=2026) + timedelta(days=1)
    assert _due(intake) == [case]

    hold_id = place_hold(intake, manager.user, case, "A claim in the county court", date(2027, 1, 1))
    result = review_retention(intake, SCHEDULE, "test", dry_run=True)
    assert result.view.due == [] and [held.reference for held in result.view.held] == [case]
    with pytest.raises(Refused, match="legal hold"):
        purge_case(intake, manager.user, case, SCHEDULE)

    lift_hold(intake, manager.user, hold_id, "The claim was settled")
    assert _due(intake) == [case]
    monitored = _monitoring(intake, manager)
    assert monitored["tables"]["channel"]["totals"] == (2, 1)  # both reports, one case: not an empty year
    purged = purge_case(intake, manager.user, case, SCHEDULE)
    assert purged.counts["reports"] == 2

    everything = every_row_as_text(intake)
    assert [marker for marker in MARKERS if marker in everything] == []
    assert not any(intake.attachments.exists(name) for name in files)
    assert set(raw_items(intake)) == {b""}
    with intake.db.read() as session:
        actions = list(session.scalars(select(AuditEvent.action)))
    assert {"legal_hold_placed", "legal_hold_lifted", "case_purged"} <= set(actions)
    assert figures(intake) == before
    assert _monitoring(intake, manager) == monitored  # issue 17: the year's monitoring figures unchanged
    assert _due(intake) == []


def _monitoring(intake: Intake, manager: Staff) -> dict[str, Any]:
    """Every table the monitoring page shows for the case's financial year (2019-20), as plain data."""
    year = financial_year(CLOSED.date())
    figures = view_figures(intake, manager.user, year, ReviewRule(weeks=4, working_days=3), include_restricted=True)
    return asdict(figures)


def test_a_purge_is_only_a_managers_and_only_once_due(intake: Intake, clock: FixedClock) -> None:
    clock.now = CLOSED
    manager, officer = make_staff(intake, "manager"), make_staff(intake, "case_officer")
    case = closed_case(intake, manager)
    with pytest.raises(Refused, match="not fallen due"):
        purge_case(intake, manager.user, case, SCHEDULE)
    clock.now = CLOSED.replace(year=2027)
    with pytest.raises(Refused, match="Only a manager"):
        purge_case(intake, officer.user, case, SCHEDULE)


def test_an_open_case_is_never_due(intake: Intake, clock: FixedClock) -> None:
    from intake.casework.decisions import accept_into_case
    from tests.factories import submit

    clock.now = CLOSED
    manager = make_staff(intake, "manager")
    accept_into_case(intake, manager.user, submit(intake).reference)
    clock.now = CLOSED.replace(year=2040)
    assert _due(intake) == []


def test_the_review_erases_outbox_bodies_thirty_days_after_delivery_and_is_recorded(
    intake: Intake, clock: FixedClock, tmp_path: Path
) -> None:
    clock.now = CLOSED
    with intake.db.begin() as session:
        for sent_days_ago, body in ((31, "old words"), (29, "recent words")):
            session.add(
                OutboxMessage(
                    dedupe_key=body,
                    kind="reply",
                    method="sms",
                    recipient="+447700900111",
                    body=body,
                    status="sent",
                    next_attempt_at=CLOSED,
                    created_at=CLOSED,
                    sent_at=CLOSED - timedelta(days=sent_days_ago),
                )
            )
    dry = review_retention(intake, SCHEDULE, "cli", dry_run=True)
    assert (dry.outbox_bodies_due, dry.outbox_bodies_erased) == (1, 0)
    done = review_retention(intake, SCHEDULE, "cli", dry_run=False)
    assert done.outbox_bodies_erased == 1
    with intake.db.read() as session:
        assert sorted(message.body for message in session.scalars(select(OutboxMessage))) == ["", "recent words"]
        assert "retention_reviewed" in set(session.scalars(select(AuditEvent.action)))
