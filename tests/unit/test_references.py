"""References: short, unambiguous, not sequential, and a mistyped one never matches another."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from intake.references import ALPHABET, find_references, new_reference, parse_reference


def test_a_reference_has_the_prefix_and_an_unambiguous_alphabet() -> None:
    reference = new_reference("HPG")
    assert re.fullmatch(r"HPG-[A-Z2-9]{4}-[A-Z2-9]{4}", reference)
    assert not set(reference[4:].replace("-", "")) & set("01OIL")


def test_references_are_not_sequential() -> None:
    references = {new_reference("HPG") for _ in range(1000)}
    assert len(references) == 1000


def test_a_reference_parses_however_it_is_typed() -> None:
    reference = new_reference("HPG")
    body = reference[4:].replace("-", "")
    assert parse_reference(reference, "HPG") == reference
    assert parse_reference(reference.lower(), "HPG") == reference
    assert parse_reference(f" hpg {body[:4]} {body[4:]} ", "HPG") == reference
    assert parse_reference(body, "HPG") == reference


@given(st.data())
def test_any_single_mistyped_character_is_recognised_as_invalid(data: st.DataObject) -> None:
    reference = new_reference("HPG")
    body = reference[4:].replace("-", "")
    position = data.draw(st.integers(0, len(body) - 1))
    wrong = data.draw(st.sampled_from([c for c in ALPHABET if c != body[position]]))
    typo = body[:position] + wrong + body[position + 1 :]
    assert parse_reference(typo, "HPG") is None


def test_swapped_neighbours_are_almost_always_invalid() -> None:
    caught = total = 0
    for _ in range(2000):
        body = new_reference("HPG")[4:].replace("-", "")
        for i in range(len(body) - 1):
            if body[i] != body[i + 1]:
                total += 1
                swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
                caught += parse_reference(swapped, "HPG") is None
    assert caught / total > 0.99


def test_letters_outside_the_alphabet_are_invalid() -> None:
    assert parse_reference("HPG-O0I1-LU23", "HPG") is None


def test_references_are_found_in_free_text() -> None:
    first, second = new_reference("HPG"), new_reference("HPG")
    text = f"Re: your report {first.lower()} - also see {second.replace('-', ' ')} and HPG-AAAA-AAAA"
    assert find_references(text, "HPG") == [first, second]


def test_a_reference_is_not_found_inside_a_longer_word() -> None:
    reference = new_reference("HPG")
    assert find_references(f"X{reference.replace('-', '')}9", "HPG") == []
