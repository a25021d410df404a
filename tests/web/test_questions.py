"""Every question page's validation, in the GOV.UK pattern: an error summary, the message by the field,
"Error: " in the title, and links from the summary to the field."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.web.conftest import Reporter, errors_of, field_error, parse

# Two days ahead: still in the future for the form's local (Europe/London) date when the module loads
# just before midnight, or runs in a time zone an hour behind it.
A_FUTURE_DAY = date.today() + timedelta(days=2)
AT_AN_ADDRESS = [("where", {"where": "address"})]
CONTACTABLE = [("who", {"role": "victim"}), ("contact", {"contact": "yes"})]
THIRD_PARTY = [("who", {"role": "third_party"}), ("victim-contact", {"answer": "yes"})]
SAFE_EMAIL = [
    *CONTACTABLE,
    ("contact-methods", {"methods": ["email"], "email": "sam@example.org"}),
    ("messages-safe", {"answer": "yes"}),
]

PHONE_FORMAT = "Enter a phone number, like 07700 900 982 or 0117 496 0000"

CASES: list[tuple[list[tuple[str, dict[str, Any]]], str, dict[str, Any], str]] = [
    ([], "who", {}, "Select who you are reporting as"),
    ([], "who", {"role": "bystander"}, "Select who you are reporting as"),
    ([], "what-happened", {}, "Select what happened, or select 'Something else'"),
    ([], "why", {}, "Select why you think it happened, or select 'I'm not sure'"),
    ([], "why", {"characteristics": ["race", "not_sure"]}, "Select 'I'm not sure' on its own, or untick it"),
    ([], "when", {"occurred_on": ["31", "2", "2026"]}, "The date must be a real date, like 27 3 2026"),
    ([], "when", {"occurred_on": ["", "3", "2026"]}, "The date must include a day"),
    (
        [],
        "when",
        {"occurred_on": [str(A_FUTURE_DAY.day), str(A_FUTURE_DAY.month), str(A_FUTURE_DAY.year)]},
        "The date must be today or in the past",
    ),
    ([], "where", {}, "Select where it happened, or select 'I'd rather not say'"),
    (AT_AN_ADDRESS, "address", {}, "Enter the address or the postcode"),
    (AT_AN_ADDRESS, "address", {"postcode": "NOT A CODE"}, "Enter a real postcode, like SW1A 1AA"),
    ([("where", {"where": "area"})], "place", {}, "Enter the estate, street or place"),
    ([], "in-your-own-words", {"description": "x" * 10_001}, "What happened must be 10,000 characters or fewer"),
    ([], "anyone-hurt", {}, "Select yes if anyone was hurt"),
    ([], "children", {}, "Select yes if any children are affected"),
    ([], "unsafe-at-home", {}, "Select yes if they feel unsafe at home"),
    ([], "damage", {}, "Select yes if there is damage to repair"),
    ([], "graffiti", {}, "Select yes if there is graffiti to remove"),
    ([], "person-responsible", {}, "Select what you know about them, or select 'I don't know'"),
    (
        [],
        "person-responsible",
        {"known": ["is_tenant", "not_tenant"]},
        "Select either 'They rent their home from us' or 'They do not', not both",
    ),
    (
        [],
        "person-responsible",
        {"known": ["lives_nearby", "dont_know"]},
        "Select 'I don't know' on its own, or untick it",
    ),
    ([], "contact", {}, "Select yes if we can contact you, or no to stay anonymous"),
    (CONTACTABLE, "your-name", {"name": "n" * 201}, "The name must be 200 characters or fewer"),
    (CONTACTABLE, "contact-methods", {}, "Select at least one safe way to contact you"),
    (CONTACTABLE, "contact-methods", {"methods": ["email"]}, "Enter an email address, or untick email"),
    (
        CONTACTABLE,
        "contact-methods",
        {"methods": ["email"], "email": "sam at home"},
        "Enter an email address in the correct format, like name@example.com",
    ),
    (
        CONTACTABLE,
        "contact-methods",
        {"methods": ["sms"]},
        "Enter a phone number, or untick phone call and text message",
    ),
    (
        CONTACTABLE,
        "contact-methods",
        {"methods": ["phone"], "phone": "12"},
        "Enter a phone number, like 07700 900 982 or 0117 496 0000",
    ),
    # Issue 19 item 6: checked against the numbering plans, not only the length.
    *[
        (CONTACTABLE, "contact-methods", {"methods": ["phone"], "phone": typed}, PHONE_FORMAT)
        for typed in ["12345", "07700", "+44 7700"]
    ],
    # Issue 19 item 6: on a page with two or more boxes, the message says which box.
    ([], "when", {"occurred_text": "w" * 501}, "Anything else about when it happened must be 500 characters or fewer"),
    (AT_AN_ADDRESS, "address", {"address": "a" * 501}, "The address must be 500 characters or fewer"),
    (
        [],
        "person-responsible",
        {"known": ["dont_know"], "description": "d" * 501},
        "What else you know about them must be 500 characters or fewer",
    ),
    (
        CONTACTABLE,
        "contact-methods",
        {"methods": ["email"], "email": f"{'e' * 320}@example.org"},
        "Email address must be 320 characters or fewer",
    ),
    (CONTACTABLE, "contact-methods", {"methods": ["letter"]}, "Enter a postal address, or untick letter"),
    (
        CONTACTABLE,
        "contact-methods",
        {"methods": ["through_named_person"]},
        "Tell us who to contact and how, or untick 'Through someone I trust'",
    ),
    (
        CONTACTABLE,
        "contact-methods",
        {"methods": ["letter"], "address": "1 Elm Court", "safe_times": "t" * 501},
        "Safe times must be 500 characters or fewer",
    ),
    (
        [*CONTACTABLE, ("contact-methods", {"methods": ["phone"], "phone": "07700 900982"})],
        "messages-safe",
        {},
        "Select yes if it is safe to leave a message",
    ),
    (SAFE_EMAIL, "send-reference", {}, "Select how to send your reference, or select no"),
    (SAFE_EMAIL, "send-reference", {"send": "sms"}, "Select how to send your reference, or select no"),
    ([("who", {"role": "third_party"})], "victim-contact", {}, "Select yes if we can contact them"),
    (THIRD_PARTY, "victim-contact-methods", {}, "Select at least one safe way to contact them"),
    (
        [("who", {"role": "third_party"})],
        "victim-agrees",
        {},
        "Select yes if they know about this report and agree to it",
    ),
    (CONTACTABLE, "consent-contact", {}, "Select yes if you agree to being contacted"),
    ([], "consent-police", {}, "Select yes if you agree to us sharing it with the police"),
    ([], "consent-partners", {}, "Select yes if you agree to us sharing it with partner agencies"),
    ([], "consent-panel", {}, "Select yes if you agree to a referral to a multi-agency panel"),
]


@pytest.mark.parametrize(("before", "slug", "data", "message"), CASES, ids=[f"{c[1]}:{c[3][:40]}" for c in CASES])
def test_a_wrong_or_missing_answer_is_explained_in_the_gov_uk_pattern(
    reporter: Reporter, before: list[tuple[str, dict[str, Any]]], slug: str, data: dict[str, Any], message: str
) -> None:
    reporter.answer_all(before)
    response = reporter.answer(slug, data)
    assert response.status_code == 200
    page = parse(response)
    assert errors_of(page) == [message]
    assert message in field_error(page)
    assert page.title.get_text().startswith("Error: ")
    for link in page.select(".govuk-error-summary__list a"):
        assert page.select_one(str(link["href"])) is not None, f"the summary links to a missing {link['href']}"


def test_what_was_typed_is_kept_when_a_page_has_an_error(reporter: Reporter) -> None:
    reporter.answer_all(AT_AN_ADDRESS)
    page = parse(reporter.answer("address", {"address": "Flat 2, Elm Court", "postcode": "NOPE"}))
    assert page.select_one("textarea[name=address]").get_text() == "Flat 2, Elm Court"
    assert page.select_one("input[name=postcode]")["value"] == "NOPE"


@pytest.mark.parametrize(
    ("slug", "data"),
    [
        ("when", {"occurred_on": ["", "", ""], "occurred_text": ""}),
        ("in-your-own-words", {"description": ""}),
        ("your-name", {"name": ""}),
    ],
)
def test_questions_the_policy_lets_people_skip_can_be_left_blank(
    reporter: Reporter, slug: str, data: dict[str, Any]
) -> None:
    reporter.answer_all(CONTACTABLE)
    assert reporter.answer(slug, data).status_code == 302


def test_a_third_party_is_asked_about_the_victim_in_their_words(reporter: Reporter) -> None:
    reporter.answer_all([("who", {"role": "third_party"}), ("victim-agrees", {"answer": "yes"})])
    heading = reporter.get("/report/unsafe-at-home").select_one("h1").get_text(strip=True)
    assert heading == "Does the person it happened to feel unsafe in their home because of this?"
    police = reporter.get("/report/consent-police").select_one("h1").get_text(strip=True)
    assert police == "Does the person it happened to agree to us sharing this report with the police?"


def test_a_victim_is_asked_in_their_own_words(reporter: Reporter) -> None:
    reporter.answer_all([("who", {"role": "victim"})])
    heading = reporter.get("/report/unsafe-at-home").select_one("h1").get_text(strip=True)
    assert heading == "Do you feel unsafe in your home because of this?"


def test_a_question_that_does_not_apply_sends_you_on(reporter: Reporter) -> None:
    reporter.answer_all([("who", {"role": "victim"})])
    response = reporter.client.get("/report/victim-agrees")
    assert response.status_code == 302 and response.location == "/report/what-happened"


def test_sending_the_reference_is_offered_only_by_methods_marked_safe(reporter: Reporter) -> None:
    reporter.answer_all(SAFE_EMAIL)
    offered = [radio["value"] for radio in reporter.get("/report/send-reference").select("input[name=send]")]
    assert offered == ["email", "none"]


def test_sending_the_reference_is_not_offered_when_messages_are_not_safe(reporter: Reporter) -> None:
    reporter.answer_all([*SAFE_EMAIL[:-1], ("messages-safe", {"answer": "no"})])
    response = reporter.client.get("/report/send-reference")
    assert response.status_code == 302 and response.location != "/report/send-reference"


def test_an_unknown_page_is_a_kind_404(reporter: Reporter) -> None:
    page = reporter.get("/report/nowhere", status=404)
    assert page.select_one("h1").get_text(strip=True) == "Page not found"


def test_a_third_party_is_not_asked_the_victims_consent_to_contact_when_they_cannot_be_contacted(
    reporter: Reporter,
) -> None:
    reporter.answer_all([("who", {"role": "third_party"}), ("contact", {"contact": "yes"})])
    reporter.answer_all([("victim-contact", {"answer": "no"}), ("victim-agrees", {"answer": "yes"})])
    assert reporter.client.get("/report/consent-contact").status_code == 302  # not asked: sent on
    reporter.answer_all([("victim-contact", {"answer": "yes"})])
    assert reporter.client.get("/report/consent-contact").status_code == 200
