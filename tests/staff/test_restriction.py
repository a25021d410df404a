"""Policy 4.11 all the way (issue 10, item 4): a manager restricts any report and lifts it with a
reason, and a restricted report's reference reaches no one else: not through its case, a report
that quoted it, or a "not found" that differs from a report that does not exist."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.case_tables import CategoryDecision
from intake.casework import decisions as services
from intake.context import Intake
from intake.drafts import AttachmentDraft, ResponsiblePerson, SafetyFlags
from intake.models import Attachment, AuditEvent, Report, Work
from tests.factories import submit
from tests.staff.conftest import client_for, make_staff, page, text_of

MISSING = "HPG-ABCD-EFGH"  # well formed, no such report


def _reference(intake: Intake, **fields: Any) -> str:
    reference = submit(intake, **fields).reference
    assert reference is not None
    return reference


def test_a_manager_restricts_a_texted_report_and_lifts_it_only_with_a_reason(staff_app: Flask, intake: Intake) -> None:
    reference = _reference(intake, channel="sms", description="The man upstairs keeps calling me names")
    triage, _ = client_for(staff_app, intake, "triage_officer")
    assert triage.post(f"/staff/reports/{reference}/restrict").status_code == 403
    manager, me = client_for(staff_app, intake, "manager")
    assert "Restrict to managers" in page(manager, f"/staff/reports/{reference}")
    assert manager.post(f"/staff/reports/{reference}/restrict").status_code == 302
    assert "Restricted: the person responsible" in page(manager, f"/staff/reports/{reference}")
    page(triage, f"/staff/reports/{reference}", 404)
    assert reference not in page(triage, "/staff/")
    page(manager, f"/staff/reports/{reference}/lift-restriction", 400, method="post", data={"reason": " "})
    page(triage, f"/staff/reports/{reference}", 404)
    lifting = {"reason": "The caretaker works for a contractor, not for us"}
    assert manager.post(f"/staff/reports/{reference}/lift-restriction", data=lifting).status_code == 302
    assert reference in page(triage, "/staff/")
    assert lifting["reason"] in page(triage, f"/staff/reports/{reference}")
    with intake.db.read() as session:
        events = session.scalars(select(AuditEvent.action).where(AuditEvent.actor == me.user.actor)).all()
    assert {"report_restricted", "restriction_lifted"} <= set(events)


def test_a_case_holding_a_restricted_report_shows_its_other_reports_without_its_reference(
    staff_app: Flask, intake: Intake
) -> None:
    restricted = _reference(intake, responsible=ResponsiblePerson(is_staff=True))
    ordinary = _reference(intake, possibly_related_reference=restricted)
    manager = make_staff(intake, "manager", "Case Manager").user
    services.accept_into_case(intake, manager, restricted)
    triage, _ = client_for(staff_app, intake, "triage_officer")
    before = page(triage, f"/staff/reports/{ordinary}")
    assert restricted not in before  # the report it quoted is restricted
    services.link_to_case(intake, manager, ordinary, restricted)
    text = page(triage, f"/staff/reports/{ordinary}")
    assert restricted not in text and "Part of a case restricted to managers" in text
    refused = page(triage, f"/staff/reports/{ordinary}/accept", 400, method="post")
    assert restricted not in refused and "already part of a case" in refused


def _restricted_case(intake: Intake) -> dict[str, Any]:
    """A restricted report with an attachment, in a case with works and a category decision."""
    reference = _reference(
        intake,
        responsible=ResponsiblePerson(is_staff=True),
        safety=SafetyFlags(graffiti_to_remove=True),
        attachments=(AttachmentDraft("photo.txt", b"a photo"),),
    )
    manager = make_staff(intake, "manager", "Walk Manager").user
    services.accept_into_case(intake, manager, reference)
    services.request_category_change(intake, manager, reference, "asb_standard", "proven_otherwise", "Shown.")
    with intake.db.read() as session:
        return {
            "reference": reference,
            "attachment_id": session.scalars(select(Attachment.id)).one(),
            "work_id": session.scalars(select(Work.id)).one(),
            "decision_id": session.scalars(select(CategoryDecision.id)).one(),
            "inferred_id": 1,  # any: the reference alone decides the answer
        }


def _answer(client: FlaskClient, method: str, url: str, reference: str) -> tuple[int, str, str]:
    response = client.open(url, method=method, data={})
    location = response.headers.get("Location", "")
    return response.status_code, location.replace(reference, "REF"), text_of(response).replace(reference, "REF")


@pytest.mark.parametrize("role", ["triage_officer", "case_officer"])
def test_a_restricted_reference_answers_every_staff_route_as_a_missing_one_does(
    staff_app: Flask, intake: Intake, role: str
) -> None:
    values = _restricted_case(intake)
    client, me = client_for(staff_app, intake, role)
    rules = [r for r in staff_app.url_map.iter_rules() if "reference" in r.arguments]
    assert len(rules) >= 20
    for rule in rules:
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            with staff_app.test_request_context():
                restricted = url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
                missing = url_for(rule.endpoint, **{**values, "reference": MISSING})
            seen = _answer(client, method, restricted, values["reference"])
            assert seen == _answer(client, method, missing, MISSING), (method, rule.rule)
    with intake.db.read() as session:
        assert session.scalars(select(Report.restricted)).one()
        touched = session.scalars(select(AuditEvent).where(AuditEvent.actor == me.user.actor)).all()
    assert all(event.report_id is None and "case_id" not in event.detail for event in touched)


def test_a_reason_with_a_nul_byte_is_kept_on_both_databases(staff_app: Flask, intake: Intake) -> None:
    """A pasted NUL byte is no reason to lose a manager's words: PostgreSQL refuses it in text, so it is replaced."""
    reference = _reference(intake, responsible=ResponsiblePerson(is_staff=True))
    manager, _ = client_for(staff_app, intake, "manager")
    lifting = {"reason": "Not staff\x00 a contractor"}
    assert manager.post(f"/staff/reports/{reference}/lift-restriction", data=lifting).status_code == 302
    with intake.db.read() as session:
        kept = session.scalars(select(Report.restriction_lifted_reason)).one()
    assert kept == "Not staff\ufffd a contractor"
