"""Data keys in the database: made with each report and case, rotated by a command, destroyed, checked at start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update

from config import ConfigError, load_settings
from intake.accounts.staff_users import create_staff
from intake.app import create_app
from intake.case_tables import Case
from intake.casework.decisions import accept_into_case
from intake.context import Intake
from intake.models import AuditEvent, InboundItem, Report
from intake.sealing import PLACEHOLDER, Cell, SealBroken
from intake.sealing.upkeep import data_key_of
from tests.conftest import TEST_ENCRYPTION_KEYS, encryption_keys_json, fixed_key, make_test_app, settings_for_tests
from tests.factories import add, submit
from tests.raw_items import raw_items

ROOT = Path(__file__).resolve().parents[2]
WORDS = "A marker word: periwinkle."


def seal_description(intake: Intake, reference: str) -> tuple[Cell, str]:
    """The report's words sealed under its own data key, as the services will store them."""
    cell = Cell("reports", "description", reference)
    with intake.db.read() as session:
        report = session.scalars(select(Report).where(Report.reference == reference)).one()
        return cell, data_key_of(intake.keyring, report).seal(cell, WORDS)


def read_back(intake: Intake, reference: str, cell: Cell, sealed: str) -> str:
    with intake.db.read() as session:
        report = session.scalars(select(Report).where(Report.reference == reference)).one()
        return data_key_of(intake.keyring, report).unseal(cell, sealed)


def key_versions(intake: Intake) -> set[tuple[str | None, int | None]]:
    with intake.db.read() as session:
        rows = [*session.execute(select(Report.data_key_kek_id, Report.data_key_kek_version))]
        rows += [*session.execute(select(Case.data_key_kek_id, Case.data_key_kek_version))]
        rows += [*session.execute(select(InboundItem.data_key_kek_id, InboundItem.data_key_kek_version))]
    return {(row[0], row[1]) for row in rows}


def report_id(intake: Intake, reference: str) -> int:
    with intake.db.read() as session:
        return session.scalars(select(Report.id).where(Report.reference == reference)).one()


def new_case(intake: Intake, reference: str) -> str:
    manager, _ = create_staff(intake, "manager@landlord.example.org", "Manager", "a long staff password", "manager")
    return accept_into_case(intake, manager, reference)


def app_with_keys(database_url: str, tmp_path: Path, *keks: tuple[str, int]) -> Flask:
    return make_test_app(database_url, tmp_path, ENCRYPTION_KEYS=encryption_keys_json(*keks))


def test_each_report_and_case_gets_its_own_key_under_the_newest_key_encryption_key(intake: Intake) -> None:
    first, second = submit(intake).reference, submit(intake).reference
    assert first and second
    new_case(intake, first)
    with intake.db.read() as session:
        keys = list(session.scalars(select(Report.data_key))) + list(session.scalars(select(Case.data_key)))
    assert len(set(keys)) == 3 and None not in keys
    assert key_versions(intake) == {("test", 1)}


def test_rotation_rewraps_every_key_and_the_old_key_can_then_be_removed(
    intake: Intake, database_url: str, tmp_path: Path
) -> None:
    old = [submit(intake).reference for _ in range(3)]
    new_case(intake, str(old[0]))
    sealed = {reference: seal_description(intake, str(reference)) for reference in old}

    rotating_app = app_with_keys(database_url, tmp_path, ("test", 1), ("test", 2))
    rotating = rotating_app.extensions["intake"]
    newer = str(submit(rotating).reference)
    sealed[newer] = seal_description(rotating, newer)
    assert key_versions(intake) == {("test", 1), ("test", 2)}  # mid-rotation: both in use, both read
    assert all(read_back(rotating, str(ref), *value) == WORDS for ref, value in sealed.items())

    runner = rotating_app.test_cli_runner()
    result = runner.invoke(args=["rotate-keys", "--batch", "2"])
    assert result.exit_code == 0, result.output
    assert "rewrapped 3 reports, 1 cases, 3 inbound items, " in result.output
    assert "under key-encryption key test version 2" in result.output
    assert (
        "rewrapped 0 reports, 0 cases, 0 inbound items, 0 outbox messages, 0 partner invitations, "
        "0 partner users, 0 staff users, 0 subject access requests, 0 attachment files"
        in runner.invoke(args=["rotate-keys"]).output
    )
    assert key_versions(intake) == {("test", 2)}

    only_new = app_with_keys(database_url, tmp_path, ("test", 2)).extensions["intake"]
    assert all(read_back(only_new, str(ref), *value) == WORDS for ref, value in sealed.items())
    assert set(raw_items(only_new)) == {b"raw input"}  # the raw items' keys were rewrapped too
    rotating.db.dispose()
    only_new.db.dispose()


def test_a_key_moved_to_another_report_does_not_open(intake: Intake) -> None:
    first, second = str(submit(intake).reference), str(submit(intake).reference)
    _, sealed = seal_description(intake, first)
    with intake.db.begin() as session:
        wrapped = session.scalars(select(Report).where(Report.reference == first)).one().wrapped_key
        assert wrapped is not None
        session.execute(update(Report).where(Report.reference == second).values(**wrapped.columns()))
    with pytest.raises(SealBroken):
        read_back(intake, second, Cell("reports", "description", second), sealed)


def test_a_destroyed_case_key_reads_as_the_placeholder_for_the_case_and_its_reports(app: Flask, intake: Intake) -> None:
    reference = str(submit(intake).reference)
    other = str(submit(intake).reference)
    cell, sealed = seal_description(intake, reference)
    other_cell, other_sealed = seal_description(intake, other)
    new_case(intake, reference)

    result = app.test_cli_runner().invoke(args=["destroy-data-key", "--case", reference.lower(), "--yes"])
    assert result.exit_code == 0, result.output
    assert f"destroyed 3 data keys of case {reference}" in result.output  # the case's, the report's, its raw item's
    assert read_back(intake, reference, cell, sealed) == PLACEHOLDER
    assert read_back(intake, other, other_cell, other_sealed) == WORDS  # another report keeps its key
    assert raw_items(intake, InboundItem.report_id == report_id(intake, reference)) == [PLACEHOLDER.encode()]
    assert raw_items(intake, InboundItem.report_id == report_id(intake, other)) != [PLACEHOLDER.encode()]
    with intake.db.read() as session:
        case = session.scalars(select(Case).where(Case.reference == reference)).one()
        assert case.wrapped_key is None
        actions = list(session.scalars(select(AuditEvent.action)))
    assert "data_keys_destroyed" in actions


def test_a_wrong_or_missing_key_encryption_key_stops_start_up_in_one_line(
    intake: Intake, database_url: str, tmp_path: Path
) -> None:
    submit(intake)
    with pytest.raises(ConfigError) as raised:
        create_app(settings_for_tests(database_url, tmp_path, ENCRYPTION_KEYS=encryption_keys_json(("other", 1))))
    assert str(raised.value.code) == (
        "configuration error: ENCRYPTION_KEYS does not open the data keys in the database: "
        "key-encryption key test version 1 is not in ENCRYPTION_KEYS"
    )
    same_name_other_bytes = json.loads(TEST_ENCRYPTION_KEYS)
    same_name_other_bytes["key_encryption_keys"][0]["key"] = fixed_key("not the test key")
    wrong = json.dumps(same_name_other_bytes)
    with pytest.raises(ConfigError, match="does not open under key-encryption key test version 1: a wrong key"):
        create_app(settings_for_tests(database_url, tmp_path, ENCRYPTION_KEYS=wrong))


def without_keys(**env: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"ENCRYPTION_KEYS", "ENCRYPTION_KEY_FILE"}}
    return {**environment, "PATH": f"{Path(sys.executable).parent}:{environment.get('PATH', '')}", **env}


def test_a_production_start_without_keys_stops_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "intake.app", "init-db"],
        cwd=ROOT,
        env=without_keys(DATABASE_URL=f"sqlite:///{tmp_path}/x.db", SECRET_KEY="x" * 32, PRODUCTION="1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "configuration error: ENCRYPTION_KEYS or ENCRYPTION_KEY_FILE is required: "
        "only `make run` and other `flask` commands make one up"
    ]
    monkeypatch.delenv("ENCRYPTION_KEYS")
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    with pytest.raises(ConfigError) as raised:
        load_settings({"SECRET_KEY": "x" * 32})  # gunicorn or any other server: never a made-up file
    assert raised.value.setting == "ENCRYPTION_KEYS"
    with pytest.raises(ConfigError, match=r"ENCRYPTION_KEY_FILE names .*, which is not a file"):
        load_settings({"SECRET_KEY": "x" * 32, "ENCRYPTION_KEY_FILE": str(tmp_path / "nowhere.json")})


def test_a_message_for_a_report_whose_key_was_destroyed_is_kept_raw_for_a_person(app: Flask, intake: Intake) -> None:
    """Nothing lost: a later message cannot be sealed under a destroyed key, so it is kept, raw, for review."""
    reference = str(submit(intake).reference)
    new_case(intake, reference)
    result = app.test_cli_runner().invoke(args=["destroy-data-key", "--case", reference, "--yes"])
    assert result.exit_code == 0, result.output

    kept = add(intake, reference, text="They came back tonight.", key="after-the-purge")

    assert kept.reference != reference
    with intake.db.read() as session:
        report = session.scalars(select(Report).where(Report.reference == kept.reference)).one()
        assert report.needs_review
        assert any("could not be created as usual" in reason for reason in report.review_reasons)
        item = session.scalars(select(InboundItem).where(InboundItem.key == "after-the-purge")).one()
        assert item.report_id == report.id
