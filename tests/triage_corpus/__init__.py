"""The labelled sets: short reports written as residents, witnesses and agencies write them, with
the signals a careful member of staff would take from each (issue 11, item 5).

Each line holds ``channel`` (sms or email), ``text`` and ``expected``, the signals a reader would
mark. Triage signals are policy 4.4, 4.10 and 4.11; characteristics are policy 2.1. Incident types
(policy 2.2) are not labelled: they stay suggestions.

- ``labelled.jsonl`` (217): the first 172 were written before the phrase list; the phrase list was
  then written and corrected against them, and against the next 45, written afterwards as a check
  and then used to correct it too. The floors are tested on this set; its figures are optimistic.
- ``unseen.jsonl`` (40): written after the phrase list was frozen and never used to change it.
  ``make bench`` reports its figures as the honest estimate for new reports; it is not tested
  against the floors (it does not meet them: see docs/triage-reading.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from intake.reading.signals import SAFEGUARDING, WORKS, Signal
from intake.vocabulary import Characteristic

LABELLED = Path(__file__).with_name("labelled.jsonl")
UNSEEN = Path(__file__).with_name("unseen.jsonl")
MEASURED = (*(s.value for s in Signal), *(c.value for c in Characteristic if c not in {"other", "not_sure"}))
RECALL_FLOOR = {s.value: 0.95 for s in (*SAFEGUARDING, *WORKS)}  # policy 4.4, 4.10
PRECISION_FLOOR = 0.8  # over every measured signal together


@dataclass(frozen=True)
class Labelled:
    id: int
    channel: str
    text: str
    expected: frozenset[str]


@dataclass(frozen=True)
class Score:
    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def recall(self) -> float:
        found = self.true_positive + self.false_negative
        return self.true_positive / found if found else 1.0

    @property
    def precision(self) -> float:
        said = self.true_positive + self.false_positive
        return self.true_positive / said if said else 1.0


def labelled(path: Path = LABELLED) -> list[Labelled]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Labelled(r["id"], r["channel"], r["text"], frozenset(r["expected"])) for r in rows]


def score(cases: Iterable[Labelled], read: Callable[[Labelled], set[str]]) -> dict[str, Score]:
    """Per measured signal, and ``overall`` for all of them together."""
    counts = {name: [0, 0, 0] for name in (*MEASURED, "overall")}
    for case in cases:
        found = read(case) & set(MEASURED)
        for name in MEASURED:
            said, meant = name in found, name in case.expected
            slot = 0 if said and meant else 1 if said else 2 if meant else None
            if slot is not None:
                counts[name][slot] += 1
                counts["overall"][slot] += 1
    return {name: Score(*c) for name, c in counts.items()}


def below_floors(scores: dict[str, Score]) -> list[str]:
    """What falls below the issue's floors, in words; empty when every floor is met."""
    short = [f"{n} recall {scores[n].recall:.2f}" for n, floor in RECALL_FLOOR.items() if scores[n].recall < floor]
    if scores["overall"].precision < PRECISION_FLOOR:
        short.append(f"overall precision {scores['overall'].precision:.2f}")
    return short


OUTCOMES = ("immediate", "graffiti_removal", "emergency_repair", "restricted")
OUTCOME_RECALL_FLOOR = {"immediate": 0.95, "graffiti_removal": 0.95, "emergency_repair": 0.95}


def expected_outcomes(case: Labelled) -> set[str]:
    """What the labels mean once triaged: priority, works orders and restriction (policy 4.4, 4.10, 4.11)."""
    outcomes = {"immediate"} if case.expected & {s.value for s in SAFEGUARDING} else set()
    outcomes |= {WORKS[Signal(s)].value for s in case.expected if s in {w.value for w in WORKS}}
    return outcomes | ({"restricted"} if Signal.RESPONSIBLE_IS_STAFF.value in case.expected else set())


def exported_outcomes(record: dict[str, object]) -> set[str]:
    """The same, read back from one exported report."""
    works = record["works"]
    assert isinstance(works, list)
    outcomes = {"immediate"} if record["priority"] == "immediate" else set()
    return outcomes | {w["kind"] for w in works} | ({"restricted"} if record["restricted"] else set())


def score_outcomes(pairs: Iterable[tuple[Labelled, dict[str, object]]]) -> dict[str, Score]:
    counts = {name: [0, 0, 0] for name in (*OUTCOMES, "overall")}
    for case, record in pairs:
        meant, said = expected_outcomes(case), exported_outcomes(record)
        for name in OUTCOMES:
            slot = 0 if name in said and name in meant else 1 if name in said else 2 if name in meant else None
            if slot is not None:
                counts[name][slot] += 1
                counts["overall"][slot] += 1
    return {name: Score(*c) for name, c in counts.items()}


def outcomes_below_floors(scores: dict[str, Score]) -> list[str]:
    short = [f"{n} recall {scores[n].recall:.2f}" for n, f in OUTCOME_RECALL_FLOOR.items() if scores[n].recall < f]
    if scores["overall"].precision < PRECISION_FLOOR:
        short.append(f"overall precision {scores['overall'].precision:.2f}")
    return short


def works_late(record: dict[str, object]) -> list[str]:
    """Works orders not due exactly 24 hours after the report was received (policy 4.10)."""
    from datetime import datetime, timedelta

    received = datetime.fromisoformat(str(record["received_at"]))
    works = record["works"]
    assert isinstance(works, list)
    return [w["kind"] for w in works if datetime.fromisoformat(w["due"]) != received + timedelta(hours=24)]
