"""Work on a case: assessment, plan, works, referrals, messages, closing and reopening."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.case_tables import ActionPlan, Case, RiskAssessment
from intake.context import Intake
from intake.drafts import ConsentDraft, Contact, SafetyFlags
from intake.models import OutboxMessage, Report, Work
from tests.conftest import FixedClock
from tests.factories import submit
from tests.staff.conftest import Staff, client_for, page, sign_in


def _case(
    staff_app: Flask, intake: Intake, role: str = "case_officer", **fields: object
) -> tuple[FlaskClient, Staff, str]:
    reference = submit(intake, **fields).reference
    assert reference is not None
    client, me = client_for(staff_app, intake, role)
    assert client.post(f"/staff/reports/{reference}/accept").status_code == 302
    return client, me, reference


def test_risk_is_scored_from_the_configured_weights_and_high_risk_prompts_safeguarding(
    staff_app: Flask, intake: Intake
) -> None:
    client, _, reference = _case(staff_app, intake)
    assert "Does the victim feel unsafe in their home?" in page(client, f"/staff/cases/{reference}/risk-assessment")
    answers = {"answers": ["threats", "injury", "children"]}  # 5 + 4 + 3 = 12, at or above high (10)
    response = client.post(f"/staff/cases/{reference}/risk-assessment", data=answers, follow_redirects=True)
    assert "Risk assessed as high. Make a safeguarding referral (policy 4.4)." in response.get_data(as_text=True)
    assert "High risk: make a safeguarding referral" in page(client, f"/staff/cases/{reference}")
    referral = {"kind": "safeguarding_referral", "agency": "Adult social care", "detail": "Referred by phone"}
    client.post(f"/staff/cases/{reference}/actions", data=referral)
    assert "High risk: make a safeguarding referral" not in page(client, f"/staff/cases/{reference}")


def test_a_professional_judgement_override_needs_a_reason(staff_app: Flask, intake: Intake) -> None:
    client, _, reference = _case(staff_app, intake)
    no_reason = {"answers": ["isolated"], "override_level": "high"}
    page(client, f"/staff/cases/{reference}/risk-assessment", 400, method="post", data=no_reason)
    client.post(
        f"/staff/cases/{reference}/risk-assessment",
        data={**no_reason, "override_reason": "Disclosed further threats on the phone"},
    )
    with intake.db.read() as session:
        assessment = session.scalars(select(RiskAssessment)).one()
    assert (assessment.score, assessment.scored_level, assessment.level) == (2, "standard", "high")


def test_an_action_plan_names_an_officer_and_a_contact_frequency(staff_app: Flask, intake: Intake) -> None:
    client, me, reference = _case(staff_app, intake)
    plan = {"officer": me.id, "frequency": "weekly", "actions": "Visit, fit door camera"}
    assert client.post(f"/staff/cases/{reference}/action-plan", data=plan).status_code == 302
    assert "Case Officer, contact weekly: Visit, fit door camera" in page(client, f"/staff/cases/{reference}")
    with intake.db.read() as session:
        assert session.scalars(select(ActionPlan.officer_id)).one() == me.id


def test_graffiti_removal_done_within_24_hours_is_on_time(staff_app: Flask, intake: Intake, clock: FixedClock) -> None:
    client, me, reference = _case(staff_app, intake, safety=SafetyFlags(graffiti_to_remove=True))
    with intake.db.read() as session:
        work = session.scalars(select(Work)).one()
    clock.advance(hours=23)
    sign_in(client, intake, me)  # hours later: the session has ended (issue 10), so sign in again
    response = client.post(f"/staff/cases/{reference}/works/{work.id}/done", follow_redirects=True)
    assert "Works recorded as done within 24 hours." in response.get_data(as_text=True)
    client.post(f"/staff/cases/{reference}/works", data={"kind": "emergency_repair"})
    with intake.db.read() as session:
        repair = session.scalars(select(Work).where(Work.kind == "emergency_repair")).one()
    assert repair.due == clock.now + timedelta(hours=24)  # policy 4.10
    clock.advance(hours=25)
    sign_in(client, intake, me)
    late = client.post(f"/staff/cases/{reference}/works/{repair.id}/done", follow_redirects=True)
    assert "after they were due" in late.get_data(as_text=True)


def test_the_reporter_is_messaged_only_by_a_method_they_marked_safe(staff_app: Flask, intake: Intake) -> None:
    reporter = Contact(phone="+447700900123", email="amina@example.org", safe_methods=("email",), message_safe=True)
    client, _, reference = _case(staff_app, intake, reporter=reporter)
    form = page(client, f"/staff/cases/{reference}/message")
    assert "Reporter by email" in form and "Reporter by sms" not in form
    with intake.db.read() as session:
        party_id = session.scalars(select(Report)).one().parties[0].id
    refused = {"route": f"{party_id}:sms", "text": "Can we call you?"}
    page(client, f"/staff/cases/{reference}/message", 400, method="post", data=refused)
    client.post(f"/staff/cases/{reference}/message", data={"route": f"{party_id}:email", "text": "Can we call you?"})
    with intake.db.read() as session:
        sent = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "staff_message")).all()
    assert [(m.method, m.recipient) for m in sent] == [("email", "amina@example.org")]
    assert "Message to the reporter by email: Can we call you? Queued" in page(client, f"/staff/cases/{reference}")


def test_no_message_link_when_nothing_was_marked_safe(staff_app: Flask, intake: Intake) -> None:
    client, _, reference = _case(staff_app, intake, reporter=Contact(phone="+447700900123"))
    assert "Text or email the reporter" not in page(client, f"/staff/cases/{reference}")


def test_closing_needs_an_outcome_and_a_rationale_and_a_case_can_be_reopened(staff_app: Flask, intake: Intake) -> None:
    client, _, reference = _case(staff_app, intake)
    page(client, f"/staff/cases/{reference}/close", 400, method="post", data={"outcome": "resolved"})
    closing = {"outcome": "resolved", "rationale": "Perpetrator moved; victim feels safe"}
    assert client.post(f"/staff/cases/{reference}/close", data=closing).status_code == 302
    assert reference not in page(client, "/staff/")
    text = page(client, f"/staff/cases/{reference}")
    assert "Closed: Resolved" in text and "Perpetrator moved; victim feels safe" in text
    page(client, f"/staff/cases/{reference}/works", 400, method="post", data={"kind": "graffiti_removal"})
    client.post(f"/staff/cases/{reference}/reopen", data={"reason": "Graffiti is back"})
    assert reference in page(client, "/staff/")
    with intake.db.read() as session:
        assert session.scalars(select(Case.status)).one() == "open"


def test_notes_and_contacts_are_logged_with_who_and_when(staff_app: Flask, intake: Intake) -> None:
    client, _, reference = _case(staff_app, intake, role="triage_officer")
    client.post(
        f"/staff/cases/{reference}/notes", data={"kind": "contact", "method": "phone", "text": "Spoke to victim"}
    )
    client.post(f"/staff/cases/{reference}/notes", data={"kind": "note", "text": "Neighbour also affected"})
    text = page(client, f"/staff/cases/{reference}")
    assert "contact (phone): Spoke to victim" in text and "note: Neighbour also affected" in text


def test_reporter_words_are_shown_escaped(staff_app: Flask, intake: Intake) -> None:
    reference = submit(intake, description="<script>alert(1)</script> they shouted").reference
    client, _ = client_for(staff_app, intake, "triage_officer")
    body = client.get(f"/staff/reports/{reference}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; they shouted" in body and "<script>alert(1)" not in body


def test_free_text_reports_get_suggestions_that_staff_confirm(staff_app: Flask, intake: Intake) -> None:
    reference = submit(intake, channel="sms", description="Racist graffiti sprayed on my door again").reference
    client, _ = client_for(staff_app, intake, "triage_officer")
    text = page(client, f"/staff/reports/{reference}")
    assert "These are suggestions from a word list, not decisions." in text
    assert "Characteristics: Race" in text and "Graffiti or literature" in text
    with intake.db.read() as session:
        assert session.scalars(select(Report.characteristics)).one() == []  # nothing applied by itself
    chosen = {"characteristics": ["race"], "incident_types": ["graffiti_or_literature", "vandalism_or_arson"]}
    client.post(f"/staff/reports/{reference}/classification", data=chosen)
    with intake.db.read() as session:
        report = session.scalars(select(Report)).one()
    assert (report.characteristics, report.incident_types) == (
        ["race"],
        ["graffiti_or_literature", "vandalism_or_arson"],
    )


def test_raw_input_of_a_report_needing_review_is_shown_decoded(staff_app: Flask, intake: Intake) -> None:
    raw = "From: someone@example.org\r\nSubject: help\r\nContent-Type: text/plain; charset=utf-8\r\n"
    raw += "Content-Transfer-Encoding: quoted-printable\r\n\r\nThey wrote =C2=A3 on the wall\r\n"
    from intake.drafts import Inbound, ReportDraft
    from intake.services import submit_report

    draft = ReportDraft(
        inbound=Inbound("email", "mbox:1:1", raw.encode(), "message/rfc822"),
        description="",
        review_reasons=("no description could be read",),
    )
    reference = submit_report(intake, draft).reference
    client, _ = client_for(staff_app, intake, "triage_officer")
    text = page(client, f"/staff/reports/{reference}")
    assert "no description could be read" in text and "They wrote £ on the wall" in text


EMAIL_SAFE = Contact(email="amina@example.org", safe_methods=("email",), message_safe=True)


@pytest.mark.parametrize(
    ("reporter", "consents"),
    [
        (Contact(email="amina@example.org", safe_methods=("email",)), ()),  # never said a message is safe
        (Contact(email="amina@example.org", safe_methods=("email",), message_safe=False), ()),
        (EMAIL_SAFE, (ConsentDraft(kind="contact", given=False, party="reporter"),)),  # refused contact
    ],
)
def test_no_message_unless_a_message_is_safe_and_contact_was_not_refused(
    staff_app: Flask, intake: Intake, reporter: Contact, consents: tuple[ConsentDraft, ...]
) -> None:
    client, _, reference = _case(staff_app, intake, reporter=reporter, consents=consents)
    assert "Text or email the reporter" not in page(client, f"/staff/cases/{reference}")
    with intake.db.read() as session:
        party_id = session.scalars(select(Report)).one().parties[0].id
    attempt = {"route": f"{party_id}:email", "text": "Can we call you?"}
    page(client, f"/staff/cases/{reference}/message", 400, method="post", data=attempt)
    with intake.db.read() as session:
        assert session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "staff_message")).all() == []


def test_the_contact_log_shows_whether_each_message_was_queued_sent_or_failed(staff_app: Flask, intake: Intake) -> None:
    client, _, reference = _case(staff_app, intake, reporter=EMAIL_SAFE)
    with intake.db.read() as session:
        route = f"{session.scalars(select(Report)).one().parties[0].id}:email"
    for words in ("First message", "Second message"):
        client.post(f"/staff/cases/{reference}/message", data={"route": route, "text": words})
    assert "First message Queued" in page(client, f"/staff/cases/{reference}")
    with intake.db.begin() as session:  # what the outbox worker records after trying each
        first, second = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        first.status, second.status = "sent", "failed"
    log = page(client, f"/staff/cases/{reference}")
    assert "First message Sent" in log and "Second message Failed: not delivered" in log


def test_a_staff_message_has_a_length_limit_with_a_counter_and_the_server_refuses_more(
    staff_app: Flask, intake: Intake
) -> None:
    client, _, reference = _case(staff_app, intake, reporter=EMAIL_SAFE)
    form = client.get(f"/staff/cases/{reference}/message").get_data(as_text=True)
    assert 'data-module="govuk-character-count"' in form and 'data-maxlength="918"' in form
    with intake.db.read() as session:
        route = f"{session.scalars(select(Report)).one().parties[0].id}:email"
    too_long = {"route": route, "text": "x" * 919}
    refused = page(client, f"/staff/cases/{reference}/message", 400, method="post", data=too_long)
    assert "918 characters or fewer" in refused
    with intake.db.read() as session:
        assert session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "staff_message")).all() == []
