"""Decisions on reports and cases, through the pages staff use, as the policy requires them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import select

from intake.case_tables import Case, CaseReport, CategoryDecision, Disclosure
from intake.context import Intake
from intake.drafts import AttachmentDraft, ConsentDraft, Contact, ResponsiblePerson
from intake.models import AuditEvent, Consent, Report
from tests.conftest import FixedClock
from tests.factories import submit
from tests.staff.conftest import client_for, page, sign_in


def _report(intake: Intake, **fields: object) -> str:
    reference = submit(intake, **fields).reference
    assert reference is not None
    return reference


def _case(intake: Intake, reference: str) -> Case:
    with intake.db.read() as session:
        return session.scalars(select(Case).where(Case.reference == reference)).one()


def test_accepting_a_report_opens_a_case_in_the_serious_high_risk_category(staff_app: Flask, intake: Intake) -> None:
    reference = _report(intake)
    client, _ = client_for(staff_app, intake, "triage_officer")
    response = client.post(f"/staff/reports/{reference}/accept")
    assert response.headers["Location"] == f"/staff/cases/{reference}"
    text = page(client, f"/staff/cases/{reference}")
    assert "ASB serious/high-risk" in text  # policy 4.3: the default on acceptance
    assert _case(intake, reference).category == "asb_serious_high_risk"


def test_police_report_is_refused_without_the_victims_consent(staff_app: Flask, intake: Intake) -> None:
    reference = _report(intake)
    officer, _ = client_for(staff_app, intake, "case_officer")
    officer.post(f"/staff/reports/{reference}/accept")
    share = {"kind": "police_report", "recipient": "Police", "what": "The report", "why": "To investigate"}
    text = page(officer, f"/staff/cases/{reference}/disclosures", 400, method="post", data=share)
    assert "has not given consent" in text  # policy 5.3
    officer_with_reason = {**share, "safeguarding_reason": "Risk to children"}
    page(officer, f"/staff/cases/{reference}/disclosures", 400, method="post", data=officer_with_reason)
    with intake.db.read() as session:
        assert session.scalars(select(Disclosure)).all() == []


def test_a_manager_with_a_safeguarding_reason_may_report_to_the_police_without_consent(
    staff_app: Flask, intake: Intake
) -> None:
    reference = _report(intake)
    manager, me = client_for(staff_app, intake, "manager")
    manager.post(f"/staff/reports/{reference}/accept")
    share = {
        "kind": "police_report",
        "recipient": "Greater Manchester Police",
        "what": "Description and address",
        "why": "Threats to children",
        "safeguarding_reason": "Children at risk of harm (policy 5.4)",
    }
    response = manager.post(f"/staff/cases/{reference}/disclosures", data=share)
    assert response.status_code == 302
    with intake.db.read() as session:
        logged = session.scalars(select(Disclosure)).one()
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "disclosed")).one()
    assert (logged.recipient, logged.what, logged.why, logged.basis) == (
        "Greater Manchester Police",
        "Description and address",
        "Threats to children",
        "safeguarding",
    )
    assert event.actor == f"staff:{me.id}" and "Threats" not in str(event.detail)


def test_the_victims_recorded_consent_opens_the_gate_and_its_withdrawal_closes_it(
    staff_app: Flask, intake: Intake
) -> None:
    consent = ConsentDraft(kind="share_with_police", given=True)
    reference = _report(intake, reporter_role="victim", consents=(consent,))
    officer, _ = client_for(staff_app, intake, "case_officer")
    officer.post(f"/staff/reports/{reference}/accept")
    share = {"kind": "police_report", "recipient": "Police", "what": "The report", "why": "Victim asked us to"}
    assert officer.post(f"/staff/cases/{reference}/disclosures", data=share).status_code == 302
    officer.post(f"/staff/cases/{reference}/consent", data={"kind": "share_with_police", "given": "no"})
    with intake.db.read() as session:
        assert session.scalars(select(Consent).where(Consent.given)).one().withdrawn_at is not None
    page(officer, f"/staff/cases/{reference}/disclosures", 400, method="post", data=share)


def test_a_downgrade_without_a_reason_is_refused(staff_app: Flask, intake: Intake) -> None:
    reference = _report(intake)
    manager, _ = client_for(staff_app, intake, "manager")
    manager.post(f"/staff/reports/{reference}/accept")
    no_reason = {"to_category": "not_asb", "explanation": "Not a hate incident"}
    page(manager, f"/staff/cases/{reference}/category", 400, method="post", data=no_reason)
    made_up = {**no_reason, "reason": "officer_disagrees"}
    page(manager, f"/staff/cases/{reference}/category", 400, method="post", data=made_up)
    assert _case(intake, reference).category == "asb_serious_high_risk"  # policy 4.3


def test_a_case_officers_downgrade_waits_for_a_managers_approval(staff_app: Flask, intake: Intake) -> None:
    reference = _report(intake)
    officer, _ = client_for(staff_app, intake, "case_officer")
    officer.post(f"/staff/reports/{reference}/accept")
    request = {"to_category": "asb_standard", "reason": "proven_otherwise", "explanation": "CCTV shows otherwise"}
    officer.post(f"/staff/cases/{reference}/category", data=request)
    assert _case(intake, reference).category == "asb_serious_high_risk"
    assert "Waiting for a manager" in page(officer, f"/staff/cases/{reference}")
    manager, _ = client_for(staff_app, intake, "manager")
    assert "Approve the change" in page(manager, f"/staff/cases/{reference}")
    assert "Approve the change" not in page(officer, f"/staff/cases/{reference}")
    with intake.db.read() as session:
        pending = session.scalars(select(CategoryDecision)).one()
    officer_approval = officer.post(f"/staff/cases/{reference}/category/{pending.id}/approve")
    assert officer_approval.status_code == 403
    manager.post(f"/staff/cases/{reference}/category/{pending.id}/approve")
    assert _case(intake, reference).category == "asb_standard"
    with intake.db.read() as session:
        assert session.scalars(select(Report.category)).one() == "asb_standard"


def test_two_reports_of_one_incident_from_two_channels_become_one_case(staff_app: Flask, intake: Intake) -> None:
    victim = _report(intake, channel="web", reporter_role="victim", postcode="M14 5TQ")
    witness = _report(intake, channel="sms", reporter_role="witness", postcode="M14 5TQ")
    client, _ = client_for(staff_app, intake, "triage_officer")
    client.post(f"/staff/reports/{victim}/accept")
    assert f"{victim} : same postcode within 14 days" in page(client, f"/staff/reports/{witness}")
    response = client.post(f"/staff/reports/{witness}/link", data={"case_reference": victim.lower()})
    assert response.headers["Location"] == f"/staff/cases/{victim}"
    text = page(client, f"/staff/cases/{victim}")
    assert victim in text and witness in text and "SMS, witness" in text
    with intake.db.read() as session:
        assert {link.report_id for link in session.scalars(select(CaseReport))} == set(
            session.scalars(select(Report.id))
        )
    assert "Repeat" in page(client, "/staff/")


def test_first_response_on_time_is_met(staff_app: Flask, intake: Intake, clock: FixedClock) -> None:
    reference = _report(intake)  # Thursday 10:00: due Friday 17:00 (policy 4.1)
    client, me = client_for(staff_app, intake, "triage_officer")
    clock.now = datetime(2026, 11, 27, 16, 59, tzinfo=UTC)
    sign_in(client, intake, me)  # hours later: the session has ended (issue 10), so sign in again
    response = client.post(
        f"/staff/reports/{reference}/first-response", data={"contact": "made", "method": "phone"}, follow_redirects=True
    )
    assert "First response recorded: on time." in response.get_data(as_text=True)
    assert "Responded" in page(client, "/staff/")


def test_first_response_after_the_working_day_is_missed(staff_app: Flask, intake: Intake, clock: FixedClock) -> None:
    reference = _report(intake)
    client, me = client_for(staff_app, intake, "triage_officer")
    clock.now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Monday: Friday's close of business has passed
    sign_in(client, intake, me)  # hours later: the session has ended (issue 10), so sign in again
    assert "overdue by" in page(client, "/staff/")
    response = client.post(
        f"/staff/reports/{reference}/first-response",
        data={"contact": "attempted", "method": "sms"},
        follow_redirects=True,
    )
    assert "First response recorded: after it was due." in response.get_data(as_text=True)
    client.post(f"/staff/reports/{reference}/accept")
    assert "first response missed (attempted by sms)" in page(client, f"/staff/cases/{reference}")
    second = client.post(f"/staff/reports/{reference}/first-response", data={"contact": "made", "method": "phone"})
    assert second.status_code == 400  # recorded once


def test_restricted_reports_are_hidden_from_a_triage_officer(staff_app: Flask, intake: Intake) -> None:
    restricted = _report(intake, responsible=ResponsiblePerson(is_staff=True))  # policy 4.11
    ordinary = _report(intake)
    triage, _ = client_for(staff_app, intake, "triage_officer")
    queue = page(triage, "/staff/")
    assert ordinary in queue and restricted not in queue
    page(triage, f"/staff/reports/{restricted}", 404)
    page(triage, f"/staff/reports/{restricted}/first-response", 404)
    manager, _ = client_for(staff_app, intake, "manager")
    assert restricted in page(manager, "/staff/")
    assert "Restricted" in page(manager, f"/staff/reports/{restricted}")


def test_every_view_download_and_export_is_in_the_audit_log(staff_app: Flask, intake: Intake) -> None:
    reference = _report(
        intake,
        reporter=Contact(name="Amina", phone="+447700900123"),
        attachments=(AttachmentDraft("photo.jpg", b"\xff\xd8\xff\xe0 not really a jpeg"),),
    )
    client, me = client_for(staff_app, intake, "case_officer")
    page(client, "/staff/")
    page(client, f"/staff/reports/{reference}")
    client.post(f"/staff/reports/{reference}/accept")
    page(client, f"/staff/cases/{reference}")
    with intake.db.read() as session:
        attachment_id = session.scalars(select(Report)).one().attachments[0].id
    download = client.get(f"/staff/reports/{reference}/attachments/{attachment_id}")
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.mimetype == "application/octet-stream"  # never rendered inline
    export = client.get(f"/staff/cases/{reference}/export")
    assert export.json is not None and export.json["case"]["reference"] == reference
    with intake.db.read() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.actor == f"staff:{me.id}")).all()
    actions = [event.action for event in events]
    for action in (
        "queue_viewed",
        "report_viewed",
        "accepted_into_case",
        "case_viewed",
        "attachment_downloaded",
        "case_exported",
    ):
        assert action in actions
    assert all("Amina" not in str(event.detail) and "+4477" not in str(event.detail) for event in events)


@pytest.mark.parametrize(
    ("kind", "consent"),
    [("multi_agency_panel", "multi_agency_panel"), ("partner_sharing", "share_with_partners")],
)
def test_panel_referrals_and_partner_sharing_each_need_their_own_consent(
    staff_app: Flask, intake: Intake, kind: str, consent: str
) -> None:
    police_only = ConsentDraft(kind="share_with_police", given=True)
    reference = _report(intake, reporter_role="victim", consents=(police_only,))
    officer, _ = client_for(staff_app, intake, "case_officer")
    officer.post(f"/staff/reports/{reference}/accept")
    share = {"kind": kind, "recipient": "Community safety panel", "what": "Summary", "why": "Coordinated support"}
    page(officer, f"/staff/cases/{reference}/disclosures", 400, method="post", data=share)  # policy 5.2, 5.4
    officer.post(f"/staff/cases/{reference}/consent", data={"kind": consent, "given": "yes"})
    assert officer.post(f"/staff/cases/{reference}/disclosures", data=share).status_code == 302
    with intake.db.read() as session:
        assert [(d.kind, d.basis) for d in session.scalars(select(Disclosure))] == [(kind, "consent")]


def test_a_restricted_reports_attachment_is_not_served_to_a_triage_officer(staff_app: Flask, intake: Intake) -> None:
    reference = _report(
        intake, responsible=ResponsiblePerson(is_staff=True), attachments=(AttachmentDraft("note.txt", b"evidence"),)
    )
    with intake.db.read() as session:
        attachment_id = session.scalars(select(Report)).one().attachments[0].id
    triage, _ = client_for(staff_app, intake, "triage_officer")
    assert triage.get(f"/staff/reports/{reference}/attachments/{attachment_id}").status_code == 404
    manager, _ = client_for(staff_app, intake, "manager")
    assert manager.get(f"/staff/reports/{reference}/attachments/{attachment_id}").data == b"evidence"


def test_destroying_a_case_s_keys_removes_the_files_only_it_held_and_their_download_is_gone(
    staff_app: Flask, intake: Intake
) -> None:
    shared = b"\xff\xd8 a photo also sent with another report"
    reference = _report(
        intake,
        attachments=(AttachmentDraft("door.jpg", b"\xff\xd8 only this case's photo"), AttachmentDraft("a.jpg", shared)),
    )
    other = _report(intake, attachments=(AttachmentDraft("b.jpg", shared),))
    client, _ = client_for(staff_app, intake, "case_officer")
    client.post(f"/staff/reports/{reference}/accept")
    with intake.db.read() as session:
        mine, theirs = (
            [
                (a.id, a.storage_name)
                for a in session.scalars(select(Report).where(Report.reference == ref)).one().attachments
            ]
            for ref in (reference, other)
        )
    (only_mine_id, only_mine), (shared_id, shared_name) = mine
    assert theirs[0][1] == shared_name  # the same bytes: one file, held by both reports

    result = staff_app.test_cli_runner().invoke(args=["destroy-data-key", "--case", reference, "--yes"])

    assert result.exit_code == 0, result.output
    assert "removed 1 attachment files only it held" in result.output
    assert not intake.attachments.exists(only_mine) and intake.attachments.exists(shared_name)
    for attachment_id in (only_mine_id, shared_id):
        assert client.get(f"/staff/reports/{reference}/attachments/{attachment_id}").status_code == 410
    assert "the file was removed when the key for this report" in page(client, f"/staff/reports/{reference}")
    assert client.get(f"/staff/reports/{other}/attachments/{theirs[0][0]}").data == shared  # the other report's
