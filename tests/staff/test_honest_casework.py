"""What staff record is what happened (issue 19 items 3 and 4): an honest first response when
nobody can be contacted, and a case that closes only when its work is done."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.case_tables import Case, FirstResponse
from intake.context import Intake
from intake.drafts import Contact, SafetyFlags
from intake.models import Work
from tests.factories import submit
from tests.staff.conftest import Staff, client_for, make_staff, page


def _reference(intake: Intake, **fields: object) -> str:
    reference = submit(intake, **fields).reference
    assert reference is not None
    return reference


def _case(
    staff_app: Flask, intake: Intake, role: str = "case_officer", **fields: object
) -> tuple[FlaskClient, Staff, str]:
    reference = _reference(intake, **fields)
    client, me = client_for(staff_app, intake, role)
    assert client.post(f"/staff/reports/{reference}/accept").status_code == 302
    return client, me, reference


CLOSING = {"outcome": "resolved", "rationale": "Graffiti gone; victim feels safe"}


def test_an_anonymous_report_is_offered_no_contact_methods_and_records_no_safe_way(
    staff_app: Flask, intake: Intake
) -> None:
    reference = _reference(intake, reporter=Contact(anonymous=True))
    client, _ = client_for(staff_app, intake, "case_officer")
    form = page(client, f"/staff/reports/{reference}/first-response")
    assert "Reviewed; no safe way to contact" in form
    assert "Letter" not in form and "Phone" not in form and "Attempted" not in form
    letter = {"contact": "made", "method": "letter"}
    page(client, f"/staff/reports/{reference}/first-response", 400, method="post", data=letter)
    nothing_done = page(
        client, f"/staff/reports/{reference}/first-response", 400, method="post", data={"contact": "no_safe_way"}
    )
    assert "Say what was done instead of contact" in nothing_done  # the error names its field
    instead = {"contact": "no_safe_way", "instead": "Graffiti removal ordered; police informed with consent"}
    done = client.post(f"/staff/reports/{reference}/first-response", data=instead, follow_redirects=True)
    assert "First response recorded: on time." in done.get_data(as_text=True)
    assert "Responded" in page(client, "/staff/")  # the clock has stopped
    client.post(f"/staff/reports/{reference}/accept")
    case_page = page(client, f"/staff/cases/{reference}")
    assert "reviewed; no safe way to contact; instead: Graffiti removal ordered" in case_page
    exported = client.get(f"/staff/cases/{reference}/export").json
    assert exported is not None and exported["first_responses"][0]["contact"] == "no_safe_way"
    with intake.db.read() as session:
        recorded = session.scalars(select(FirstResponse)).one()
    assert (recorded.contact, recorded.method) == ("no_safe_way", "none")


def test_a_contactable_report_offers_only_the_ways_marked_safe(staff_app: Flask, intake: Intake) -> None:
    reporter = Contact(phone="+447700900123", safe_methods=("phone",))
    reference = _reference(intake, reporter=reporter)
    client, _ = client_for(staff_app, intake, "triage_officer")
    form = page(client, f"/staff/reports/{reference}/first-response")
    assert "Phone" in form and "Letter" not in form and "no safe way" not in form
    missing = page(client, f"/staff/reports/{reference}/first-response", 400, method="post", data={})
    assert "Say whether contact was made or attempted" in missing
    assert "Choose how contact was made or attempted" in missing
    made = {"contact": "made", "method": "phone"}
    assert client.post(f"/staff/reports/{reference}/first-response", data=made).status_code == 302


def test_a_case_cannot_close_while_works_are_outstanding(staff_app: Flask, intake: Intake) -> None:
    client, _, reference = _case(staff_app, intake, safety=SafetyFlags(graffiti_to_remove=True))
    empty = page(client, f"/staff/cases/{reference}/close", 400, method="post", data={})
    assert "Choose the outcome" in empty and "Say why the case can be closed" in empty  # each error names its field
    refused = page(client, f"/staff/cases/{reference}/close", 400, method="post", data=CLOSING)
    assert "Works are outstanding on this case" in refused
    with intake.db.read() as session:
        work = session.scalars(select(Work)).one()
        assert session.scalars(select(Case.status)).one() == "open"
    page(client, f"/staff/cases/{reference}/works/{work.id}/cancel", 400, method="post", data={"reason": " "})
    cancel = {"reason": "The council painted over it first"}
    assert client.post(f"/staff/cases/{reference}/works/{work.id}/cancel", data=cancel).status_code == 302
    assert "cancelled" in page(client, f"/staff/cases/{reference}")
    exported = client.get(f"/staff/cases/{reference}/export").json
    assert exported is not None and exported["works"][0]["cancel_reason"] == "The council painted over it first"
    assert client.post(f"/staff/cases/{reference}/close", data=CLOSING).status_code == 302


def test_an_immediate_case_without_a_risk_assessment_closes_only_on_a_managers_reason(
    staff_app: Flask, intake: Intake
) -> None:
    client, _, reference = _case(staff_app, intake, safety=SafetyFlags(feels_unsafe_at_home=True))
    refused = page(client, f"/staff/cases/{reference}/close", 400, method="post", data=CLOSING)
    assert "no risk assessment" in refused
    manager, _ = client_for(staff_app, intake, "manager")
    page(manager, f"/staff/cases/{reference}/close", 400, method="post", data=CLOSING)
    override = {**CLOSING, "override": "Victim moved away; assessed by the new landlord"}
    assert manager.post(f"/staff/cases/{reference}/close", data=override).status_code == 302
    assert "Closed without a risk assessment: Victim moved away" in page(manager, f"/staff/cases/{reference}")


def test_an_immediate_case_with_a_risk_assessment_closes(staff_app: Flask, intake: Intake) -> None:
    client, _, reference = _case(staff_app, intake, safety=SafetyFlags(feels_unsafe_at_home=True))
    client.post(f"/staff/cases/{reference}/risk-assessment", data={"answers": ["unsafe_at_home"]})
    assert client.post(f"/staff/cases/{reference}/close", data=CLOSING).status_code == 302


def test_a_closed_case_shows_no_clock_as_due(staff_app: Flask, intake: Intake) -> None:
    client, _, reference = _case(staff_app, intake)
    assert client.post(f"/staff/cases/{reference}/close", data=CLOSING).status_code == 302
    for url in (f"/staff/cases/{reference}", f"/staff/reports/{reference}", "/staff/?status=closed"):
        text = page(client, url)
        assert "due in" not in text and "overdue by" not in text, url


def test_accepting_assigns_the_case_to_the_officer_who_accepted_it(staff_app: Flask, intake: Intake) -> None:
    client, me, reference = _case(staff_app, intake, role="case_officer")
    with intake.db.read() as session:
        assert session.scalars(select(Case.officer_id)).one() == me.id
    assert "Case officer Case Officer" in page(client, f"/staff/cases/{reference}")


def test_a_triage_officer_accepting_is_asked_who_will_handle_the_case(staff_app: Flask, intake: Intake) -> None:
    officer = make_staff(intake, "case_officer", "Priya Shah")
    reference = _reference(intake)
    client, _ = client_for(staff_app, intake, "triage_officer")
    assert "Who will handle the case?" in page(client, f"/staff/reports/{reference}")
    assert client.post(f"/staff/reports/{reference}/accept", data={"officer": officer.id}).status_code == 302
    assert "Case officer Priya Shah" in page(client, f"/staff/cases/{reference}")
