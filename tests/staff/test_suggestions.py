"""Suggestions from the reporter's own words: a small word list, matched at the start of words."""

from __future__ import annotations

from intake.casework.suggestions import suggest


def test_words_suggest_characteristics_and_incident_types() -> None:
    found = suggest("He shouted homophobic abuse and sprayed graffiti on the mosque wall")
    assert set(found.characteristics) == {"sexual_orientation", "religion"}
    assert set(found.incident_types) == {"verbal_abuse", "graffiti_or_literature"}


def test_words_inside_other_words_do_not_count() -> None:
    found = suggest("I was told the agency would transport the broken chair")
    assert found.characteristics == ()
    assert found.incident_types == ("vandalism_or_arson",)  # "broken" starts with "broke"
