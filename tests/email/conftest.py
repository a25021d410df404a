"""Fixtures for the email channel: a real Dovecot over TLS, a real aiosmtpd sink, apps on the test database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from intake.context import Intake
from tests.conftest import empty_all_tables, make_test_app, settings_for_tests
from tests.email.corpus import AUTHSERV_ID
from tests.email.peers import Account, Dovecot, Sink, start_sink

MAIL_FROM = "report-hate@landlord.example"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    server = Dovecot.started()
    yield server
    server.remove()


@pytest.fixture
def own_dovecot_account() -> Iterator[Account]:
    """An account on a Dovecot of its own: failed logins slow every later login from the same address."""
    server = Dovecot.started()
    yield server.new_account()
    server.remove()


@pytest.fixture
def plain_server_account() -> Iterator[Account]:
    """An account on a Dovecot announcing neither IDLE nor MOVE, as some older servers do."""
    server = Dovecot.started(extra_config="imap_capability = IMAP4rev1 UIDPLUS\n")
    yield server.new_account()
    server.remove()


@pytest.fixture
def account(dovecot: Dovecot) -> Account:
    """An empty mailbox of this test's own."""
    return dovecot.new_account()


@pytest.fixture
def sink() -> Iterator[Sink]:
    receiver = Sink()
    controller = start_sink(receiver)
    receiver.port = controller.port
    yield receiver
    controller.stop()


@pytest.fixture
def email_settings(database_url: str, tmp_path: Path, sink: Sink) -> dict[str, Any]:
    """Every setting of an app with the email channel, sending to the sink (for a subprocess too)."""
    return settings_for_tests(
        database_url,
        tmp_path,
        CHANNELS="channels.email",
        MAIL_FROM=MAIL_FROM,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=sink.port,
        SMTP_SECURITY="none",
        IMAP_IDLE_SECONDS=1,
        IMAP_POLL_SECONDS=1,
        EMAIL_AUTHSERV_ID=AUTHSERV_ID,
    )


@pytest.fixture
def make_app(email_settings: dict[str, Any]) -> Iterator[Callable[..., Flask]]:
    """Apps with the email channel on the test database; tables emptied afterwards."""
    apps: list[Flask] = []

    def build(**overrides: Any) -> Flask:
        settings = {**email_settings, **overrides}
        database_url, tmp_path = settings.pop("DATABASE_URL"), Path(settings.pop("ATTACHMENT_DIR")).parent
        app = make_test_app(database_url, tmp_path, **settings)
        apps.append(app)
        return app

    yield build
    if apps:
        empty_all_tables(apps[0].extensions["intake"])
    for app in apps:
        app.extensions["intake"].db.dispose()


@pytest.fixture
def email_app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def email_intake(email_app: Flask) -> Intake:
    intake: Intake = email_app.extensions["intake"]
    return intake


def count(intake: Intake, model: type) -> int:
    with intake.db.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def run_flask(settings: dict[str, Any], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``flask --app intake.app ARGS`` as a real process, with the settings in its environment."""
    command, env = _flask(settings, args)
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def start_flask(settings: dict[str, Any], *args: str) -> subprocess.Popen[str]:
    """The same, left running (the caller stops it)."""
    command, env = _flask(settings, args)
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _flask(settings: dict[str, Any], args: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    env = {**os.environ, **{name: str(value) for name, value in settings.items()}}
    return [sys.executable, "-m", "flask", "--app", "intake.app", *args], env


def wait_until(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    """Wait for something a separate process does; fail, naming it, if it never happens."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.1)
