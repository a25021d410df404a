"""Partner fixtures: an app with the partner channel on the test database, emptied after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from intake.context import Intake
from intake.ui import limiter
from tests.conftest import intake_of, make_test_app

GENEROUS_LIMIT = "10000/minute"


@pytest.fixture(scope="session")
def partner_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = make_test_app(
        database_url,
        tmp_path_factory.mktemp("partner"),
        CHANNELS="channels.partner",
        PARTNER_API_RATE_LIMIT=GENEROUS_LIMIT,
        PARTNER_PORTAL_RATE_LIMIT=GENEROUS_LIMIT,
    )
    yield app
    app.extensions["intake"].db.dispose()


@pytest.fixture
def partner_intake(partner_app: Flask) -> Iterator[Intake]:
    """The core's services behind the partner app, on tables emptied (and limits reset) after each test."""
    with intake_of(partner_app) as core:
        yield core
        limiter.reset()


@pytest.fixture
def partner_client(partner_app: Flask, partner_intake: Intake) -> FlaskClient:
    return partner_app.test_client()
