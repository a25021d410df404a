"""The risk assessment's questions, weights and thresholds come from a file the landlord can change."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import ConfigError
from intake.casework.risk import load_risk_model
from intake.vocabulary import RiskLevel
from tests.conftest import make_test_app

SHIPPED = Path(__file__).resolve().parents[2] / "config" / "risk_assessment.toml"


def test_the_shipped_model_scores_yes_answers_by_their_weights() -> None:
    model = load_risk_model(SHIPPED)
    assert model.score({"threats": True, "injury": True, "isolated": False}) == 9
    assert model.level(9) is RiskLevel.MEDIUM
    assert model.level(model.high) is RiskLevel.HIGH
    assert model.level(model.medium - 1) is RiskLevel.STANDARD


def test_another_file_can_replace_the_questions(tmp_path: Path) -> None:
    own = tmp_path / "risk.toml"
    own.write_text('[thresholds]\nhigh = 2\nmedium = 1\n[[questions]]\nid = "q"\ntext = "Is it bad?"\nweight = 2\n')
    model = load_risk_model(own)
    assert [q.text for q in model.questions] == ["Is it bad?"] and model.level(
        model.score({"q": True})
    ) is RiskLevel.HIGH


@pytest.mark.parametrize(
    "content",
    [
        "not toml [",
        "[thresholds]\nhigh = 2\nmedium = 1\n",
        '[thresholds]\nhigh = 1\nmedium = 2\n[[questions]]\nid = "q"\ntext = "Q?"\nweight = 1\n',
        '[thresholds]\nhigh = 2\nmedium = 1\n[[questions]]\nid = "q"\ntext = "Q?"\nweight = -1\n',
    ],
)
def test_a_malformed_file_stops_start_up_naming_the_setting(tmp_path: Path, database_url: str, content: str) -> None:
    broken = tmp_path / "risk.toml"
    broken.write_text(content)
    with pytest.raises(ConfigError) as stopped:
        make_test_app(database_url, tmp_path, RISK_ASSESSMENT_FILE=str(broken))
    assert stopped.value.setting == "RISK_ASSESSMENT_FILE"


@pytest.mark.parametrize("name", ["STAFF_ALERT_LEAD_MINUTES", "STAFF_INVITATION_HOURS"])
@pytest.mark.parametrize("value", ["0", "soon"])
def test_staff_clock_settings_must_be_positive_whole_numbers(name: str, value: str) -> None:
    from config import load_settings

    with pytest.raises(ConfigError) as stopped:
        load_settings({name: value, "SECRET_KEY": "a test key of enough length"})
    assert stopped.value.setting == name
