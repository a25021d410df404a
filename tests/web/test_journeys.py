"""Each kind of reporter's answers reach the report as the core stores it (policy 4.5, 2.1, 2.2, 4.4, 4.10, 5.2-5.4)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from intake.context import Intake
from intake.models import OutboxMessage
from tests.web.conftest import VICTIM_ANONYMOUS, Reporter
from tests.web.files import PDF, png
from tests.web.journeys import THIRD_PARTY, WITNESS_AFTER_PHOTOS, WITNESS_BEFORE_PHOTOS
from tests.web.test_sending import exported
from tests.web.test_uploads import upload


def acknowledgements(intake: Intake) -> list[tuple[str, str]]:
    with intake.db.read() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "acknowledgement"))
        return [(row.method, row.recipient) for row in rows]


def test_a_witness_report_with_photos(reporter: Reporter, web_intake: Intake) -> None:
    reporter.answer_all(WITNESS_BEFORE_PHOTOS)
    upload(reporter, (png(b"\x07\x07\x07"), "door.png"), (PDF, "note.pdf"), action="continue")
    reporter.answer_all(WITNESS_AFTER_PHOTOS)
    reporter.send()
    [report] = exported(web_intake)
    assert report["reporter_role"] == "witness" and report["channel"] == "web"
    assert report["characteristics"] == ["alternative_subculture"]
    assert report["incident_types"] == ["vandalism_or_arson", "graffiti_or_literature"]
    assert sorted(work["kind"] for work in report["works"]) == ["emergency_repair", "graffiti_removal"]
    assert report["priority"] == "standard" and report["route"] == "tenancy_enforcement"
    assert (report["location"], report["postcode"]) == ("Elm Court", "LS1 1AA")
    assert report["occurred_at"] == "2026-11-14"  # a date without a time stays a date (issue 19)
    assert [a["filename"] for a in report["attachments"]] == ["door.png", "note.pdf"]
    assert {(c["kind"], c["party"], c["given"]) for c in report["consents"]} == {
        ("contact", "reporter", True),
        ("share_with_police", "reporter", True),
        ("share_with_partners", "reporter", True),
        ("multi_agency_panel", "reporter", False),
    }
    [contact] = report["contacts"]
    assert contact["name"] == "Alex Witness" and contact["email"] == "alex@example.org"
    assert contact["phone"] == "+447700900982" and contact["safe_methods"] == ["email", "phone"]
    assert contact["message_safe"] is True and contact["safe_times"] == "Weekday evenings"
    # asked for, marked safe, and messages are safe: the reference goes by email
    assert acknowledgements(web_intake) == [("email", "alex@example.org")]


def test_a_third_party_report_for_a_victim(reporter: Reporter, web_intake: Intake) -> None:
    reporter.answer_all(THIRD_PARTY)
    reporter.send()
    [report] = exported(web_intake)
    assert report["reporter_role"] == "third_party"
    assert report["characteristics"] == ["disability", "transgender"]
    assert report["priority"] == "immediate"  # injury and unsafe at home: policy 4.4
    assert report["restricted"] is True and report["route"] == "internal_disciplinary"  # staff: policy 4.11
    assert report["works"] == [] and report["location"] == "Riverside estate"
    assert {(c["kind"], c["party"], c["given"]) for c in report["consents"]} == {
        ("contact", "victim", True),
        ("share_with_police", "victim", False),
        ("share_with_partners", "victim", True),
        ("multi_agency_panel", "victim", True),
    }
    reporter_contact, victim = report["contacts"]
    assert reporter_contact["role"] == "reporter" and reporter_contact["safe_methods"] == ["sms"]
    assert reporter_contact["message_safe"] is False
    assert victim["role"] == "victim" and victim["name"] == "Jo Victim"
    assert victim["safe_methods"] == ["through_named_person"]
    assert victim["named_person"] == "Through Sam at the advice centre"
    assert acknowledgements(web_intake) == []  # messages are not safe: nothing is sent


def test_a_changed_answer_drops_the_questions_it_made_moot(reporter: Reporter, web_intake: Intake) -> None:
    reporter.answer_all(THIRD_PARTY)
    reporter.answer("who", {"role": "victim"})  # changed their mind: it happened to them
    reporter.send()
    [report] = exported(web_intake)
    assert report["reporter_role"] == "victim"
    assert [contact["role"] for contact in report["contacts"]] == ["reporter"]


def test_the_reference_goes_by_text_when_texts_are_marked_safe(reporter: Reporter, web_intake: Intake) -> None:
    contact = [
        ("contact", {"contact": "yes"}),
        ("your-name", {"name": ""}),
        ("contact-methods", {"methods": ["sms", "email"], "phone": "07700 900982", "email": "me@example.org"}),
        ("messages-safe", {"answer": "yes"}),
        ("send-reference", {"send": "sms"}),
        ("consent-contact", {"answer": "yes"}),
    ]
    reporter.answer_all([*VICTIM_ANONYMOUS[:13], *contact, *VICTIM_ANONYMOUS[14:]])
    reporter.send()
    assert acknowledgements(web_intake) == [("sms", "+447700900982")]


@pytest.mark.parametrize(
    "phone",
    ["0117 496 0000", "+33 6 12 34 56 78", "0800 123 4567"],
    ids=["UK landline", "French mobile", "freephone"],
)
def test_the_reference_goes_by_text_only_to_a_uk_mobile(reporter: Reporter, web_intake: Intake, phone: str) -> None:
    """A text to a landline is read aloud to whoever answers; one abroad may cost and never arrive."""
    contact = [
        ("contact", {"contact": "yes"}),
        ("your-name", {"name": ""}),
        ("contact-methods", {"methods": ["sms", "email"], "phone": phone, "email": "me@example.org"}),
        ("messages-safe", {"answer": "yes"}),
    ]
    reporter.answer_all([*VICTIM_ANONYMOUS[:13], *contact])
    offered = [radio["value"] for radio in reporter.get("/report/send-reference").select("input[name=send]")]
    assert offered == ["email", "none"]
    assert reporter.answer("send-reference", {"send": "sms"}).status_code == 200  # refused, asked again
    reporter.answer_all([("send-reference", {"send": "none"}), ("consent-contact", {"answer": "yes"})])
    reporter.answer_all(VICTIM_ANONYMOUS[14:])
    assert reporter.send().status_code == 302
    assert acknowledgements(web_intake) == []
