"""Test fixtures: a real database (SQLite or PostgreSQL, by TEST_DATABASE), built by the migrations.

Every external endpoint points somewhere that fails loudly, so a test that forgets to stand
one in fails instead of reaching out.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import make_url

from intake.context import Intake
from intake.migrate import upgrade_to_latest

# Port 9 (discard) on loopback: nothing listens, so any use is refused at once.
NOWHERE_HOST = "127.0.0.1"
NOWHERE_PORT = 9


def fixed_key(label: str) -> str:
    """A fixed 32-byte key for tests, base64, named by ``label`` (never a real key)."""
    return base64.b64encode(hashlib.sha256(f"test key {label}".encode()).digest()).decode()


def encryption_keys_json(*keks: tuple[str, int], index_versions: tuple[int, ...] = (1,)) -> str:
    """ENCRYPTION_KEYS for tests: the key-encryption keys ``(id, version)`` and blind-index key versions."""
    return json.dumps(
        {
            "key_encryption_keys": [{"id": i, "version": v, "key": fixed_key(f"{i}-{v}")} for i, v in keks],
            "blind_index_keys": [{"version": v, "key": fixed_key(f"index-{v}")} for v in index_versions],
        }
    )


# Every app a test builds, in this process or in a subprocess it starts (the flask command, the
# browser's server), opens the test database's data keys with these unless the test says otherwise.
TEST_ENCRYPTION_KEYS = encryption_keys_json(("test", 1))
os.environ["ENCRYPTION_KEYS"] = TEST_ENCRYPTION_KEYS


def _database_kind() -> str:
    kind = os.environ.get("TEST_DATABASE", "sqlite")
    if kind not in {"sqlite", "postgresql"}:
        raise pytest.UsageError(f"TEST_DATABASE must be sqlite or postgresql, not {kind!r}")
    return kind


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh, empty database for this test run, dropped afterwards."""
    with new_database(tmp_path_factory.mktemp("db")) as url:
        yield url


@contextmanager
def new_database(folder: Path) -> Iterator[str]:
    """A fresh, empty database of the kind TEST_DATABASE names (a SQLite file in ``folder``), dropped afterwards."""
    if _database_kind() == "sqlite":
        yield f"sqlite:///{folder / 'test.sqlite3'}"
        return
    admin_url = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    name = f"intake_test_{secrets.token_hex(4)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def settings_for_tests(database_url: str, tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    """Settings for a test app: every outside service pointed at a closed port."""
    settings: dict[str, Any] = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "ENCRYPTION_KEYS": TEST_ENCRYPTION_KEYS,
        "CHANNELS": "",
        "ATTACHMENT_DIR": str(tmp_path / "attachments"),
        "SMTP_HOST": NOWHERE_HOST,
        "SMTP_PORT": NOWHERE_PORT,
        "IMAP_PORT": NOWHERE_PORT,
        "TESTING": True,
    }
    settings.update(overrides)
    return settings


def make_test_app(database_url: str, tmp_path: Path, **overrides: Any) -> Flask:
    """An app on the test database, migrated to the latest schema. Channels by ``CHANNELS=...``."""
    from intake.app import create_app

    flask_app = create_app(settings_for_tests(database_url, tmp_path, **overrides))
    upgrade_to_latest(flask_app.extensions["intake"].db)
    return flask_app


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    flask_app = make_test_app(database_url, tmp_path_factory.mktemp("app"))
    yield flask_app
    flask_app.extensions["intake"].db.dispose()


@contextmanager
def intake_of(app: Flask) -> Iterator[Intake]:
    """An app's core services for one test: afterwards its real clock is back and every table empty."""
    core: Intake = app.extensions["intake"]
    real_clock = core.clock
    try:
        yield core
    finally:
        core.clock = real_clock
        empty_all_tables(core)


@pytest.fixture
def intake(app: Flask) -> Iterator[Intake]:
    """The core's services on an emptied database, with the real clock unless a test sets one."""
    with intake_of(app) as core:
        yield core


@pytest.fixture
def client(app: Flask, intake: Intake) -> FlaskClient:
    return app.test_client()


_reflected: dict[str, MetaData] = {}


def empty_all_tables(core: Intake) -> None:
    """Delete every row of every table the migrations made, children first."""
    key = str(core.db.url)
    if key not in _reflected:
        _reflected[key] = MetaData()
        _reflected[key].reflect(bind=core.db.engine)
    with core.db.begin() as session:
        for table in reversed(_reflected[key].sorted_tables):
            if table.name != "alembic_version":
                session.execute(table.delete())


class FixedClock:
    """A clock a test sets and moves; the app reads it as it would read the real one."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)


@pytest.fixture
def clock(intake: Intake) -> FixedClock:
    fixed = FixedClock(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    intake.clock = fixed
    return fixed
