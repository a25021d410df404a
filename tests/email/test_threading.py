"""Replies join their report only from someone already on it; acknowledgements are threaded and kept."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from intake.context import Intake
from intake.models import Message, OutboxMessage, Report
from intake.partners import organisations as partners
from intake.references import ALPHABET
from tests.email import corpus
from tests.email.test_ingest_eml import ingest_files, reports

RESIDENT = "Sam Resident <sam@resident.example>"
STRANGER = "Someone Else <other@elsewhere.example>"


def first_report(app: Flask, tmp_path, raw: bytes | None = None) -> tuple[str, OutboxMessage]:
    """A report made by email, and the acknowledgement queued for it."""
    (line,) = ingest_files(app, tmp_path, first=raw or corpus.message(sender=RESIDENT))
    reference = line.rsplit(" ", 1)[-1]
    with app.extensions["intake"].db.read() as session:
        ack = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "acknowledgement")).one()
    return reference, ack


def messages_on(intake: Intake, reference: str) -> list[str]:
    with intake.db.read() as session:
        query = select(Message).join(Report).where(Report.reference == reference).order_by(Message.id)
        return [message.text for message in session.scalars(query)]


def test_the_acknowledgement_is_threaded_on_their_message_and_its_id_kept(email_app, tmp_path):
    their_id = corpus.new_id()
    reference, ack = first_report(email_app, tmp_path, corpus.message(sender=RESIDENT, message_id=their_id))
    assert ack.recipient == "sam@resident.example" and ack.method == "email"
    assert reference in (ack.subject or "")
    assert ack.headers["In-Reply-To"] == their_id
    assert ack.provider_id == ack.headers["Message-ID"] and ack.provider_id.endswith("@landlord.example>")


def test_the_reporter_quoting_the_reference_adds_a_message(email_app, email_intake, tmp_path):
    reference, _ = first_report(email_app, tmp_path)
    reply = corpus.message(
        "It happened again last night",
        subject=f"Re: {reference.lower()}",
        sender=RESIDENT,
        extra=corpus.authenticated("resident.example"),
    )
    (line,) = ingest_files(email_app, tmp_path, reply=reply)
    assert line.endswith(f": added to a report {reference}")
    assert "It happened again last night" in messages_on(email_intake, reference)[0]
    assert len(reports(email_intake)) == 1


def test_replying_to_our_acknowledgement_adds_a_message(email_app, email_intake, tmp_path):
    reference, ack = first_report(email_app, tmp_path)
    reply = corpus.message(
        "More photos tomorrow",
        subject="Re: your report",
        sender=RESIDENT,
        extra=f"In-Reply-To: {ack.provider_id}\r\n" + corpus.authenticated("resident.example"),
    )
    (line,) = ingest_files(email_app, tmp_path, reply=reply)
    assert line.endswith(f": added to a report {reference}")


def test_a_stranger_quoting_a_reference_starts_a_new_possibly_related_report(email_app, email_intake, tmp_path):
    reference, ack = first_report(email_app, tmp_path)
    passed = corpus.authenticated("elsewhere.example")  # a genuine stranger: authenticated, but not on the report
    quoting = corpus.message("About HPG case", subject=f"Case {reference}", sender=STRANGER, extra=passed)
    replying = corpus.message(
        "Hello", subject="Re: x", sender=STRANGER, extra=f"References: {ack.provider_id}\r\n" + passed
    )
    lines = ingest_files(email_app, tmp_path, quoting=quoting, replying=replying)
    assert all(": new report " in line for line in lines)
    assert messages_on(email_intake, reference) == []
    assert [report.possibly_related_reference for report in reports(email_intake)] == [None, reference, reference]


def test_a_reference_failing_its_check_character_matches_nothing(email_app, email_intake, tmp_path):
    reference, _ = first_report(email_app, tmp_path)
    wrong = reference[:-1] + next(char for char in ALPHABET if char != reference[-1])
    (line,) = ingest_files(email_app, tmp_path, typo=corpus.message(subject=f"Re: {wrong}", sender=RESIDENT))
    assert ": new report " in line
    assert reports(email_intake)[1].possibly_related_reference is None


def advice_centre(intake: Intake, *invited: str) -> int:
    """A partner organisation at advice.example, with these addresses invited as its users."""
    organisation_id = partners.create_organisation(
        intake, name="Advice Centre", kind="advice_centre", actor="test", email_domains=("Advice.example",)
    )
    for address in invited:
        partners.invite_user(intake, organisation_id=organisation_id, email=address, name="Worker", actor="test")
    return organisation_id


def test_an_invited_partner_user_reports_as_third_party_and_colleagues_can_reply(email_app, email_intake, tmp_path):
    advice_id = advice_centre(email_intake, "cw@advice.example", "Other.Worker@advice.example")
    reference, _ = first_report(email_app, tmp_path, corpus.message(sender="Case Worker <cw@advice.example>"))
    (report,) = reports(email_intake)
    assert (report.reporter_role, report.partner_organisation_id) == ("third_party", advice_id)
    colleague = corpus.message(
        "Update from the centre",
        subject=f"Re: {reference}",
        sender="other.worker@advice.example",
        extra=corpus.authenticated("advice.example", "spf=pass smtp.mailfrom=bounces@advice.example"),
    )
    (line,) = ingest_files(email_app, tmp_path, colleague=colleague)
    assert line.endswith(f": added to a report {reference}")


def test_an_address_at_a_partner_domain_that_was_not_invited_is_not_the_partner(email_app, email_intake, tmp_path):
    """Policy 7.1: the domain alone would put this report in the advice centre's portal."""
    advice_centre(email_intake, "cw@advice.example")
    reference, _ = first_report(email_app, tmp_path, corpus.message(sender="Anyone <visitor@advice.example>"))
    (report,) = reports(email_intake)
    assert (report.reporter_role, report.partner_organisation_id) == ("unknown", None)
    other = corpus.message(
        "About that case",
        subject=f"Re: {reference}",
        sender="someone.else@advice.example",
        extra=corpus.authenticated("advice.example"),  # genuinely from that domain, but not invited
    )
    (line,) = ingest_files(email_app, tmp_path, other=other)
    assert ": new report " in line


def test_no_acknowledgement_to_a_do_not_reply_address_or_domain(make_app, tmp_path):
    app = make_app(EMAIL_DO_NOT_REPLY="noreply@council.example, alerts.example")
    ingest_files(
        app,
        tmp_path,
        address=corpus.message(sender="noreply@council.example"),
        domain=corpus.message(sender="System <robot@alerts.example>"),
        person=corpus.message(sender=RESIDENT),
    )
    with app.extensions["intake"].db.read() as session:
        recipients = [message.recipient for message in session.scalars(select(OutboxMessage))]
    assert recipients == ["sam@resident.example"]
    assert len(reports(app.extensions["intake"])) == 3


def test_the_reporters_address_without_our_servers_word_for_it_starts_a_possibly_related_report(
    email_app, email_intake, tmp_path
):
    """A From line is typed by the sender: only our server's Authentication-Results vouch for it."""
    reference, _ = first_report(email_app, tmp_path)
    forged = {
        "no header": "",
        "dmarc failed": corpus.authenticated("resident.example", "dmarc=fail header.from=resident.example"),
        "another server's word": corpus.authenticated("resident.example", server="mx.attacker.example"),
        "spf for another domain": corpus.authenticated("resident.example", "spf=pass smtp.mailfrom=x@attacker.example"),
        "dkim for a parent domain": corpus.authenticated("resident.example", "dkim=pass header.d=example"),
    }
    messages = {
        name: corpus.message("Let me into this case", subject=f"Re: {reference}", sender=RESIDENT, extra=extra)
        for name, extra in forged.items()
    }
    lines = ingest_files(email_app, tmp_path, **{name.replace(" ", "-"): raw for name, raw in messages.items()})
    assert all(": new report " in line for line in lines), lines
    assert messages_on(email_intake, reference) == []
    assert [report.possibly_related_reference for report in reports(email_intake)[1:]] == [reference] * len(forged)


def test_a_dkim_signature_aligned_with_the_from_domain_is_enough_to_join(email_app, email_intake, tmp_path):
    reference, _ = first_report(email_app, tmp_path)
    signed = corpus.authenticated(
        "resident.example", "spf=fail smtp.mailfrom=x@relay.example; dkim=pass header.d={domain}"
    )
    reply = corpus.message("Another incident", subject=f"Re: {reference}", sender=RESIDENT, extra=signed)
    (line,) = ingest_files(email_app, tmp_path, reply=reply)
    assert line.endswith(f": added to a report {reference}")
