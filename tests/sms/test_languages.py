"""Issue 15 item 7: replies in the language of the report; HELP and STATUS understood in each language of
the service as well as English; STOP and START stay as Twilio defines them."""

from __future__ import annotations

import pytest

from channels.sms.keywords import Intent, intent_of, keyword_language
from intake.context import Intake
from intake.drafts import Contact
from intake.services import submit_report
from tests.factories import make_draft
from tests.sms.conftest import RESIDENT, Phone, reply_of
from tests.sms.helpers import reports


def polish_report(intake: Intake) -> str:
    """A report made in Polish on the web form, whose reporter marked texts safe from this number."""
    draft = make_draft(channel="web", language="pl", reporter=Contact(phone=RESIDENT, safe_methods=("sms",)))
    reference = submit_report(intake, draft).reference
    assert reference is not None
    return reference


@pytest.mark.parametrize(
    ("word", "language", "words"),
    [
        ("POMOC", "pl", "aby zgłosić incydent z nienawiści"),
        ("ajutor", "ro", "pentru a raporta un incident motivat de ură"),
        ("ਮਦਦ", "pa", "ਨਫ਼ਰਤੀ ਘਟਨਾ ਦੀ ਰਿਪੋਰਟ ਕਰਨ ਲਈ"),
        ("مدد", "ur", "نفرت پر مبنی واقعے کی رپورٹ کے لیے"),
        ("مساعدة", "ar", "للإبلاغ عن حادثة كراهية"),
        ("HELP", None, "to report a hate incident"),
    ],
)
def test_help_in_each_language_is_answered_in_that_language(
    phone: Phone, intake: Intake, word: str, language: str | None, words: str
) -> None:
    assert intent_of(word, None) is Intent.HELP and keyword_language(word) == language
    reply = reply_of(phone.text(word))
    assert words in reply and "999" in reply
    assert reports(intake) == []  # an enquiry, never a report


def test_the_help_text_names_status_in_its_own_language(phone: Phone, intake: Intake) -> None:
    assert "Wyślij STAN, aby poznać stan sprawy." in reply_of(phone.text("Pomoc"))
    assert "Trimiteți STARE pentru noutăți." in reply_of(phone.text("AJUTOR"))


def test_status_about_a_polish_report_is_answered_in_polish_whichever_word_asks(phone: Phone, intake: Intake) -> None:
    reference = polish_report(intake)
    for word in ("STATUS", "stan"):
        reply = reply_of(phone.text(word))
        assert reply.startswith(f"Housing Plus Group: zgłoszenie {reference} jest w rękach naszego zespołu")


def test_status_in_arabic_about_an_english_report_is_answered_in_arabic(phone: Phone, intake: Intake) -> None:
    phone.text("They threw eggs at my window")
    (report,) = reports(intake)
    reply = reply_of(phone.text("الحالة"))
    assert f"البلاغ {report.reference}" in reply and "999" in reply
    assert len(reports(intake)) == 1


def test_a_text_joining_a_polish_report_is_thanked_in_polish(phone: Phone, intake: Intake) -> None:
    phone.text("Ktoś pomalował moje drzwi")  # a report by text: its language is not known, so English
    first = reports(intake)[0]
    assert first.language == "en"
    reference = polish_report(intake)  # the number's latest report is now the Polish one
    reply = reply_of(phone.text(f"To znowu się stało {reference}"))
    assert (
        reply
        == f"Housing Plus Group: dziękujemy, dodaliśmy to do zgłoszenia {reference}. W nagłym wypadku dzwoń pod 999."
    )


@pytest.mark.parametrize("word", ["STOP", "START", "stop", "UNSUBSCRIBE"])
def test_stop_and_start_stay_twilios(word: str) -> None:
    assert intent_of(word, None) in (Intent.OPT_OUT, Intent.OPT_IN)
    assert keyword_language(word) is None
