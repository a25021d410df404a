"""One helper per channel: a report carrying a channel's markers, sent the way that channel's people send it.

Each helper returns the kinds of marker that the app must be able to give back (export, staff
pages, attachment downloads); a phone number typed as 07700 ... comes back in E.164.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from intake.case_tables import StaffUser
from intake.casework.decisions import accept_into_case
from intake.context import Intake
from intake.data_protection.sar_requests import open_request
from intake.partners import organisations as partners
from tests.email import corpus
from tests.email.test_ingest_eml import ingest_files
from tests.partner.support import API_REPORT, bearer, make_partner_user, post_form, report_on_behalf, sign_in
from tests.sealing.markers import Markers
from tests.sms.conftest import Phone, reply_of
from tests.sms.twilio_standin import TwilioStandIn
from tests.staff.conftest import make_staff
from tests.staff.test_assisted import answers
from tests.web.conftest import Reporter
from tests.web.files import PDF, png
from tests.web.journeys import WITNESS_AFTER_PHOTOS, WITNESS_BEFORE_PHOTOS, Journey
from tests.web.test_uploads import upload

PERSON = ("name", "phone as E.164", "email", "address", "postcode")


def report_by_web(app: Flask, m: Markers) -> tuple[str, ...]:
    """The witness journey with a photo, every answer that names someone carrying a marker."""
    reporter = Reporter(app.test_client())
    reporter.answer_all(_with_markers(WITNESS_BEFORE_PHOTOS, m))
    photo = (png_saying(m.file_bytes), f"door {m.file_name}.png")
    assert upload(reporter, photo, action="continue").status_code == 302
    reporter.answer_all(_with_markers(WITNESS_AFTER_PHOTOS, m))
    assert reporter.send().location == "/report/confirmation"
    reporter.get("/report/confirmation")  # as a browser follows the redirect: the form's answers and files go
    return ("marker word", "free-text answer", *PERSON, "attachment bytes", "attachment name")


def form_left_unsent_on_the_web(app: Flask, m: Markers) -> tuple[str, ...]:
    """A form filled in as far as the contact details, with a photo, then left: it waits up to an hour.

    Nothing of it is in a report, so the app gives nothing back; its answers and photo are held meanwhile.
    """
    reporter = Reporter(app.test_client())
    reporter.answer_all(_with_markers(WITNESS_BEFORE_PHOTOS, m))
    photo = (png_saying(m.file_bytes), f"stairs {m.file_name}.png")
    assert upload(reporter, photo, action="continue").status_code == 302
    reporter.answer_all(_with_markers(WITNESS_AFTER_PHOTOS[:3], m))  # contact, name, ways to contact
    return ()


def _with_markers(journey: Journey, m: Markers) -> Journey:
    contact = {"methods": ["email", "phone"], "email": m.email, "phone": m.phone, "safe_times": f"{m.answer} evenings"}
    pages: dict[str, dict[str, Any]] = {
        "when": {"occurred_on": ["14", "11", "2026"], "occurred_text": f"About 9pm, {m.answer}"},
        "address": {"address": m.address, "postcode": m.postcode},
        "in-your-own-words": {"description": f"Two men sprayed {m.word} on the door and kicked it in."},
        "person-responsible": {"known": ["lives_nearby", "is_tenant"], "description": f"{m.answer}, tall"},
        "your-name": {"name": m.name},
        "contact-methods": contact,
    }
    return [(slug, pages.get(slug, answers)) for slug, answers in journey]


def report_by_sms(app: Flask, twilio: TwilioStandIn, m: Markers) -> tuple[str, ...]:
    """A first text naming the sender, with a picture fetched from Twilio later, then a follow-up, then STOP."""
    phone = Phone(app.test_client(), number=m.e164)
    first = f"I am {m.name}, email {m.email}, or call {m.phone}. {m.word}: they shouted at me in the lift."
    picture = twilio.add_media(png_saying(m.file_bytes))
    assert reply_of(phone.text(first, MediaUrl0=picture, MediaContentType0="image/png"))
    assert "added" in reply_of(phone.text(f"{m.later} and again this morning"))
    fetched = app.test_cli_runner().invoke(args=["sms-fetch-media", "--once"])
    assert fetched.exit_code == 0, fetched.output
    assert reply_of(phone.text("STOP", OptOutType="STOP")) == ""  # the number's opt-out is kept (as an index)
    return ("marker word", "name", "phone as typed", "phone as E.164", "email", "attachment bytes", "later message")


def report_by_email(app: Flask, m: Markers, folder: Path) -> tuple[str, ...]:
    """A message with a PDF attached, then a reply quoting the reference from the same, authenticated, sender."""
    sender = f"{m.name} <{m.email}>"
    body = corpus.part("text/plain; charset=utf-8", f"{m.word}: they wrote on my door. Call me on {m.phone}.")
    attached = corpus.attachment(f'filename="{m.file_name}.pdf"', pdf_saying(m.file_bytes), "application/pdf")
    first = corpus.multipart([body, attached], sender=sender, subject=f"Abuse on the stairs {m.word}")
    (line,) = ingest_files(app, folder, first=first)
    reference = line.rsplit(" ", 1)[-1]
    reply = corpus.message(
        f"{m.later}: it happened again last night",
        subject=f"Re: {reference}",
        sender=sender,
        extra=corpus.authenticated("resident.example"),
    )
    (added,) = ingest_files(app, folder, reply=reply)
    assert added.endswith(f": added to a report {reference}"), added
    return ("marker word", "name", "phone as typed", "email", "attachment bytes", "attachment name", "later message")


def report_by_partner_api(app: Flask, intake: Intake, organisation_id: int, m: Markers) -> tuple[str, ...]:
    """A report through the API, with the victim's details and where it happened."""
    token = partners.issue_token(intake, organisation_id=organisation_id, actor="test").token
    victim = {"name": m.name, "phone": m.phone, "email": m.email, "address": m.address, "safe_methods": ["sms"]}
    victim["safe_times"] = f"{m.answer} mornings"
    answers = {"occurred_text": f"{m.answer} last night", "location": f"Car park {m.answer}", "postcode": m.postcode}
    responsible = {"known_to_victim": True, "description": f"{m.answer}, the man in the red van"}
    body = {**API_REPORT, **answers, "description": f"{m.word} sprayed on the car.", "victim": victim}
    body["responsible"] = responsible
    created = app.test_client().post("/api/v1/reports", json=body, headers=bearer(token))
    assert created.status_code == 201, created.get_data(as_text=True)
    return ("marker word", "free-text answer", *PERSON)


def report_by_partner_portal(app: Flask, intake: Intake, organisation_id: int, m: Markers) -> tuple[str, ...]:
    """A report made on a victim's behalf in the portal, then a message on it."""
    client, email = app.test_client(), "caseworker@sealing.example"
    sign_in(client, email, make_partner_user(intake, organisation_id, email))
    reference = report_on_behalf(
        client,
        description=f"{m.word}: neighbours shouted at my client on the stairs.",
        victim_name=m.name,
        victim_phone=m.phone,
        victim_email=m.email,
        victim_address=m.address,
        postcode=m.postcode,
        consent_contact="directly",
        safe_methods=["phone", "email"],
        safe_times=f"{m.answer} afternoons",
        occurred_text=f"{m.answer} on Sunday",
        location=f"Stairwell {m.answer}",
        responsible_description=f"{m.answer}, from the flat above",
    )
    report_page = f"/partner/reports/{reference}"
    message = {"text": f"{m.later}: the note was pushed under the door again."}
    assert post_form(client, f"{report_page}/messages", message, form_page=report_page).status_code == 302
    return ("marker word", "free-text answer", *PERSON, "later message")


def partner_organisation(intake: Intake) -> int:
    return partners.create_organisation(
        intake,
        name="Sealing Advice Centre",
        kind="advice_centre",
        actor="test",
        email_domains=("sealing.example",),
        sharing_agreement_reference="ISA-1",
    )


def report_by_staff(officer: FlaskClient, user: StaffUser, intake: Intake, m: Markers) -> tuple[str, ...]:
    """A telephone report recorded by a case officer, accepted into a case, then a note, a contact and a message."""
    person = {"name": m.name, "phone": m.phone, "email": m.email, "address": m.address, "postcode": m.postcode}
    said = {
        "occurred_text": f"{m.answer} on Tuesday",
        "location": f"Block C {m.answer}",
        "responsible_description": f"{m.answer}, second floor",
        "safe_times": f"{m.answer} after 6pm",
        "named_person": f"{m.answer} at the advice centre",
    }
    call = answers(**person, **said, message_safe="yes")
    call.pop("submission_token")
    call["description"] = f"{m.word}: they shouted at me on the stairs."
    recorded = post_form(officer, "/staff/record/", call)
    assert recorded.status_code == 302, recorded.get_data(as_text=True)[:2000]
    case = accept_into_case(intake, user, recorded.location.rsplit("/", 1)[-1])
    notes = f"/staff/cases/{case}/notes"
    assert post_form(officer, notes, {"kind": "note", "text": f"{m.note}: neighbour also affected"}).status_code == 302
    contact = {"kind": "contact", "method": "phone", "text": f"{m.contact_log}: spoke to the victim"}
    assert post_form(officer, notes, contact).status_code == 302
    _message_by_email(officer, case, f"{m.staff_message}: can we call you tomorrow?")
    return ("marker word", "free-text answer", *PERSON, "staff note", "contact log", "staff message")


def subject_access_request(intake: Intake, m: Markers) -> tuple[str, ...]:
    """A manager records a person's request for what is held about them, found by their details."""
    manager = make_staff(intake, "manager", "Sealing Manager")
    person = {"name": m.name, "phone": m.phone, "email": m.email, "postcode": m.postcode}
    open_request(intake, manager.user, intake.clock().date(), **person)
    return ()  # kept for the search, not given back as such


def _message_by_email(officer: FlaskClient, case: str, text: str) -> None:
    form_page = officer.get(f"/staff/cases/{case}/message").get_data(as_text=True)
    route = re.search(r'value="([^"]+:email)"', form_page)
    assert route is not None, "no way to email the reporter on the message page"
    sent = post_form(officer, f"/staff/cases/{case}/message", {"route": route[1], "text": text})
    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]


def png_saying(words: str) -> bytes:
    """A real 1x1 PNG carrying the words in a text chunk, as a photo's metadata would."""
    image = png()
    data = b"Comment\x00" + words.encode()
    text = struct.pack(">I", len(data)) + b"tEXt" + data + struct.pack(">I", zlib.crc32(b"tEXt" + data))
    return image[:-12] + text + image[-12:]  # before the 12-byte IEND chunk


def pdf_saying(words: str) -> bytes:
    return PDF.replace(b"%%EOF", f"% {words}\n%%EOF".encode())
