"""Real mail nobody here wrote (../shared/corpus/email): nothing crashes, nothing is lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from intake.models import InboundItem, Report
from tests.email.conftest import ROOT

CORPUS = ROOT / ".." / "shared" / "corpus" / "email"
# Each file exactly one report (flagged where it could not be parsed) or a recognised auto-reply or bounce.
OUTCOME = re.compile(r"^(?P<path>.+\.eml): (?P<label>new report|needs review \(new report\)|auto-reply)( HPG-\S+)?$")


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.fail(f"the shared email corpus is missing: expected it at {CORPUS.resolve()} (../shared/corpus/email)")
    return sorted(CORPUS.glob("*.eml"))


def test_every_corpus_message_is_one_report_or_a_recognised_auto_reply(email_app, email_intake):
    files = corpus_files()
    result = email_app.test_cli_runner().invoke(args=["ingest-eml", str(CORPUS)])
    assert result.exit_code == 0, result.output
    outcomes = [OUTCOME.match(line) for line in result.output.splitlines()]
    assert all(outcomes) and len(outcomes) == len(files), result.output
    labels = [outcome["label"] for outcome in outcomes if outcome]
    with email_intake.db.read() as session:
        stored = session.scalar(select(func.count()).select_from(InboundItem))
        reports = session.scalar(select(func.count()).select_from(Report))
    assert stored == len(files)  # every message kept raw, duplicates included
    assert reports == sum(label != "auto-reply" for label in labels)
    assert "auto-reply" in labels  # failure.eml is a delivery report


def test_the_corpus_again_is_all_duplicates(email_app, email_intake):
    corpus_files()
    runner = email_app.test_cli_runner()
    runner.invoke(args=["ingest-eml", str(CORPUS)])
    again = runner.invoke(args=["ingest-eml", str(CORPUS)])
    assert again.exit_code == 0
    assert all(line.split(": ", 1)[1].startswith("duplicate") for line in again.output.splitlines())
