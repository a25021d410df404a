"""Rate limits shared by two instances through the real Redis; reports still taken while Redis is away."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from intake.partners import organisations as partners
from tests.conftest import NOWHERE_PORT, intake_of, make_test_app, settings_for_tests
from tests.instances.conftest import instance
from tests.partner.support import API_REPORT, bearer, make_organisation

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def token(database_url: str, tmp_path: Path) -> Iterator[str]:
    """An organisation's API token, made on the (migrated) shared database; the tables emptied afterwards."""
    app = make_test_app(database_url, tmp_path, CHANNELS="channels.partner")
    with intake_of(app) as intake:
        organisation = make_organisation(intake)
        yield partners.issue_token(intake, organisation_id=organisation, actor="test").token
    intake.db.dispose()


def api_settings(database_url: str, tmp_path: Path, **overrides: Any) -> dict[str, Any]:
    settings = settings_for_tests(database_url, tmp_path, CHANNELS="channels.partner", **overrides)
    settings.pop("TESTING")
    return {key: str(value) for key, value in settings.items()}


def report(url: str, token: str) -> int:
    headers = {**bearer(token), "Idempotency-Key": secrets.token_hex(8)}
    return requests.post(f"{url}/api/v1/reports", json=API_REPORT, headers=headers, timeout=30).status_code


def test_two_instances_count_one_limit_in_redis(database_url: str, tmp_path: Path, token: str) -> None:
    settings = api_settings(
        database_url,
        tmp_path,
        REDIS_URL=REDIS_URL,
        PARTNER_API_RATE_LIMIT="4/hour",
        RATELIMIT_KEY_PREFIX=secrets.token_hex(6),
    )
    with instance(settings, tmp_path / "first.log") as first, instance(settings, tmp_path / "second.log") as second:
        assert [report(first, token), report(second, token), report(first, token), report(second, token)] == [201] * 4
        assert report(first, token) == 429  # each instance took two: only a shared count reaches four


def test_with_redis_away_reports_are_taken_and_limited_per_process(
    database_url: str, tmp_path: Path, token: str
) -> None:
    away = f"redis://127.0.0.1:{NOWHERE_PORT}/0"
    settings = api_settings(database_url, tmp_path, REDIS_URL=away, PARTNER_API_RATE_LIMIT="3/hour")
    log = tmp_path / "instance.log"
    with instance(settings, log) as url:
        assert [report(url, token) for _ in range(4)] == [201, 201, 201, 429]
    assert log.read_text().count("falling back to in-memory storage") == 1
