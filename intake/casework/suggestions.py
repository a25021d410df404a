"""Suggested characteristics and incident types for free-text reports, from the phrase book.

Only ever suggestions: staff confirm or change them (the victim's perception decides, policy 2.1).
The words live with every other signal's in ``config/signals/`` (issue 11).
"""

from __future__ import annotations

from dataclasses import dataclass

from intake.reading.signals import infer
from intake.vocabulary import Characteristic, IncidentType


@dataclass(frozen=True)
class Suggestions:
    characteristics: tuple[str, ...]
    incident_types: tuple[str, ...]


def suggest(text: str) -> Suggestions:
    """Policy 2.1 and 2.2 codes whose phrases occur in ``text``, in the code lists' order."""
    found = {f.signal for f in infer(text)}
    return Suggestions(
        tuple(c.value for c in Characteristic if c.value in found),
        tuple(t.value for t in IncidentType if t.value in found),
    )
