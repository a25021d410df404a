"""The risk and vulnerability assessment (policy 4.4): questions and weights from configuration.

A pure scoring rule over a loaded ``RiskModel``, so the landlord can change the questions and
thresholds without a code change, and tests can check the rule without a database.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from config import ConfigError
from intake.vocabulary import RiskLevel

SETTING = "RISK_ASSESSMENT_FILE"


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    weight: int


@dataclass(frozen=True)
class RiskModel:
    questions: tuple[Question, ...]
    high: int
    medium: int

    def score(self, answers: Mapping[str, bool]) -> int:
        """The sum of the weights of the questions answered yes."""
        return sum(question.weight for question in self.questions if answers.get(question.id))

    def level(self, score: int) -> RiskLevel:
        """High at or above the high threshold, medium at or above medium, else standard."""
        if score >= self.high:
            return RiskLevel.HIGH
        return RiskLevel.MEDIUM if score >= self.medium else RiskLevel.STANDARD


def load_risk_model(path: Path) -> RiskModel:
    """Read and check the file; a malformed one stops start-up naming the setting."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(SETTING, f"cannot be read as TOML: {error}") from None
    return RiskModel(_questions(data.get("questions")), *_thresholds(data.get("thresholds")))


def _questions(raw: Any) -> tuple[Question, ...]:
    if not isinstance(raw, list) or not raw:
        raise ConfigError(SETTING, "must list at least one [[questions]] entry")
    questions = tuple(_question(entry) for entry in raw)
    if len({question.id for question in questions}) != len(questions):
        raise ConfigError(SETTING, "has two questions with the same id")
    return questions


def _question(entry: Any) -> Question:
    if not isinstance(entry, dict):
        raise ConfigError(SETTING, "has a question that is not a table")
    qid, text, weight = entry.get("id"), entry.get("text"), entry.get("weight")
    if not (isinstance(qid, str) and qid.isidentifier() and isinstance(text, str) and text.strip()):
        raise ConfigError(SETTING, "needs an id (a plain word) and a text for every question")
    if not isinstance(weight, int) or isinstance(weight, bool) or weight < 0:
        raise ConfigError(SETTING, f"needs a whole, non-negative weight for question {qid!r}")
    return Question(qid, text.strip(), weight)


def _thresholds(raw: Any) -> tuple[int, int]:
    if not isinstance(raw, dict):
        raise ConfigError(SETTING, "needs a [thresholds] table with high and medium")
    high, medium = raw.get("high"), raw.get("medium")
    if not (isinstance(high, int) and isinstance(medium, int) and 0 <= medium <= high):
        raise ConfigError(SETTING, "needs whole thresholds with 0 <= medium <= high")
    return high, medium
