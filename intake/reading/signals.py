"""What each inferred signal means for triage: err on the side of the victim.

An inferred signal acts exactly as the same question answered "yes" would (policy 4.4, 4.10,
4.11); staff may then confirm or remove it. Characteristics and incident types (policy 2.1,
2.2) stay suggestions for staff to confirm: the victim's perception decides those.
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from intake.drafts import ResponsiblePerson, SafetyFlags
from intake.reading.words import Found, find, phrase_book
from intake.vocabulary import Answer, WorkKind


class Signal(StrEnum):
    """The signals that change triage; each is named as the report's own flag."""

    THREAT_TO_LIFE = "threat_to_life"  # policy 4.4
    INJURY = "injury"  # policy 4.4
    CHILDREN_AFFECTED = "children_affected"  # policy 4.4
    FEELS_UNSAFE_AT_HOME = "feels_unsafe_at_home"  # policy 4.4
    GRAFFITI_TO_REMOVE = "graffiti_to_remove"  # policy 4.10
    DAMAGE_NEEDING_REPAIR = "damage_needing_repair"  # policy 4.10
    RESPONSIBLE_IS_STAFF = "responsible_is_staff"  # policy 4.11


SAFEGUARDING = frozenset({Signal.THREAT_TO_LIFE, Signal.INJURY, Signal.CHILDREN_AFFECTED, Signal.FEELS_UNSAFE_AT_HOME})
WORKS = {Signal.GRAFFITI_TO_REMOVE: WorkKind.GRAFFITI_REMOVAL, Signal.DAMAGE_NEEDING_REPAIR: WorkKind.EMERGENCY_REPAIR}
TRIAGE_SIGNALS = frozenset(Signal)


def infer(text: str) -> list[Found]:
    """Every signal the words carry, triage signals and suggestions alike."""
    return find(text, phrase_book())


def triage_signals(found: list[Found]) -> list[Found]:
    """Only what changes triage (policy 4.4, 4.10, 4.11)."""
    return [f for f in found if f.signal in TRIAGE_SIGNALS]


def new_to(safety: SafetyFlags, responsible: ResponsiblePerson, found: list[Found]) -> list[Found]:
    """The triage signals the answers did not already say yes to: these are stored as inferred."""
    return [f for f in triage_signals(found) if not _answered_yes(safety, responsible, Signal(f.signal))]


def with_inferred(
    safety: SafetyFlags, responsible: ResponsiblePerson, found: list[Found]
) -> tuple[SafetyFlags, ResponsiblePerson]:
    """The answers with every inferred signal set, as if the question had been answered yes."""
    signals = {Signal(f.signal) for f in triage_signals(found)}
    flags = {s.value: Answer.YES for s in signals if s != Signal.RESPONSIBLE_IS_STAFF}
    if Signal.RESPONSIBLE_IS_STAFF in signals:
        responsible = replace(responsible, is_staff=Answer.YES)  # restricted to managers, who may lift it
    return replace(safety, **flags), responsible


def _answered_yes(safety: SafetyFlags, responsible: ResponsiblePerson, signal: Signal) -> bool:
    if signal == Signal.RESPONSIBLE_IS_STAFF:
        return responsible.is_staff is Answer.YES
    return safety.says_yes(signal.value)
