"""Staff see each signal read from the reporter's words, and confirm or remove it (issue 11)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from intake.context import Intake
from intake.drafts import ResponsiblePerson
from intake.models import AuditEvent, Report, Work
from intake.reading.stored import InferredSignal
from tests.factories import submit
from tests.staff.conftest import client_for, page


def _report(intake: Intake, reference: str) -> Report:
    with intake.db.read() as session:
        report = session.scalars(select(Report).where(Report.reference == reference)).one()
        _ = report.works
        return report


def _inferred(intake: Intake, signal: str) -> InferredSignal:
    with intake.db.read() as session:
        return session.scalars(select(InferredSignal).where(InferredSignal.signal == signal)).one()


def test_a_web_report_saying_he_would_burn_the_flat_shows_a_threat_to_life(staff_app: Flask, intake: Intake) -> None:
    reference = submit(intake, channel="web", description="My neighbour said he would burn the flat.").reference
    client, _ = client_for(staff_app, intake, "case_officer")

    text = page(client, f"/staff/reports/{reference}")

    assert "Threat to life Yes (inferred from: 'burn the flat')" in text
    assert "Immediate priority: safeguarding signs (policy 4.4)." in text


def test_removing_an_inferred_works_signal_needs_a_reason_and_cancels_its_order(
    staff_app: Flask, intake: Intake
) -> None:
    reference = submit(intake, channel="sms", description="someone sprayed graffiti on my door").reference
    assert [w.kind for w in _report(intake, reference).works] == ["graffiti_removal"]
    client, officer = client_for(staff_app, intake, "case_officer")
    signal = _inferred(intake, "graffiti_to_remove")
    url = f"/staff/reports/{reference}/inferred/{signal.id}/remove"

    assert "Say why the signal does not apply" in page(client, url, 400, method="post", data={"reason": ""})
    assert _report(intake, reference).works != []

    client.post(url, data={"reason": "Already cleaned by the estate team"})

    report = _report(intake, reference)
    assert report.graffiti_to_remove == "not_asked"  # SMS asks nothing (issue 19)
    [cancelled] = report.works  # kept as a record, no longer running (issue 19: never deleted)
    assert not cancelled.outstanding and cancelled.cancel_reason == "Already cleaned by the estate team"
    removed = _inferred(intake, "graffiti_to_remove")
    assert (removed.status, removed.reason, removed.decided_by) == (
        "removed",
        "Already cleaned by the estate team",
        officer.user.actor,
    )
    text = page(client, f"/staff/reports/{reference}")
    assert "Removed by" in text and "Already cleaned by the estate team" in text


def test_removing_the_only_safeguarding_sign_lowers_priority_and_is_audited(staff_app: Flask, intake: Intake) -> None:
    reference = submit(intake, channel="sms", description="he has a knife").reference
    assert _report(intake, reference).priority == "immediate"
    client, _ = client_for(staff_app, intake, "case_officer")
    signal = _inferred(intake, "threat_to_life")

    client.post(f"/staff/reports/{reference}/inferred/{signal.id}/remove", data={"reason": "A kitchen knife, for sale"})

    assert _report(intake, reference).priority == "standard"
    with intake.db.read() as session:
        actions = list(session.scalars(select(AuditEvent.action).where(AuditEvent.report_id == signal.report_id)))
    assert "inferred_signal_removed" in actions


def test_confirming_keeps_the_effect_and_records_who(staff_app: Flask, intake: Intake) -> None:
    reference = submit(intake, channel="email", description="My son was punched at the bus stop").reference
    client, officer = client_for(staff_app, intake, "case_officer")
    signal = _inferred(intake, "injury")

    response = client.post(f"/staff/reports/{reference}/inferred/{signal.id}/confirm", follow_redirects=True)

    assert "Confirmed: Injury." in response.get_data(as_text=True)
    assert _inferred(intake, "injury").status == "confirmed"
    assert _inferred(intake, "injury").decided_by == officer.user.actor
    assert _report(intake, reference).priority == "immediate"


def test_a_report_naming_the_caretaker_is_restricted_until_a_manager_removes_it(
    staff_app: Flask, intake: Intake
) -> None:
    reference = submit(intake, channel="sms", description="the caretaker called me a paki").reference
    officer, _ = client_for(staff_app, intake, "case_officer")
    page(officer, f"/staff/reports/{reference}", 404)  # policy 4.11: managers only
    manager, _ = client_for(staff_app, intake, "manager")
    signal = _inferred(intake, "responsible_is_staff")

    manager.post(
        f"/staff/reports/{reference}/inferred/{signal.id}/remove", data={"reason": "The caretaker is a witness"}
    )

    assert _report(intake, reference).restricted is False
    page(officer, f"/staff/reports/{reference}")


def test_nothing_is_inferred_from_words_that_say_no_one_was_hurt(staff_app: Flask, intake: Intake) -> None:
    reference = submit(intake, channel="sms", description="they shouted at me, no one was hurt").reference

    report = _report(intake, reference)
    assert (report.priority, report.injury, report.works) == ("standard", "not_asked", [])  # SMS asks nothing
    with intake.db.read() as session:
        assert session.scalars(select(Work)).all() == []


def test_the_description_of_the_person_responsible_is_read_too(staff_app: Flask, intake: Intake) -> None:
    responsible = ResponsiblePerson(is_staff=False, description="The caretaker for our block")
    reference = submit(intake, channel="web", description="He called me names.", responsible=responsible).reference

    report = _report(intake, reference)
    assert (report.restricted, report.route) == (True, "internal_disciplinary")
