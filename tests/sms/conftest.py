"""Fixtures for the SMS channel: an app with it loaded, Twilio's servers stood in for, and a
phone that sends texts signed exactly as Twilio signs them (the real ``RequestValidator``)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from twilio.request_validator import RequestValidator
from werkzeug.test import TestResponse

from intake.context import Intake
from tests.conftest import intake_of, make_test_app
from tests.sms.twilio_standin import TwilioStandIn

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
OUR_NUMBER = "+447700900000"
RESIDENT = "+447700900123"


@pytest.fixture(scope="session")
def twilio_server() -> Iterator[TwilioStandIn]:
    stand_in = TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN).start()
    yield stand_in
    stand_in.stop()


@pytest.fixture
def twilio(twilio_server: TwilioStandIn) -> TwilioStandIn:
    """Twilio's servers as this test finds them: holding no files, having sent nothing."""
    twilio_server.reset()
    return twilio_server


def sms_settings(twilio: TwilioStandIn, **overrides: Any) -> dict[str, Any]:
    settings: dict[str, Any] = dict(
        CHANNELS="channels.sms",
        TWILIO_ACCOUNT_SID=ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_API_BASE_URL=twilio.origin,
        TWILIO_FROM_NUMBER=OUR_NUMBER,
        SMS_REPLY_LIMIT=5,
    )
    settings.update(overrides)
    return settings


@pytest.fixture(scope="session")
def sms_app(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, twilio_server: TwilioStandIn
) -> Iterator[Flask]:
    flask_app = make_test_app(database_url, tmp_path_factory.mktemp("sms"), **sms_settings(twilio_server))
    yield flask_app
    flask_app.extensions["intake"].db.dispose()


@pytest.fixture
def intake(sms_app: Flask) -> Iterator[Intake]:
    with intake_of(sms_app) as core:
        yield core


class Phone:
    """Sends texts to the app as Twilio would deliver them, signed with the account's token."""

    def __init__(self, client: FlaskClient, number: str = RESIDENT, base_url: str = "http://localhost") -> None:
        self.client = client
        self.number = number
        self.base_url = base_url

    def text(self, body: str = "", *, sid: str | None = None, sign_as: str | None = None, **extra: str) -> TestResponse:
        """Post one inbound text; extra fields (MediaUrl0, OptOutType ...) as Twilio names them."""
        form = self.form(body, sid=sid, **extra)
        return self.post("/sms/inbound", form, sign_as=sign_as)

    def form(self, body: str, *, sid: str | None = None, **extra: str) -> dict[str, str]:
        form = {
            "MessageSid": sid or "SM" + secrets.token_hex(16),
            "AccountSid": ACCOUNT_SID,
            "From": self.number,
            "To": OUR_NUMBER,
            "Body": body,
            "NumMedia": str(sum(1 for key in extra if key.startswith("MediaUrl"))),
        }
        form.update(extra)
        return form

    def post(
        self, path: str, form: dict[str, str], *, sign_as: str | None = None, token: str = AUTH_TOKEN, **kwargs: Any
    ) -> TestResponse:
        url = (sign_as or self.base_url) + path
        signature = RequestValidator(token).compute_signature(url, form)
        headers = {"X-Twilio-Signature": signature, **kwargs.pop("headers", {})}
        data = kwargs.pop("data", form)
        return self.client.post(path, data=data, headers=headers, base_url=self.base_url, **kwargs)


@pytest.fixture
def phone(sms_app: Flask, intake: Intake) -> Phone:
    return Phone(sms_app.test_client())


def reply_of(response: TestResponse) -> str:
    """The text a TwiML answer sends back, or '' when it sends nothing."""
    from xml.etree import ElementTree

    assert response.status_code == 200, response.status_code
    root = ElementTree.fromstring(response.data)
    assert root.tag == "Response"
    return " ".join(message.text or "" for message in root.iter("Message"))


def attachments_dir(sms_app: Flask) -> Path:
    return Path(sms_app.config["ATTACHMENT_DIR"])
