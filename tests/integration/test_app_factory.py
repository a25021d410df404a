"""The app factory: settings from the environment or a mapping; a bad one stops start-up in one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import ConfigError, load_settings
from intake.app import create_app
from tests.conftest import settings_for_tests

ROOT = Path(__file__).resolve().parents[2]


def flask_command(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "intake.app", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_mapping_overrides_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "a key from the environment")  # only the flask command makes one up
    monkeypatch.setenv("ORG_NAME", "From the environment")
    assert load_settings().ORG_NAME == "From the environment"
    assert load_settings({"ORG_NAME": "From the mapping"}).ORG_NAME == "From the mapping"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TIMEZONE", "Mars/Olympus"),
        ("CLOSE_OF_BUSINESS", "5pm"),
        ("HOLIDAYS_REGION", "Atlantis"),
        ("REFERENCE_PREFIX", "hp-9"),
        ("PUBLIC_BASE_URL", "report.example.org"),
        ("SMTP_PORT", "twenty-five"),
        ("SECRET_KEY", "short"),
        ("SESSION_ABSOLUTE_HOURS", "0"),
    ],
)
def test_a_malformed_setting_names_itself(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({name: value})
    assert raised.value.setting == name
    assert str(raised.value.code).startswith(f"configuration error: {name} ")


def test_start_up_stops_with_one_clear_line(tmp_path: Path) -> None:
    result = flask_command("init-db", DATABASE_URL=f"sqlite:///{tmp_path}/x.db", TIMEZONE="Mars/Olympus")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "configuration error: TIMEZONE is not a known time zone: 'Mars/Olympus'"
    ]


def test_a_channel_that_cannot_be_imported_stops_start_up(database_url: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"CHANNELS names 'channels\.pigeon'"):
        create_app(settings_for_tests(database_url, tmp_path, CHANNELS="channels.pigeon"))


def test_each_loaded_channel_checks_its_own_settings_and_only_those(database_url: str, tmp_path: Path) -> None:
    malformed = {"WEB_EXIT_URL": "http://www.bbc.co.uk/weather", "IMAP_SECURITY": "plain"}
    with pytest.raises(ConfigError) as raised:
        create_app(settings_for_tests(database_url, tmp_path, CHANNELS="channels.web", **malformed))
    assert str(raised.value.code) == (
        "configuration error: WEB_EXIT_URL must be an https URL of a neutral page, such as https://www.bbc.co.uk/weather"
    )
    with pytest.raises(ConfigError) as raised:
        create_app(settings_for_tests(database_url, tmp_path, CHANNELS="channels.email", **malformed))
    assert str(raised.value.code) == (
        "configuration error: IMAP_SECURITY must be 'tls' or 'starttls' (plain text is never used)"
    )
    quiet = create_app(settings_for_tests(database_url, tmp_path, CHANNELS="channels.assisted", **malformed))
    assert "web" not in quiet.extensions and "email" not in quiet.extensions  # neither started, neither checked
    quiet.extensions["intake"].db.dispose()


def test_init_db_creates_the_schema_and_is_safe_to_run_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/fresh.sqlite3"
    for _ in range(2):
        result = flask_command("init-db", DATABASE_URL=url, SECRET_KEY="x" * 32)
        assert result.returncode == 0, result.stderr
        assert "database is at the latest migration" in result.stdout


def test_init_db_on_an_up_to_date_database_changes_nothing(database_url: str, tmp_path: Path) -> None:
    result = flask_command("init-db", DATABASE_URL=database_url, SECRET_KEY="x" * 32)
    assert result.returncode == 0, result.stderr


def test_the_embedded_sqlite_database_uses_wal_and_enforces_foreign_keys(tmp_path: Path) -> None:
    from sqlalchemy import text

    from intake.db import Database

    db = Database(f"sqlite:///{tmp_path}/wal.sqlite3")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    db.dispose()
