"""The three journeys of issue 5, as answers page by page: used by the client tests and the browser tests."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import VICTIM_ANONYMOUS

Journey = list[tuple[str, dict[str, Any]]]

WITNESS_WITH_PHOTOS: Journey = [
    ("who", {"role": "witness"}),
    ("what-happened", {"incident_types": ["vandalism_or_arson", "graffiti_or_literature"]}),
    ("why", {"characteristics": ["alternative_subculture"]}),
    ("when", {"occurred_on": ["14", "11", "2026"], "occurred_text": "About 9pm"}),
    ("where", {"where": "address"}),
    ("address", {"address": "Elm Court", "postcode": "ls11aa"}),
    ("in-your-own-words", {"description": "Two men sprayed slurs on the goth couple's door and kicked it in."}),
    ("anyone-hurt", {"answer": "no"}),
    ("children", {"answer": "not_sure"}),
    ("unsafe-at-home", {"answer": "not_sure"}),
    ("damage", {"answer": "yes"}),
    ("graffiti", {"answer": "yes"}),
    ("person-responsible", {"known": ["lives_nearby", "is_tenant"]}),
    # photos: added by the caller
    ("contact", {"contact": "yes"}),
    ("your-name", {"name": "Alex Witness"}),
    (
        "contact-methods",
        {
            "methods": ["email", "phone"],
            "email": "Alex@Example.org",
            "phone": "07700 900982",
            "safe_times": "Weekday evenings",
        },
    ),
    ("messages-safe", {"answer": "yes"}),
    ("send-reference", {"send": "email"}),
    ("consent-contact", {"answer": "yes"}),
    ("consent-police", {"answer": "yes"}),
    ("consent-partners", {"answer": "yes"}),
    ("consent-panel", {"answer": "no"}),
]
WITNESS_BEFORE_PHOTOS, WITNESS_AFTER_PHOTOS = WITNESS_WITH_PHOTOS[:13], WITNESS_WITH_PHOTOS[13:]

THIRD_PARTY: Journey = [
    ("who", {"role": "third_party"}),
    ("what-happened", {"incident_types": ["threats", "assault"]}),
    ("why", {"characteristics": ["disability", "transgender"]}),
    ("when", {"occurred_on": ["", "", ""], "occurred_text": "Last week"}),
    ("where", {"where": "area"}),
    ("place", {"area": "Riverside estate"}),
    ("in-your-own-words", {"description": "My client was pushed and threatened at the bus stop."}),
    ("anyone-hurt", {"answer": "yes"}),
    ("children", {"answer": "no"}),
    ("unsafe-at-home", {"answer": "yes"}),
    ("damage", {"answer": "no"}),
    ("graffiti", {"answer": "no"}),
    ("person-responsible", {"known": ["is_staff"]}),
    ("photos-and-documents", {"action": "continue"}),
    ("contact", {"contact": "yes"}),
    ("your-name", {"name": "Sam Adviser"}),
    ("contact-methods", {"methods": ["sms"], "phone": "07700 900123", "safe_times": ""}),
    ("messages-safe", {"answer": "no"}),  # so no reference is sent, even by a safe method
    ("victim-contact", {"answer": "yes"}),
    ("victim-name", {"name": "Jo Victim"}),
    (
        "victim-contact-methods",
        {
            "methods": ["through_named_person"],
            "named_person": "Through Sam at the advice centre",
            "safe_times": "Only through Sam",
        },
    ),
    ("victim-agrees", {"answer": "yes"}),
    ("consent-contact", {"answer": "yes"}),
    ("consent-police", {"answer": "no"}),
    ("consent-partners", {"answer": "yes"}),
    ("consent-panel", {"answer": "yes"}),
]

__all__ = ["THIRD_PARTY", "VICTIM_ANONYMOUS", "WITNESS_AFTER_PHOTOS", "WITNESS_BEFORE_PHOTOS", "Journey"]
