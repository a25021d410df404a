"""STATUS, HELP, STOP and START (issue 4, item 3): enquiries and opt-outs are never reports."""

from __future__ import annotations

import pytest

from channels.sms.keywords import Intent, intent_of
from intake.context import Intake
from intake.drafts import Contact
from intake.services import submit_report
from tests.factories import make_draft
from tests.sms.conftest import Phone, reply_of
from tests.sms.helpers import close_report, inbound_count, opted_out, reports


def test_status_replies_with_the_reference_and_state_of_the_numbers_latest_report(phone: Phone, intake: Intake) -> None:
    phone.text("They threw eggs at my window")
    (report,) = reports(intake)

    reply = reply_of(phone.text("STATUS"))

    assert report.reference in reply
    assert "one working day" in reply
    assert len(reports(intake)) == 1
    assert inbound_count(intake) == 2


def test_status_with_the_numbers_own_reference_describes_that_report(phone: Phone, intake: Intake) -> None:
    web = submit_report(
        intake, make_draft(channel="web", reporter=Contact(phone="+447700900123", safe_methods=("sms",)))
    )
    close_report(intake, web.reference)
    phone.text("Something else happened")

    reply = reply_of(phone.text(f"status {web.reference}"))

    assert web.reference in reply
    assert "closed" in reply


def test_status_never_describes_another_numbers_report(phone: Phone, intake: Intake) -> None:
    other = submit_report(intake, make_draft(channel="web", reporter=Contact(phone="+447700900555")))

    reply = reply_of(phone.text(f"STATUS {other.reference}"))

    assert other.reference not in reply
    assert "no report from this number" in reply
    assert len(reports(intake)) == 1


def test_status_about_a_report_where_texts_were_not_marked_safe_gets_the_strangers_reply(
    phone: Phone, intake: Intake
) -> None:
    stranger = reply_of(phone.text("STATUS"))
    calls_only = Contact(phone="+447700900123", safe_methods=("phone",))  # a text could put them at risk
    web = submit_report(intake, make_draft(channel="web", reporter=calls_only))
    assert web.reference is not None

    for words in ("STATUS", f"STATUS {web.reference}"):
        reply = reply_of(phone.text(words))
        assert reply == stranger and web.reference not in reply


def test_help_explains_how_to_report_and_the_emergency_number(phone: Phone, intake: Intake) -> None:
    reply = reply_of(phone.text("help"))

    assert "text us what happened" in reply
    assert "999" in reply
    assert reports(intake) == []


@pytest.mark.parametrize("word", ["STOP", "stop", "Unsubscribe", "CANCEL", "end", "QUIT", "STOPALL"])
def test_stop_and_its_synonyms_record_the_opt_out_and_are_not_answered(phone: Phone, intake: Intake, word: str) -> None:
    reply = reply_of(phone.text(word))

    assert reply == ""
    assert opted_out(intake, "+447700900123")
    assert reports(intake) == []
    assert inbound_count(intake) == 1


def test_an_opted_out_number_is_never_answered_but_its_texts_are_still_reports(phone: Phone, intake: Intake) -> None:
    phone.text("STOP")

    reply = reply_of(phone.text("They damaged my car last night"))

    assert reply == ""
    assert len(reports(intake)) == 1


def test_start_opts_back_in_and_replies_resume(phone: Phone, intake: Intake) -> None:
    phone.text("STOP")

    assert reply_of(phone.text("START")) == ""
    assert not opted_out(intake, "+447700900123")
    assert "reference" in reply_of(phone.text("They damaged my car"))


@pytest.mark.parametrize(("marked", "is_out"), [("STOP", True), ("START", False)])
def test_twilio_opt_out_type_sets_the_state_whatever_the_words(
    phone: Phone, intake: Intake, marked: str, is_out: bool
) -> None:
    reply = reply_of(phone.text("arret", OptOutType=marked))

    assert reply == ""
    assert opted_out(intake, "+447700900123") is is_out
    assert reports(intake) == []


def test_twilio_opt_out_type_help_is_recorded_and_left_to_twilio(phone: Phone, intake: Intake) -> None:
    assert reply_of(phone.text("aide", OptOutType="HELP")) == ""
    assert reports(intake) == []
    assert inbound_count(intake) == 1


@pytest.mark.parametrize(
    ("body", "intent"),
    [
        ("Stop.", Intent.OPT_OUT),
        ("please stop them shouting at me", Intent.REPORT),
        ("STATUS HPG-7KQ4-M9XC", Intent.STATUS),
        ("statusquo", Intent.REPORT),
        ("Info", Intent.HELP),
    ],
)
def test_keywords_are_whole_messages_so_words_inside_a_report_are_not_commands(body: str, intent: Intent) -> None:
    assert intent_of(body, None) is intent
