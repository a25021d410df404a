"""While the database restarts or is out of reach, every route answers 503 with Retry-After, never 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from tests.conftest import NOWHERE_PORT, intake_of, make_test_app, settings_for_tests
from tests.partner.support import API_REPORT, bearer
from tests.sms.conftest import ACCOUNT_SID, AUTH_TOKEN, Phone

CLOSED = f"postgresql+psycopg://postgres@127.0.0.1:{NOWHERE_PORT}/intake"


@pytest.fixture
def app_without_database(tmp_path: Path) -> Flask:
    from intake.app import create_app

    return create_app(
        settings_for_tests(
            CLOSED,
            tmp_path,
            CHANNELS="channels.web,channels.sms,channels.partner",
            TWILIO_ACCOUNT_SID=ACCOUNT_SID,
            TWILIO_AUTH_TOKEN=AUTH_TOKEN,
            TESTING=False,
        )
    )


def test_the_web_form_says_try_again_shortly(app_without_database: Flask) -> None:
    response = app_without_database.test_client().get("/report")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert "try again" in response.get_data(as_text=True)


def test_twilio_is_told_to_retry_a_text(app_without_database: Flask) -> None:
    response = Phone(app_without_database.test_client()).text("Someone spat at me")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"


def test_a_partner_system_is_told_to_retry_in_json(app_without_database: Flask) -> None:
    client = app_without_database.test_client()
    response = client.post("/api/v1/reports", json=API_REPORT, headers=bearer("pt_" + "x" * 40))
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    assert response.json == {"error": "Service Unavailable"}


def test_a_connection_cut_under_a_running_app_is_a_503_and_the_next_request_recovers(
    database_url: str, tmp_path: Path
) -> None:
    app = make_test_app(database_url, tmp_path, CHANNELS="channels.web", TESTING=False)
    client = app.test_client()
    assert client.get("/report").status_code == 302
    with intake_of(app) as intake:
        _cut_every_connection(intake.db.engine)
        assert client.get("/report/who").status_code in {200, 302}  # pre-ping notices, and reconnects
    intake.db.dispose()


def _cut_every_connection(engine: object) -> None:
    """What a database restart does to the pool: every connection it holds is dead."""
    from sqlalchemy import Engine

    assert isinstance(engine, Engine)
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            others = "datname = current_database() AND pid <> pg_backend_pid()"
            connection.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {others}"))
