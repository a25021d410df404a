"""A partner's messages on a report, and staff's answers to it, in one history on the report's portal page.

Staff answer a reporting partner through the case's "Text or email the reporter" page, by email to
the partner's user who made the report; the partner reads it in the portal too (policy 4.5). What
a victim sends on the same report is between the victim and the landlord (policy 7.1).
"""

from __future__ import annotations

import io
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake import services as core_services
from intake.casework import decisions as services
from intake.context import Intake
from intake.drafts import Inbound, MessageDraft
from intake.models import OutboxMessage, Report
from tests.conftest import FixedClock
from tests.partner.support import ON_BEHALF, csrf_token, make_organisation, make_partner_user, page, post_form, sign_in
from tests.staff.conftest import text_of
from tests.staff.partner_admin_support import staff_client

AMY = "amy@eastside.example"


def _partner_with_a_report(client: FlaskClient, intake: Intake) -> str:
    sign_in(client, AMY, make_partner_user(intake, make_organisation(intake), AMY))
    response = post_form(client, "/partner/reports/new", ON_BEHALF)
    assert response.status_code == 302
    return str(response.headers["Location"]).rsplit("/", 1)[1]


def _history(client: FlaskClient, reference: str) -> str:
    """The report page's text from the Messages heading to the form below it."""
    text = text_of(client.get(f"/partner/reports/{reference}"))
    return text.split("Messages", 1)[1].split("Tell us more", 1)[0]


def test_the_partners_messages_and_staffs_answer_appear_in_order_on_the_report(
    partner_app: Flask, partner_client: FlaskClient, partner_intake: Intake
) -> None:
    clock = FixedClock(partner_intake.clock())
    partner_intake.clock = clock
    reference = _partner_with_a_report(partner_client, partner_intake)
    assert "No messages yet." in _history(partner_client, reference)
    sent = post_form(
        partner_client,
        f"/partner/reports/{reference}/messages",
        {"text": "The note was pushed under the door again."},
        form_page=f"/partner/reports/{reference}",
    )
    assert sent.status_code == 302
    clock.advance(minutes=30)

    officer, user = staff_client(partner_app, partner_intake, "case_officer")
    case = services.accept_into_case(partner_intake, user, reference)
    form = page(officer, f"/staff/cases/{case}/message")
    with partner_intake.db.read() as session:
        report_id = session.scalars(select(Report.id)).one()
    assert f'value="partner:{report_id}"' in form and "Partner by email" in text_of(
        officer.get(f"/staff/cases/{case}/message")
    )
    answered = officer.post(
        f"/staff/cases/{case}/message",
        data={
            "csrf_token": csrf_token(form),
            "route": f"partner:{report_id}",
            "text": "Thank you. We visit on Friday.",
        },
    )
    assert answered.status_code == 302, text_of(answered)

    history = _history(partner_client, reference)
    assert re.search(
        r"From your organisation .*? The note was pushed under the door again\. "
        r"From Housing Plus Group .*? Thank you\. We visit on Friday\.",
        history,
    ), history
    with partner_intake.db.read() as session:
        email = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "partner_message")).one()
    assert (email.method, email.recipient, email.report_id) == ("email", AMY, report_id)
    assert reference in (email.subject or "") and email.body == "Thank you. We visit on Friday.\n"


def test_what_the_victim_sends_on_the_same_report_is_not_in_the_partners_history(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    """Policy 7.1: a text from the victim quoting the reference is the landlord's, not the partner's, to read."""
    reference = _partner_with_a_report(partner_client, partner_intake)
    core_services.add_message(
        partner_intake,
        MessageDraft(
            inbound=Inbound(channel="sms", key="SM-victim-1", raw=b"raw"),
            report_reference=reference,
            text="Please do not tell the advice centre I moved.",
        ),
    )
    history = _history(partner_client, reference)
    assert "No messages yet." in history and "moved" not in history


def test_files_chosen_on_a_form_that_comes_back_are_asked_for_again_by_name(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    """A browser never fills a file field in again: the page says which files to choose again, and where."""
    sign_in(partner_client, AMY, make_partner_user(partner_intake, make_organisation(partner_intake), AMY))
    html = page(partner_client, "/partner/reports/new")
    files = [(io.BytesIO(b"a photo"), "stairs.png"), (io.BytesIO(b"a letter"), "<b>letter</b>.pdf")]
    answers = {**ON_BEHALF, "description": "", "csrf_token": csrf_token(html), "attachments": files}
    response = partner_client.post("/partner/reports/new", data=answers)
    body = response.get_data(as_text=True)
    summary = text_of(response).split("There is a problem", 1)[1][:600]
    asked = "Choose the files again (stairs.png, <b>letter</b>.pdf): they are only kept once the report is sent"
    assert "Enter what happened" in summary and asked in summary
    assert 'href="#attachments"' in body and "&lt;b&gt;letter" in body and "<b>letter" not in body
    field_error = re.search(r'<p id="attachments-error" class="govuk-error-message">(.*?)</p>', body, re.S)
    assert field_error is not None and "Choose the files again" in field_error[1]
    with partner_intake.db.read() as session:
        assert session.scalars(select(Report)).all() == []
