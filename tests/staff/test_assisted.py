"""A report taken by telephone or in person, recorded by staff (policy 4.2; issue 12 item 5).

The staff app runs on a fixed clock: Thursday 26 November 2026, 10:00 UTC (GMT, so local time too).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.context import Intake
from intake.inbound import raw_of
from intake.models import AuditEvent, InboundItem, Report
from tests.roundtrip import assert_round_trip
from tests.staff.conftest import client_for, text_of

URL = "/staff/record/"


def answers(**changes: str | list[str]) -> dict[str, Any]:
    """Every question answered, as a victim would answer them on the telephone."""
    form: dict[str, Any] = {
        "submission_token": "token-1",
        "how_received": "telephone",
        "started_at": "2026-11-26T08:15",
        "reporter_role": "victim",
        "description": "They shouted at me on the stairs and wrote on my door.",
        "incident_types": ["verbal_abuse", "graffiti_or_literature"],
        "characteristics": ["religion"],
        "occurred_text": "Tuesday evening",
        "location": "Stairwell, Block C",
        "postcode": "LS1 4AP",
        "injury": "no",
        "children_affected": "no",
        "threat_to_life": "no",
        "feels_unsafe_at_home": "no",
        "graffiti_to_remove": "yes",
        "damage_needing_repair": "not_asked",
        "responsible_known_to_victim": "yes",
        "responsible_lives_nearby": "yes",
        "responsible_is_tenant": "not_known",
        "responsible_is_staff": "no",
        "responsible_description": "A man from the second floor",
        "anonymous": "no",
        "name": "Amina Khan",
        "phone": "07700 900123",
        "email": "amina@example.org",
        "address": "Flat 3, Block C",
        "safe_methods": ["phone", "email"],
        "named_person": "",
        "safe_times": "Weekdays after 6pm",
        "message_safe": "no",
        "consent_contact": "yes",
        "consent_share_with_police": "yes",
        "consent_share_with_partners": "no",
        "consent_multi_agency_panel": "not_asked",
    }
    form.update(changes)
    return form


def exported(staff_app: Flask) -> list[dict[str, Any]]:
    result = staff_app.test_cli_runner().invoke(args=["export", "--include-contact"])
    assert result.exit_code == 0, result.output
    records: list[dict[str, Any]] = json.loads(result.output)
    return records


@pytest.fixture
def officer(staff_app: Flask, intake: Intake) -> FlaskClient:
    client, _ = client_for(staff_app, intake, "triage_officer")
    return client


def test_a_telephone_report_is_exported_with_its_channel_every_answer_and_clocks_from_the_call(
    staff_app: Flask, intake: Intake, officer: FlaskClient
) -> None:
    response = officer.post(URL, data=answers())
    assert response.status_code == 302 and response.location.startswith("/staff/reports/")
    [record] = exported(staff_app)
    assert (record["channel"], record["reporter_role"]) == ("assisted", "victim")
    assert record["received_at"] == "2026-11-26T08:15:00+00:00"  # the call's start, not the 10:00 it was typed
    assert record["response_due"] == "2026-11-27T17:00:00+00:00"  # next working day after the call
    [works] = record["works"]
    assert (works["kind"], works["due"], works["completed_at"]) == (
        "graffiti_removal",
        "2026-11-27T08:15:00+00:00",
        None,
    )
    assert record["description"] == (
        "(Taken by telephone by staff.)\n\nThey shouted at me on the stairs and wrote on my door."
    )
    assert record["incident_types"] == ["verbal_abuse", "graffiti_or_literature"]
    assert record["characteristics"] == ["religion"]
    assert (record["occurred_text"], record["location"], record["postcode"]) == (
        "Tuesday evening",
        "Stairwell, Block C",
        "LS1 4AP",
    )
    given = {c["kind"]: (c["given"], c["party"]) for c in record["consents"]}
    assert given == {
        "contact": (True, "victim"),
        "share_with_police": (True, "victim"),
        "share_with_partners": (False, "victim"),
    }
    assert {c["recorded_by"] for c in record["consents"]} == {_staff_actor(intake)}
    [reporter] = record["contacts"]
    assert reporter["name"] == "Amina Khan" and reporter["email"] == "amina@example.org"
    assert reporter["safe_methods"] == ["phone", "email"] and reporter["safe_times"] == "Weekdays after 6pm"
    assert record["needs_review"] is False


def test_the_page_offers_now_as_the_start_and_refuses_a_start_in_the_future(
    intake: Intake, officer: FlaskClient
) -> None:
    assert 'value="2026-11-26T10:00"' in officer.get(URL).get_data(as_text=True)
    response = officer.post(URL, data=answers(started_at="2026-11-26T10:05"))
    assert response.status_code == 200
    assert "The time the call or visit began must be now or in the past" in text_of(response)
    assert 'href="#started_at"' in response.get_data(as_text=True)
    with intake.db.read() as session:
        assert session.scalars(select(Report)).all() == []


def test_each_missing_answer_is_named_in_the_error_summary(officer: FlaskClient) -> None:
    response = officer.post(URL, data={"submission_token": "t"})
    page = text_of(response)
    assert "There is a problem" in page
    for message in (
        "Select how the report was received",
        "Enter when the call or visit began, as a date and time",
        "Enter what happened",
        "Select an answer to: Was anyone injured?",
        "Select an answer to: Does the victim agree to us sharing this report with the police?",
    ):
        assert message in page


def test_pressing_the_button_twice_makes_one_report_and_keeps_the_form_as_received(
    staff_app: Flask, intake: Intake, officer: FlaskClient
) -> None:
    first = officer.post(URL, data=answers())
    second = officer.post(URL, data=answers())
    assert first.location == second.location
    with intake.db.read() as session:
        [item] = session.scalars(select(InboundItem)).all()
        assert (item.channel, item.key) == ("assisted", "form:token-1")
        raw = raw_of(intake.keyring, item)
        assert b"how_received=telephone" in raw and b"Amina+Khan" in raw
    assert len(exported(staff_app)) == 1


def test_a_third_party_gives_no_consent_for_the_victim_only_their_reported_wishes(
    staff_app: Flask, officer: FlaskClient
) -> None:
    """Policy 4.5: what a neighbour says the victim wants is not the victim's consent."""
    officer.post(URL, data=answers(reporter_role="third_party", victim_aware_and_agrees="not_known"))
    [record] = exported(staff_app)
    assert record["reporter_role"] == "third_party"
    assert all(not c["given"] and c["basis"] == "not_known" for c in record["consents"])  # issue 19: not known
    assert {c["kind"]: c["reported"] for c in record["consents"]}["share_with_police"] == "yes"
    assert record["needs_review"] is True
    [wishes] = record["review_reasons"]
    assert wishes.startswith("Consent not known (reported by a third party)")
    assert "share with police: would agree" in wishes and "multi agency panel: not asked" in wishes


def test_someone_else_reporting_must_say_whether_the_victim_knows(officer: FlaskClient) -> None:
    response = officer.post(URL, data=answers(reporter_role="witness"))
    assert "Select whether the victim knows about this report and agrees" in text_of(response)


def test_a_not_sure_safety_answer_is_kept_for_staff_to_see(staff_app: Flask, officer: FlaskClient) -> None:
    officer.post(URL, data=answers(injury="not_sure"))
    [record] = exported(staff_app)
    assert record["injury"] == "not_sure"  # issue 19: as said, not a no


def test_a_staff_recorded_report_round_trips_every_answer(staff_app: Flask, officer: FlaskClient) -> None:
    """Issue 19: what the caller said comes back out of ``flask export`` as said, like a web or partner report."""
    officer.post(URL, data=answers(threat_to_life="not_sure", children_affected="not_asked"))
    [record] = exported(staff_app)
    assert_round_trip(
        staff_app,
        record["reference"],
        {
            "channel": "assisted",
            "reporter_role": "victim",
            "injury": "no",
            "children_affected": "not_asked",
            "threat_to_life": "not_sure",
            "feels_unsafe_at_home": "no",
            "graffiti_to_remove": "yes",
            "damage_needing_repair": "not_asked",
            "responsible_known_to_victim": "yes",
            "responsible_lives_nearby": "yes",
            "responsible_is_tenant": "not_sure",
            "responsible_is_staff": "no",
            "responsible_description": "A man from the second floor",
            "occurred_text": "Tuesday evening",
            "location": "Stairwell, Block C",
            "postcode": "LS1 4AP",
            "characteristics": ["religion"],
            "incident_types": ["verbal_abuse", "graffiti_or_literature"],
            "consents": {
                ("contact", True, "own", None),
                ("share_with_police", True, "own", None),
                ("share_with_partners", False, "own", None),
            },
        },
    )


def test_the_staff_member_is_audited_as_recording_it(intake: Intake, officer: FlaskClient) -> None:
    officer.post(URL, data=answers())
    with intake.db.read() as session:
        actors = set(session.scalars(select(AuditEvent.actor).where(AuditEvent.report_id.is_not(None))))
    assert _staff_actor(intake) in actors


@pytest.mark.parametrize("role", ["triage_officer", "case_officer", "manager"])
def test_casework_roles_see_the_page_in_their_navigation(staff_app: Flask, intake: Intake, role: str) -> None:
    client, _ = client_for(staff_app, intake, role)
    queue = client.get("/staff/").get_data(as_text=True)
    assert f'href="{URL}"' in queue
    assert client.get(URL).status_code == 200


def test_an_admin_may_not_record_a_report(staff_app: Flask, intake: Intake) -> None:
    client, _ = client_for(staff_app, intake, "admin")
    assert client.get(URL).status_code == 403
    assert client.post(URL, data=answers()).status_code == 403


def _staff_actor(intake: Intake) -> str:
    from intake.case_tables import StaffUser

    with intake.db.read() as session:
        [user] = session.scalars(select(StaffUser)).all()
        return user.actor
