"""Only Twilio, signing with our auth token over the whole form, gets in (issue 4, item 1)."""

from __future__ import annotations

import pytest
from flask import Flask

from intake.context import Intake
from tests.conftest import empty_all_tables, make_test_app
from tests.sms.conftest import Phone, reply_of, sms_settings
from tests.sms.helpers import inbound_count, reports

PUBLIC = "https://report.example.org"


def test_a_validly_signed_text_is_accepted_and_answered(phone: Phone, intake: Intake) -> None:
    response = phone.text("Someone sprayed graffiti on my door")

    assert "reference" in reply_of(response).lower()
    assert len(reports(intake)) == 1


def test_a_text_signed_with_another_token_is_refused_and_nothing_stored(phone: Phone, intake: Intake) -> None:
    form = phone.form("Someone sprayed graffiti on my door")

    response = phone.post("/sms/inbound", form, token="not-our-token-at-all-000000000000")

    assert response.status_code == 403
    assert inbound_count(intake) == 0


def test_a_text_without_a_signature_header_is_refused_and_nothing_stored(phone: Phone, intake: Intake) -> None:
    form = phone.form("Someone sprayed graffiti on my door")

    response = phone.client.post("/sms/inbound", data=form)

    assert response.status_code == 403
    assert inbound_count(intake) == 0


def test_a_form_changed_after_signing_is_refused(phone: Phone, intake: Intake) -> None:
    form = phone.form("original words")
    signed = phone.post("/sms/inbound", form, data={**form, "Body": "changed words"})

    assert signed.status_code == 403
    assert inbound_count(intake) == 0


@pytest.fixture
def proxied_app(database_url: str, tmp_path, twilio) -> Flask:  # type: ignore[no-untyped-def]
    flask_app = make_test_app(database_url, tmp_path, **sms_settings(twilio, TRUSTED_PROXIES=1))
    yield flask_app
    empty_all_tables(flask_app.extensions["intake"])
    flask_app.extensions["intake"].db.dispose()


@pytest.fixture
def public_url_app(database_url: str, tmp_path, twilio) -> Flask:  # type: ignore[no-untyped-def]
    flask_app = make_test_app(database_url, tmp_path, **sms_settings(twilio, PUBLIC_BASE_URL=PUBLIC))
    yield flask_app
    empty_all_tables(flask_app.extensions["intake"])
    flask_app.extensions["intake"].db.dispose()


def behind_proxy(flask_app: Flask) -> Phone:
    """The app sees plain http on an inner address; Twilio signed the public https URL."""
    return Phone(flask_app.test_client(), base_url="http://app.internal:8000")


def test_behind_a_trusted_proxy_the_forwarded_https_url_is_the_signed_one(proxied_app: Flask) -> None:
    phone = behind_proxy(proxied_app)
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "report.example.org", "X-Forwarded-Port": "443"}

    response = phone.post("/sms/inbound", phone.form("hello"), sign_as=PUBLIC, headers=headers)

    assert response.status_code == 200


def test_behind_a_proxy_without_x_forwarded_proto_an_https_signature_does_not_match(proxied_app: Flask) -> None:
    phone = behind_proxy(proxied_app)
    headers = {"X-Forwarded-Host": "report.example.org"}

    response = phone.post("/sms/inbound", phone.form("hello"), sign_as=PUBLIC, headers=headers)

    assert response.status_code == 403
    assert inbound_count(proxied_app.extensions["intake"]) == 0


def test_behind_a_proxy_without_x_forwarded_proto_a_plain_http_signature_matches(proxied_app: Flask) -> None:
    phone = behind_proxy(proxied_app)
    headers = {"X-Forwarded-Host": "report.example.org"}

    response = phone.post("/sms/inbound", phone.form("hello"), sign_as="http://report.example.org", headers=headers)

    assert response.status_code == 200


def test_with_public_base_url_the_public_https_url_is_checked_whatever_the_request_says(public_url_app: Flask) -> None:
    phone = behind_proxy(public_url_app)

    accepted = phone.post("/sms/inbound", phone.form("hello"), sign_as=PUBLIC)
    refused = phone.post("/sms/inbound", phone.form("hello"), sign_as="http://app.internal:8000")
    refused_forwarded = phone.post(
        "/sms/inbound", phone.form("hello"), sign_as="http://app.internal:8000", headers={"X-Forwarded-Proto": "http"}
    )

    assert accepted.status_code == 200
    assert refused.status_code == 403
    assert refused_forwarded.status_code == 403


def test_the_webhook_is_exempt_from_csrf_protection(database_url: str, tmp_path, twilio) -> None:  # type: ignore[no-untyped-def]
    flask_app = make_test_app(
        database_url, tmp_path, **sms_settings(twilio, CHANNELS="tests.sms.csrf_on,channels.sms", TESTING=False)
    )
    try:
        phone = Phone(flask_app.test_client())
        assert phone.client.post("/healthz-form").status_code == 400  # CSRF is on for the app
        assert phone.text("hello").status_code == 200
    finally:
        empty_all_tables(flask_app.extensions["intake"])
        flask_app.extensions["intake"].db.dispose()


def test_a_source_sending_too_many_requests_is_refused_before_any_signature_is_checked(
    database_url: str,
    tmp_path,  # type: ignore[no-untyped-def]
    twilio,
) -> None:
    flask_app = make_test_app(database_url, tmp_path, **sms_settings(twilio, SMS_WEBHOOK_RATE_LIMIT="3/minute"))
    try:
        stranger = flask_app.test_client()
        stranger.environ_base["REMOTE_ADDR"] = "203.0.113.9"
        answers = [stranger.post("/sms/inbound", data={"Body": "guess"}).status_code for _ in range(5)]
        assert answers == [403, 403, 403, 429, 429]
        assert Phone(flask_app.test_client()).text("hello").status_code == 200  # Twilio, from elsewhere
    finally:
        empty_all_tables(flask_app.extensions["intake"])
        flask_app.extensions["intake"].db.dispose()
