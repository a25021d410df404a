"""The SMS channel across several workers, and started without Twilio configured."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask
from twilio.request_validator import RequestValidator

from intake.context import Intake, registered_senders
from tests.conftest import empty_all_tables, make_test_app
from tests.sms.conftest import AUTH_TOKEN, Phone, reply_of, sms_settings
from tests.sms.helpers import inbound_count
from tests.sms.twilio_standin import TwilioStandIn

LIMIT = 3


def test_the_reply_cap_holds_across_workers_texted_at_the_same_time(
    database_url: str, tmp_path: Path, twilio: TwilioStandIn
) -> None:
    workers = [
        make_test_app(database_url, tmp_path / str(n), **sms_settings(twilio, SMS_REPLY_LIMIT=LIMIT)) for n in (1, 2)
    ]
    replies: list[str] = []
    try:
        threads = [threading.Thread(target=_flood, args=(worker, replies)) for worker in workers for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert inbound_count(workers[0].extensions["intake"]) == 4 * 10
        assert len(replies) == 4 * 10
        assert sum(1 for reply in replies if reply) == LIMIT
    finally:
        empty_all_tables(workers[0].extensions["intake"])
        for worker in workers:
            worker.extensions["intake"].db.dispose()


def _flood(worker: Flask, replies: list[str]) -> None:
    phone = Phone(worker.test_client())
    for n in range(10):
        replies.append(reply_of(phone.text(f"text {n}")))


def test_without_twilio_credentials_the_channel_starts_and_refuses_every_webhook(
    database_url: str, tmp_path: Path, twilio: TwilioStandIn
) -> None:
    settings = sms_settings(twilio, TWILIO_ACCOUNT_SID=None, TWILIO_AUTH_TOKEN=None, TWILIO_FROM_NUMBER=None)
    flask_app = make_test_app(database_url, tmp_path, **settings)
    try:
        phone = Phone(flask_app.test_client())
        assert phone.text("hello").status_code == 403
        assert "sms" not in registered_senders(flask_app)
        assert inbound_count(flask_app.extensions["intake"]) == 0
    finally:
        flask_app.extensions["intake"].db.dispose()


def test_a_text_without_a_sender_number_is_still_kept_as_a_report(phone: Phone) -> None:
    form = phone.form("no number came with this")
    del form["From"]

    response = phone.post("/sms/inbound", form)

    assert "reference" in reply_of(response)


def test_an_oversized_post_is_refused_before_anything_is_stored(phone: Phone, intake: Intake) -> None:
    response = phone.text("x" * (70 * 1024))

    assert response.status_code == 413
    assert inbound_count(intake) == 0


def test_an_oversized_post_without_a_content_length_is_refused_on_the_bytes_read(phone: Phone, intake: Intake) -> None:
    """Chunked, as a proxy may pass it on: gunicorn then marks the stream terminated and sends no length."""
    form = phone.form("x" * (70 * 1024))
    body = urlencode(form).encode()
    signature = RequestValidator(AUTH_TOKEN).compute_signature("http://localhost/sms/inbound", form)
    response = phone.client.post(
        "/sms/inbound",
        input_stream=io.BytesIO(body),
        content_type="application/x-www-form-urlencoded",
        headers={"X-Twilio-Signature": signature, "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.status_code == 413
    assert inbound_count(intake) == 0
