"""Pictures sent by text (issue 4, item 4): recorded at once, fetched later, kept, deleted at Twilio."""

from __future__ import annotations

import hashlib
import os

import pytest
from flask import Flask
from sqlalchemy import select

from channels.sms.remote_media import remote_media_states
from intake.context import Intake
from intake.models import Attachment
from intake.sealing.files import file_names
from tests.conftest import FixedClock
from tests.sms.conftest import Phone, reply_of
from tests.sms.helpers import reports
from tests.sms.twilio_standin import TwilioStandIn

PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(2000)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(3000)


def fetch_media(sms_app: Flask) -> str:
    result = sms_app.test_cli_runner().invoke(args=["sms-fetch-media", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


def attachments(intake: Intake) -> list[Attachment]:
    with intake.db.read() as session:
        return list(session.scalars(select(Attachment).order_by(Attachment.id)))


def test_an_mms_with_two_images_is_answered_at_once_and_its_images_fetched_later(
    phone: Phone, intake: Intake, twilio: TwilioStandIn, sms_app: Flask
) -> None:
    first, second = twilio.add_media(PNG), twilio.add_media(JPEG)

    reply = reply_of(
        phone.text(
            "Photos of the graffiti",
            MediaUrl0=first,
            MediaContentType0="image/png",
            MediaUrl1=second,
            MediaContentType1="image/jpeg",
        )
    )
    (report,) = reports(intake)
    assert report.reference in reply
    assert attachments(intake) == []  # nothing fetched while Twilio waits for the reply
    assert remote_media_states(intake, report.id) == [("pending", None), ("pending", None)]

    fetch_media(sms_app)

    kept = attachments(intake)
    assert [(a.content_type, a.size, a.storage_name) for a in kept] == [
        ("image/png", len(PNG), file_names(intake.keyring, PNG)[0]),
        ("image/jpeg", len(JPEG), file_names(intake.keyring, JPEG)[0]),
    ]
    assert kept[0].storage_name != hashlib.sha256(PNG).hexdigest()  # no plain hash confirms a known file
    assert all(a.report_id == report.id for a in kept)
    assert intake.attachments.open(kept[0].storage_name) == PNG
    assert len(twilio.deleted) == 2 and first.endswith(twilio.deleted[0])
    assert remote_media_states(intake, report.id) == [("done", None), ("done", None)]


def test_an_empty_body_with_media_still_becomes_a_report_with_its_picture(
    phone: Phone, intake: Intake, twilio: TwilioStandIn, sms_app: Flask
) -> None:
    url = twilio.add_media(PNG)

    reply = reply_of(phone.text("", MediaUrl0=url, MediaContentType0="image/png"))
    fetch_media(sms_app)

    (report,) = reports(intake)
    assert report.reference in reply
    assert [a.storage_name for a in attachments(intake)] == [file_names(intake.keyring, PNG)[0]]


def test_a_failed_download_is_retried_later_and_nothing_is_kept_twice(
    phone: Phone, intake: Intake, twilio: TwilioStandIn, sms_app: Flask, clock: FixedClock
) -> None:
    url = twilio.add_media(PNG)
    phone.text("see photo", MediaUrl0=url, MediaContentType0="image/png")
    twilio.failures_to_come = 1

    fetch_media(sms_app)
    assert attachments(intake) == []
    assert twilio.deleted == []

    fetch_media(sms_app)  # not due yet: back-off
    assert attachments(intake) == []

    clock.advance(minutes=1)
    fetch_media(sms_app)
    fetch_media(sms_app)

    assert len(attachments(intake)) == 1
    assert len(twilio.deleted) == 1


def test_a_retried_mms_records_its_media_once(
    phone: Phone, intake: Intake, twilio: TwilioStandIn, sms_app: Flask
) -> None:
    url = twilio.add_media(PNG)
    sid = "MM" + "4" * 32
    for _ in range(3):
        phone.text("photo", sid=sid, MediaUrl0=url, MediaContentType0="image/png")

    fetch_media(sms_app)

    assert len(attachments(intake)) == 1
    assert len(reports(intake)) == 1


def test_media_on_another_host_is_never_fetched_with_our_credentials(
    phone: Phone, intake: Intake, sms_app: Flask
) -> None:
    phone.text("photo", MediaUrl0="http://127.0.0.1:9/evil.png", MediaContentType0="image/png")

    fetch_media(sms_app)

    (report,) = reports(intake)
    assert remote_media_states(intake, report.id) == [("failed", "media URL is not on Twilio's API origin")]


@pytest.mark.parametrize("keyword", ["HELP", "STATUS", "STOP"])
def test_pictures_sent_with_a_keyword_are_still_fetched_and_deleted_at_twilio(
    phone: Phone, intake: Intake, twilio: TwilioStandIn, sms_app: Flask, keyword: str
) -> None:
    picture = twilio.add_media(PNG)

    phone.text(keyword, MediaUrl0=picture, MediaContentType0="image/png")
    fetch_media(sms_app)

    path = picture.removeprefix(twilio.origin)
    assert twilio.fetched == [path] and twilio.deleted == [path]
    assert reports(intake) == [] and attachments(intake) == []  # a keyword is never a report
