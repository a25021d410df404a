"""Issue 19 item 6: the public form says what will really happen, keeps graffiti and damage apart,
asks a third party only what applies, and lists the landlord's other ways to report (policy 4.2)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from intake.context import Intake
from tests.conftest import intake_of, make_test_app
from tests.web.conftest import VICTIM_ANONYMOUS, WEB_SETTINGS, Reporter
from tests.web.journeys import THIRD_PARTY, WITNESS_AFTER_PHOTOS, WITNESS_BEFORE_PHOTOS
from tests.web.test_sending import exported

# The third party's answers up to "Does the person it happened to know about this report and agree to it?"
BEFORE_VICTIM_AGREES = THIRD_PARTY[: [slug for slug, _ in THIRD_PARTY].index("victim-agrees")]
CONSENT_PAGES = {"consent-contact", "consent-police", "consent-partners", "consent-panel"}


def text_of(reporter: Reporter, path: str) -> str:
    return " ".join(reporter.get(path).select_one("main").get_text(" ").split())


def test_an_anonymous_reporter_is_told_what_will_happen_not_that_we_will_respond(reporter: Reporter) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS)
    check = text_of(reporter, "/report/check-your-answers")
    assert "We will respond" not in check and "we cannot tell you what we do" in check
    reporter.send()
    confirmation = text_of(reporter, "/report/confirmation")
    assert "We will respond" not in confirmation and "We will contact you" not in confirmation
    assert "we will not get in touch about this report" in confirmation
    assert "We will still look at it within one working day and act on it" in confirmation


def test_a_reporter_who_can_be_contacted_is_told_we_will_contact_them(reporter: Reporter) -> None:
    reporter.answer_all(WITNESS_BEFORE_PHOTOS)
    reporter.answer("photos-and-documents", {"action": "continue"})
    reporter.answer_all(WITNESS_AFTER_PHOTOS)
    reporter.send()
    confirmation = text_of(reporter, "/report/confirmation")
    assert "We will contact you within one working day, only in the ways you told us are safe" in confirmation


def test_an_anonymous_third_party_is_told_we_will_contact_the_person_it_happened_to(reporter: Reporter) -> None:
    own_contact = {"your-name", "contact-methods", "messages-safe"}
    journey = [(slug, data) for slug, data in THIRD_PARTY if slug not in own_contact]
    reporter.answer_all([(slug, {"contact": "no"} if slug == "contact" else data) for slug, data in journey])
    reporter.send()
    confirmation = text_of(reporter, "/report/confirmation")
    assert "We will contact the person it happened to within one working day" in confirmation


def test_no_hint_asks_someone_to_tell_us_later(reporter: Reporter) -> None:
    assert "later" not in text_of(reporter, "/report/in-your-own-words")


def test_the_damage_and_graffiti_questions_say_which_is_which(reporter: Reporter) -> None:
    """Policy 4.10: graffiti is removed, damage repaired; graffiti on a door is not also damage to repair."""
    reporter.answer_all([("who", {"role": "victim"})])
    damage = reporter.get("/report/damage").select_one("#answer-hint").get_text(" ", strip=True)
    graffiti = reporter.get("/report/graffiti").select_one("#answer-hint").get_text(" ", strip=True)
    assert "Do not count graffiti here" in damage
    assert "If graffiti is the only damage, say yes here only" in graffiti


def test_a_third_party_is_not_asked_consents_the_victim_who_does_not_know_cannot_give(
    reporter: Reporter, web_intake: Intake
) -> None:
    """Policy 5.2 to 5.4: the consents are the victim's; none is asked, so each is recorded as not known
    (reported by a third party), never given (issue 19 item 2 changed "none recorded" to this)."""
    reporter.answer_all([*BEFORE_VICTIM_AGREES, ("victim-agrees", {"answer": "no"})])
    assert reporter.client.get("/report").location == "/report/check-your-answers"
    assert questions_asked(reporter) == len(BEFORE_VICTIM_AGREES) + 1 == 22  # 28 before issue 19
    reporter.send()
    [report] = exported(web_intake)
    assert {(c["kind"], c["given"], c["basis"]) for c in report["consents"]} == {
        (kind, False, "not_known")
        for kind in ("contact", "share_with_police", "share_with_partners", "multi_agency_panel")
    }


def test_a_third_party_whose_victim_knows_is_asked_the_consents_on_fewer_pages(reporter: Reporter) -> None:
    reporter.answer_all([*BEFORE_VICTIM_AGREES, ("victim-agrees", {"answer": "yes"})])
    assert reporter.client.get("/report").location == "/report/consent-contact"
    reporter.answer_all([(slug, data) for slug, data in THIRD_PARTY if slug in CONSENT_PAGES])
    # Safe times share a page with the safe ways to make contact, for the reporter and the victim alike.
    assert questions_asked(reporter) == len(THIRD_PARTY) == 26  # 28 before issue 19


def questions_asked(reporter: Reporter) -> int:
    """The pages this reporter was asked: one row each on the check-answers page."""
    return len(reporter.get("/report/check-your-answers").select(".govuk-summary-list__row"))


def test_with_no_other_ways_set_the_start_page_still_offers_one(reporter: Reporter) -> None:
    start = text_of(reporter, "/")
    assert "Other ways to report" in start
    assert "Speak to anyone who works for Housing Plus Group" in start
    assert "by phone on" not in start


@pytest.fixture(scope="module")
def phone_only_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = make_test_app(database_url, tmp_path_factory.mktemp("phone"), **WEB_SETTINGS, REPORT_BY_PHONE="0300 123 4567")
    yield app
    app.extensions["intake"].db.dispose()


def test_only_the_other_ways_that_are_set_are_shown(phone_only_app: Flask) -> None:
    with intake_of(phone_only_app):
        reporter = Reporter(phone_only_app.test_client())
        ways = [item.get_text(" ", strip=True) for item in reporter.get("/").select(".app-other-ways li")]
        assert ways == ["by phone on 0300 123 4567"]
        reporter.answer_all(VICTIM_ANONYMOUS)
        reporter.send()
        confirmation = reporter.get("/report/confirmation")
        assert [li.get_text(" ", strip=True) for li in confirmation.select(".app-other-ways li")] == ways
