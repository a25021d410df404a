"""Issue 19 items 1 and 2 on the staff report page: what staff see is what was said."""

from __future__ import annotations

from datetime import datetime

from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import select

from intake.context import Intake
from intake.drafts import ConsentDraft, ResponsiblePerson, SafetyFlags
from intake.reading.stored import InferredSignal
from tests.factories import submit
from tests.staff.conftest import client_for, page


def _rows(html: str) -> str:
    """The page's text with its markup gone, so "Injury Not sure" reads as staff read it."""
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


def test_the_report_shows_each_answer_as_said_and_a_day_as_a_day(staff_app: Flask, intake: Intake) -> None:
    zone = intake.calendar.timezone
    reference = submit(
        intake,
        channel="web",
        reporter_role="third_party",
        safety=SafetyFlags(injury="not_sure", children_affected="rather_not_say", graffiti_to_remove="no"),
        responsible=ResponsiblePerson(lives_nearby="yes", is_tenant="not_sure"),
        victim_aware_and_agrees="not_sure",
        occurred_at=datetime(2026, 11, 14, tzinfo=zone),
        occurred_date_only=True,
        consents=(ConsentDraft("share_with_police", True, basis="not_known", reported="yes"),),
    ).reference
    officer, _ = client_for(staff_app, intake, "case_officer")
    text = _rows(page(officer, f"/staff/reports/{reference}"))
    assert "Injury Not sure Children" in text  # not "Injury No"
    assert "Children affected Rather not say" in text
    assert "Threat to life Not asked" in text  # never asked: not "No"
    assert "Graffiti to remove No" in text
    assert "Lives nearby Yes" in text and "A tenant Not sure" in text
    assert "Knows and agrees Not sure" in text
    assert "When Sat 14 Nov 2026 Where" in text  # a day, not midnight
    assert "Share with police: consent not known (reported by a third party)" in text


def test_consent_not_known_never_opens_the_consent_gate(staff_app: Flask, intake: Intake) -> None:
    """Policy 5.2 to 5.4: even a channel that says "given" cannot make a not-known consent count."""
    not_known = ConsentDraft(kind="share_with_police", given=True, basis="not_known", reported="yes")
    reference = submit(intake, reporter_role="third_party", consents=(not_known,)).reference
    officer, _ = client_for(staff_app, intake, "case_officer")
    officer.post(f"/staff/reports/{reference}/accept")
    share = {"kind": "police_report", "recipient": "Police", "what": "The report", "why": "Victim asked us to"}
    refused = page(officer, f"/staff/cases/{reference}/disclosures", 400, method="post", data=share)
    assert "The victim has not given consent for this" in refused


def test_removing_an_inferred_signal_restores_the_answer_the_reporter_gave(staff_app: Flask, intake: Intake) -> None:
    """Issue 19 with issue 11: the words raised "yes"; removing it goes back to "not sure", not to "no"."""
    words = "someone sprayed graffiti on my door"
    reference = submit(intake, description=words, safety=SafetyFlags(graffiti_to_remove="not_sure")).reference
    client, _ = client_for(staff_app, intake, "case_officer")
    assert "Graffiti to remove Yes (inferred from: 'graffiti')" in _rows(page(client, f"/staff/reports/{reference}"))
    with intake.db.read() as session:
        signal_id = session.scalars(select(InferredSignal.id)).one()
    client.post(f"/staff/reports/{reference}/inferred/{signal_id}/remove", data={"reason": "Cleaned already"})
    assert "Graffiti to remove Not sure" in _rows(page(client, f"/staff/reports/{reference}"))
