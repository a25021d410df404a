"""Texts become reports and conversations (issue 4, items 2, 3 and 6)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from channels.sms.segments import segments
from channels.sms.tables import InboundReply
from intake.context import Intake
from intake.data_protection.people import Person, Relation, find_person
from intake.inbound import raw_of
from intake.sealing import phone_term
from intake.services import submit_report
from tests.conftest import FixedClock
from tests.factories import make_draft
from tests.sms.conftest import Phone, reply_of
from tests.sms.helpers import close_report, forget_replies, inbound_count, messages_of, reports, stored_raw

WORDS = "The man at number 12 shouted racist abuse at my children again"


def test_the_first_text_starts_a_report_and_the_reply_gives_its_reference(phone: Phone, intake: Intake) -> None:
    reply = reply_of(phone.text(WORDS))

    (report,) = reports(intake)
    assert report.channel == "sms"
    assert report.reporter_role == "unknown"
    assert report.description == WORDS
    assert report.reference in reply
    assert "one working day" in reply
    assert "999" in reply


def test_the_reply_fits_two_segments_and_quotes_nothing_the_sender_wrote(phone: Phone, intake: Intake) -> None:
    reply = reply_of(phone.text(WORDS))

    assert segments(reply) <= 2
    assert "racist" not in reply and "number 12" not in reply


def test_the_sender_is_kept_as_the_reporter_with_sms_marked_safe(phone: Phone, intake: Intake) -> None:
    phone.number = "07700 900123"  # as a UK number may arrive; stored in E.164
    phone.text(WORDS)

    (report,) = reports(intake)
    with intake.db.read() as session:
        from intake.queries import is_contact_on_report

        assert is_contact_on_report(session, report.id, phone="+447700900123")


def test_the_whole_posted_form_is_stored_as_received(phone: Phone, intake: Intake) -> None:
    phone.text(WORDS, sid="SM" + "1" * 32, ApiVersion="2010-04-01")

    item = stored_raw(intake, "SM" + "1" * 32)
    assert item.content_type == "application/x-www-form-urlencoded"
    assert b"ApiVersion=2010-04-01" in raw_of(intake.keyring, item)
    assert b"Body=The+man+at+number+12" in raw_of(intake.keyring, item)


def test_a_retried_message_sid_gets_the_same_reply_and_creates_nothing(phone: Phone, intake: Intake) -> None:
    sid = "SM" + "2" * 32
    first = reply_of(phone.text(WORDS, sid=sid))
    phone.text("and another thing")  # the conversation moves on before Twilio retries

    again = reply_of(phone.text(WORDS, sid=sid))

    assert again == first
    assert len(reports(intake)) == 1
    assert inbound_count(intake) == 2


def test_a_follow_up_within_a_day_joins_the_report_with_a_short_confirmation(
    phone: Phone, intake: Intake, clock: FixedClock
) -> None:
    phone.text(WORDS)
    clock.advance(hours=23)

    reply = reply_of(phone.text("They did it again this morning"))

    (report,) = reports(intake)
    assert messages_of(intake, report.reference) == ["They did it again this morning"]
    assert report.reference in reply
    assert "added" in reply
    with intake.db.read() as session:  # found by the number's blind index, never by the number
        senders = set(session.scalars(select(InboundReply.address)))
    assert senders == {intake.keyring.index.of("phone", phone_term(phone.number) or "")}


def test_a_text_more_than_a_day_after_the_last_starts_a_new_report(
    phone: Phone, intake: Intake, clock: FixedClock
) -> None:
    phone.text(WORDS)
    clock.advance(hours=12)
    phone.text("again")
    clock.advance(hours=24, minutes=1)

    phone.text("Something new happened")

    assert [r.description for r in reports(intake)] == [WORDS, "Something new happened"]


def test_a_text_after_the_report_was_closed_starts_a_new_report(phone: Phone, intake: Intake) -> None:
    phone.text(WORDS)
    close_report(intake, reports(intake)[0].reference)

    phone.text("It has started again")

    assert len(reports(intake)) == 2


def test_a_text_from_a_different_number_starts_its_own_report(phone: Phone, intake: Intake) -> None:
    phone.text(WORDS)
    phone.number = "+447700900999"

    reply = reply_of(phone.text("I saw it happen too"))

    first, second = reports(intake)
    assert second.description == "I saw it happen too"
    assert second.reference in reply and first.reference not in reply


def test_1600_characters_of_text_are_kept_whole(phone: Phone, intake: Intake) -> None:
    long_text = ("They wrote slurs on the stairwell wall. " * 40)[:1600]

    reply_of(phone.text(long_text))

    assert reports(intake)[0].description == long_text


def test_unknown_extra_parameters_are_kept_raw_and_ignored(phone: Phone, intake: Intake) -> None:
    reply = reply_of(phone.text(WORDS, sid="SM" + "3" * 32, FromCity="LEEDS", SomethingNew="x", ToCountry="GB"))

    assert reports(intake)[0].reference in reply
    assert b"SomethingNew=x" in raw_of(intake.keyring, stored_raw(intake, "SM" + "3" * 32))


def test_the_senders_number_and_words_are_never_logged(
    phone: Phone, intake: Intake, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    phone.text(WORDS)
    phone.text("STATUS")

    assert "7700" not in caplog.text
    assert "racist" not in caplog.text


def test_a_reference_from_another_channel_joins_that_report_when_the_number_is_on_it(
    phone: Phone, intake: Intake
) -> None:
    from intake.drafts import Contact

    web = submit_report(intake, make_draft(channel="web", reporter=Contact(phone="07700 900123")))

    reply = reply_of(phone.text(f"About my report {web.reference}: they came back"))

    assert len(reports(intake)) == 1
    assert messages_of(intake, web.reference) == [f"About my report {web.reference}: they came back"]
    assert web.reference in reply


def test_a_reference_quoted_by_another_number_starts_a_possibly_related_report_and_reveals_nothing(
    phone: Phone, intake: Intake
) -> None:
    from intake.drafts import Contact

    web = submit_report(intake, make_draft(channel="web", reporter=Contact(phone="+447700900555")))

    reply = reply_of(phone.text(f"I am a neighbour, this is about {web.reference}"))

    _original, new = reports(intake)
    assert new.possibly_related_reference == web.reference
    assert messages_of(intake, web.reference) == []
    assert new.reference in reply
    assert web.reference not in reply


def test_a_retry_whose_first_reply_was_never_recorded_is_answered_from_the_stored_report(
    phone: Phone, intake: Intake, clock: FixedClock
) -> None:
    first = reply_of(phone.text(WORDS, sid="SM" + "7" * 32))
    clock.advance(minutes=5)
    follow_up = reply_of(phone.text("and again", sid="SM" + "8" * 32))
    forget_replies(intake)  # as if the worker stopped after storing each text, before recording its reply

    assert reply_of(phone.text(WORDS, sid="SM" + "7" * 32)) == first
    assert reply_of(phone.text("and again", sid="SM" + "8" * 32)) == follow_up
    assert len(reports(intake)) == 1


def test_a_subject_access_search_finds_the_texts_a_number_sent_by_its_blind_index(phone: Phone, intake: Intake) -> None:
    phone.text(WORDS)
    (report,) = reports(intake)
    with intake.db.read() as session:
        found = find_person(session, intake.keyring, Person(phone=phone_term(phone.number)))
        stranger = find_person(session, intake.keyring, Person(phone="+447700900999"))
    assert Relation.SENDER in found[report.id]
    assert report.id not in stranger
