"""Reading residents' words (issue 11): normalising, negation, a second language, and the labelled set."""

from __future__ import annotations

from pathlib import Path

from intake.reading.signals import infer
from intake.reading.words import build_book, find, phrase_book
from tests.triage_corpus import below_floors, labelled, score


def signals(text: str) -> set[str]:
    return {f.signal for f in infer(text)}


def test_misspellings_text_speak_and_accents_are_read_as_meant() -> None:
    assert "threat_to_life" in signals("he thretened 2 burn ur flat")
    assert "graffiti_to_remove" in signals("GRAFITTI on the stairs")
    assert "feels_unsafe_at_home" in signals("I don\u2019t feel safe at home")
    assert "religion" in signals("they called me a dirty Muslím")


def test_a_negation_just_before_undoes_the_phrase_but_not_across_a_but() -> None:
    assert "injury" not in signals("no one was hurt")
    assert "injury" not in signals("I'm fine, not injured")
    assert "damage_needing_repair" in signals("nobody was injured but they broke the front door")


def test_words_inside_other_words_do_not_count() -> None:
    assert "transgender" not in signals("the transport was late")
    assert "children_affected" not in signals("my kidney appointment")
    assert signals("can someone call me back about my rent") == set()


def test_the_trigger_words_are_kept() -> None:
    (found,) = [f for f in infer("they put burning rags thru my letterbox") if f.signal == "threat_to_life"]
    assert (found.words, found.clause) == ("burning rags", "4.4")


def test_a_second_language_is_a_second_file(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text("threat_to_life | 4.4 | kill*\n")
    (tmp_path / "cy.txt").write_text("threat_to_life | 4.4 | lladd*\nnegation | - | dim\n")
    book = phrase_book(tmp_path)
    assert [f.signal for f in find("mae e am fy lladd i", book)] == ["threat_to_life"]
    assert find("dim lladd", book) == []


def test_a_malformed_line_names_its_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text("# fine\ninjury | 4.4\n")
    try:
        phrase_book(tmp_path)
    except ValueError as error:
        assert "en.txt line 2" in str(error)
    else:
        raise AssertionError("a malformed line was accepted")


def test_gaps_reach_three_words_and_no_further() -> None:
    book = build_book([("threat_to_life", "4.4", "burn* .. flat")])
    assert find("burn the whole bloody flat", book)
    assert not find("burn it and then the flat", book)


def test_the_labelled_set_meets_the_floors() -> None:
    """Recall at least 0.95 for safeguarding signs and works, precision at least 0.8 overall."""
    cases = labelled()
    scores = score(cases, lambda case: signals(case.text))
    assert len(cases) >= 150
    assert below_floors(scores) == []
