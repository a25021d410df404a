"""Texts are read for the signs the web form asks about, and later texts re-triage (issue 11)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from intake.context import Intake
from intake.models import OutboxMessage, Report, Work
from tests.conftest import FixedClock, make_test_app
from tests.sms.conftest import Phone, sms_settings
from tests.sms.helpers import reports
from tests.sms.twilio_standin import TwilioStandIn


@pytest.fixture(scope="module")
def sms_app(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, twilio_server: TwilioStandIn
) -> Iterator[Flask]:
    """The SMS channel with a triage inbox, so immediate reports alert staff (policy 4.4)."""
    settings = sms_settings(twilio_server, TRIAGE_INBOX="asb-triage@example.org")
    flask_app = make_test_app(database_url, tmp_path_factory.mktemp("sms-triage"), **settings)
    yield flask_app
    flask_app.extensions["intake"].db.dispose()


def _works(intake: Intake) -> list[tuple[str, object]]:
    with intake.db.read() as session:
        return [(w.kind, w.due) for w in session.scalars(select(Work).order_by(Work.id))]


def _alerts(intake: Intake) -> list[str]:
    with intake.db.read() as session:
        return list(session.scalars(select(OutboxMessage.subject).where(OutboxMessage.kind == "staff_alert")))


def test_burning_rags_through_the_letterbox_is_immediate_with_the_staff_alert(phone: Phone, intake: Intake) -> None:
    phone.text("they put burning rags thru my letterbox last nite")

    (report,) = reports(intake)
    assert (report.priority, report.threat_to_life) == ("immediate", "yes")  # an Answer code since issue 19
    assert _alerts(intake) == [f"Immediate: report {report.reference} needs attention"]


def test_a_follow_up_with_a_threat_raises_an_open_standard_report_and_alerts_staff(
    phone: Phone, intake: Intake, clock: FixedClock
) -> None:
    phone.text("the man upstairs keeps shouting at me")
    (report,) = reports(intake)
    assert report.priority == "standard" and _alerts(intake) == []
    with intake.db.begin() as session:
        session.get(Report, report.id).status = "open"  # type: ignore[union-attr]
    clock.advance(hours=2)

    phone.text("now he says hes going to stab me")

    (report,) = reports(intake)
    assert (report.priority, report.threat_to_life, report.risk_assessment_required) == ("immediate", "yes", True)
    assert _alerts(intake) == [f"Immediate: report {report.reference} needs attention"]


def test_a_follow_up_about_graffiti_starts_a_works_clock_from_its_own_arrival(
    phone: Phone, intake: Intake, clock: FixedClock
) -> None:
    phone.text("the neighbour keeps calling me names")
    clock.advance(hours=5)
    arrived = clock()

    phone.text("and now someone has sprayed graffiti on my door")

    assert _works(intake) == [("graffiti_removal", arrived + timedelta(hours=24))]
