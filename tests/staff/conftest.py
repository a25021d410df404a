"""Staff fixtures: an app with the staff pages on the test database, staff of every role, signed in.

CSRF is off for the integration tests so they can post forms directly; the browser test keeps it on.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from intake.accounts.staff_users import create_staff
from intake.case_tables import StaffUser
from intake.context import Intake
from tests.conftest import FixedClock, intake_of, make_test_app

TRIAGE_INBOX = "asb-triage@example.org"
PASSWORD = "a long staff password"


@pytest.fixture(scope="module")
def staff_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = make_test_app(
        database_url,
        tmp_path_factory.mktemp("staff"),
        WTF_CSRF_ENABLED=False,
        TRIAGE_INBOX=TRIAGE_INBOX,
        RATELIMIT_ENABLED=False,
        # Reports taken by telephone or in person render among the staff pages; the SMS channel shows
        # staff the pictures its fetcher gave up on (the failed deliveries page); the email channel
        # decodes an emailed report's raw input for the raw view.
        CHANNELS="channels.assisted,channels.sms,channels.email",
    )
    yield app
    app.extensions["intake"].db.dispose()


@pytest.fixture
def intake(staff_app: Flask) -> Iterator[Intake]:
    """The core on an emptied database, on a fixed clock (Thursday 26 November 2026, 10:00 UTC)."""
    from datetime import UTC, datetime

    with intake_of(staff_app) as core:
        core.clock = FixedClock(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
        yield core


@pytest.fixture
def clock(intake: Intake) -> FixedClock:
    assert isinstance(intake.clock, FixedClock)
    return intake.clock


@dataclass
class Staff:
    user: StaffUser
    secret: str

    @property
    def id(self) -> int:
        return self.user.id


def make_staff(intake: Intake, role: str, name: str | None = None) -> Staff:
    """A member of staff with a known password and one-time-code secret."""
    label = name or role.replace("_", " ").title()
    email = f"{label.lower().replace(' ', '.')}@landlord.example.org"
    user, secret = create_staff(intake, email, label, PASSWORD, role)
    return Staff(user, secret)


def sign_in(client: FlaskClient, intake: Intake, staff: Staff) -> TestResponse:
    """Sign in through the page with the password and the code an authenticator app would show now."""
    code = pyotp.TOTP(staff.secret).at(intake.clock())
    return client.post(
        "/staff/sign-in", data={"email": staff.user.email, "password": PASSWORD, "code": code}, follow_redirects=False
    )


def client_for(app: Flask, intake: Intake, role: str) -> tuple[FlaskClient, Staff]:
    client = app.test_client()
    staff = make_staff(intake, role)
    response = sign_in(client, intake, staff)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client, staff


def text_of(response: TestResponse) -> str:
    """What a person reads on the page: tags dropped, entities decoded, spaces collapsed."""
    body = response.get_data(as_text=True)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def page(client: FlaskClient, url: str, status: int = 200, **kwargs: Any) -> str:
    """Fetch a page, check its status, and return its readable text."""
    method = kwargs.pop("method", "get")
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status, f"{url}: {response.status_code} {text_of(response)[:500]}"
    return text_of(response)
