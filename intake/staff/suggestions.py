"""Suggested characteristics and incident types for free-text reports, from a small word list.

Only ever suggestions: staff confirm or change them (the victim's perception decides, policy 2.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intake.vocabulary import Characteristic, IncidentType

CHARACTERISTIC_WORDS: dict[Characteristic, tuple[str, ...]] = {
    Characteristic.RACE: (
        "race",
        "racist",
        "racial",
        "colour",
        "black",
        "asian",
        "foreigner",
        "immigrant",
        "nationality",
    ),
    Characteristic.RELIGION: (
        "religion",
        "muslim",
        "jewish",
        "christian",
        "sikh",
        "hindu",
        "mosque",
        "church",
        "synagogue",
    ),
    Characteristic.DISABILITY: ("disabled", "disability", "wheelchair", "blind", "deaf", "autistic"),
    Characteristic.AGE: ("elderly", "pensioner", "old man", "old woman", "old lady", "too old"),
    Characteristic.SEX: ("woman", "women", "sexist", "misogyn"),
    Characteristic.SEXUAL_ORIENTATION: ("gay", "lesbian", "bisexual", "homophobic", "queer"),
    Characteristic.TRANSGENDER: ("transgender", "transphobic", "tranny"),
    Characteristic.ALTERNATIVE_SUBCULTURE: ("goth", "emo", "punk", "metaller"),
}

INCIDENT_WORDS: dict[IncidentType, tuple[str, ...]] = {
    IncidentType.VERBAL_ABUSE: ("shout", "abuse", "called me", "insult", "swore", "names"),
    IncidentType.ASSAULT: ("hit", "punch", "kick", "assault", "attack", "push", "spat"),
    IncidentType.VANDALISM_OR_ARSON: ("vandal", "smash", "broke", "damage", "fire", "arson"),
    IncidentType.GRAFFITI_OR_LITERATURE: ("graffiti", "spray", "painted", "leaflet", "letter", "sticker"),
    IncidentType.THREATS: ("threat", "kill", "hurt you", "burn"),
}


@dataclass(frozen=True)
class Suggestions:
    characteristics: tuple[str, ...]
    incident_types: tuple[str, ...]


def suggest(text: str) -> Suggestions:
    """Codes whose words start a word in ``text`` (so "racist" and "racially" both count)."""
    lowered = text.lower()
    return Suggestions(_matches(CHARACTERISTIC_WORDS, lowered), _matches(INCIDENT_WORDS, lowered))


def _matches(
    words: dict[Characteristic, tuple[str, ...]] | dict[IncidentType, tuple[str, ...]], text: str
) -> tuple[str, ...]:
    return tuple(code.value for code, stems in words.items() if any(_starts_a_word(stem, text) for stem in stems))


def _starts_a_word(stem: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(stem)}", text) is not None
