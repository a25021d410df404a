"""``ingest-eml``: every message becomes one report, a message on its report, or a recorded auto-reply."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from intake.context import Intake
from intake.models import Attachment, InboundItem, OutboxMessage, Report
from intake.sealing.files import file_names
from tests.email import corpus
from tests.email.conftest import count
from tests.raw_items import raw_items


def ingest_files(app: Flask, tmp_path: Path, **messages: bytes) -> list[str]:
    """Write each message to NAME.eml, run ingest-eml on them, return its output lines."""
    paths = []
    for name, raw in messages.items():
        path = tmp_path / f"{name}.eml"
        path.write_bytes(raw)
        paths.append(str(path))
    result = app.test_cli_runner().invoke(args=["ingest-eml", *paths])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def reports(intake: Intake) -> list[Report]:
    with intake.db.read() as session:
        found = list(session.scalars(select(Report).order_by(Report.id)))
        session.expunge_all()
        return found


def test_each_tricky_message_becomes_one_report_with_its_words(email_app: Flask, email_intake: Intake, tmp_path):
    cases = {
        "utf8": (corpus.plain_utf8(), "“go home” on my door"),
        "cp1252": (corpus.windows_1252_labelled_latin1(), "€300"),
        "jis": (corpus.iso_2022_jp(), "隣人に暴言を吐かれました"),
        "koi8": (corpus.koi8_r(), "Сосед оскорблял меня"),
        "html": (corpus.html_only(), "First line & more"),
        "forwarded": (corpus.forwarded(), "I am frightened to go out"),
        "quote": (corpus.lone_quote_in_to(), corpus.WORDS),
        "exchange": (corpus.exchange_message_id(), corpus.WORDS),
    }
    lines = ingest_files(email_app, tmp_path, **{name: raw for name, (raw, _) in cases.items()})
    assert all(re.search(r": new report HPG-\w{4}-\w{4}$", line) for line in lines), lines
    descriptions = [report.description for report in reports(email_intake)]
    for (_, expected), description in zip(cases.values(), descriptions, strict=True):
        assert expected in description
    assert all(report.channel == "email" and not report.needs_review for report in reports(email_intake))


def test_broken_messages_keep_their_text_and_are_flagged_for_review(email_app, email_intake, tmp_path):
    lines = ingest_files(
        email_app,
        tmp_path,
        boundary=corpus.missing_boundary(),
        base64=corpus.broken_base64(),
        charset=corpus.unknown_charset(),
    )
    assert all("needs review (new report)" in line for line in lines), lines
    flagged = reports(email_intake)
    assert [report.needs_review for report in flagged] == [True, True, True]
    assert "The words that must survive" in flagged[0].description
    assert "Readable words before the broken part." in flagged[1].description
    assert "They shouted at me café" in flagged[2].description


def test_attachments_are_stored_under_generated_names_with_sniffed_type(email_app, email_intake, tmp_path):
    ingest_files(email_app, tmp_path, photos=corpus.attachments())
    with email_intake.db.read() as session:
        stored = list(session.scalars(select(Attachment).order_by(Attachment.id)))
    assert [(a.filename, a.content_type, a.size) for a in stored] == [
        ("étage photo.png", "image/png", len(corpus.PNG)),
        ("passwd", "application/pdf", len(b"%PDF-1.4 fake")),
    ]
    assert all(re.fullmatch(r"[0-9a-f]{64}", a.storage_name) for a in stored)
    assert [a.storage_name for a in stored] == [  # a keyed digest of the content, never its plain SHA-256
        file_names(email_intake.keyring, corpus.PNG)[0],
        file_names(email_intake.keyring, b"%PDF-1.4 fake")[0],
    ]
    assert hashlib.sha256(corpus.PNG).hexdigest() != stored[0].storage_name
    assert email_intake.attachments.open(stored[0].storage_name) == corpus.PNG


def test_a_message_over_the_size_cap_is_kept_raw_and_flagged(make_app, tmp_path):
    app = make_app(EMAIL_MAX_MESSAGE_BYTES=200)
    raw = corpus.attachments()
    ingest_files(app, tmp_path, big=raw)
    intake = app.extensions["intake"]
    (report,) = reports(intake)
    assert report.needs_review and any("larger than 200 bytes" in reason for reason in report.review_reasons)
    assert count(intake, Attachment) == 0
    assert raw_items(intake) == [raw]


def test_auto_replies_and_bounces_are_recorded_never_reports_never_answered(email_app, email_intake, tmp_path):
    automatic = {re.sub(r"\W", "_", sign): raw for sign, raw in corpus.auto_replies().items()}
    lines = ingest_files(email_app, tmp_path, **automatic)
    assert all(line.endswith(": auto-reply") for line in lines), lines
    assert count(email_intake, Report) == 0 and count(email_intake, OutboxMessage) == 0
    with email_intake.db.read() as session:
        dispositions = set(session.scalars(select(InboundItem.disposition)))
    assert dispositions == {"auto_reply"}
    assert count(email_intake, InboundItem) == len(automatic)


def test_the_same_file_twice_is_one_report(email_app, email_intake, tmp_path):
    raw = corpus.plain_utf8()
    ingest_files(email_app, tmp_path, first=raw)
    (line,) = ingest_files(email_app, tmp_path, again=raw)
    assert re.search(r": duplicate HPG-", line)
    assert count(email_intake, Report) == 1


def test_received_at_is_the_top_received_header_else_the_date(email_app, email_intake, tmp_path):
    received = b"Received: from mx.landlord.example by imap; Thu, 26 Nov 2026 08:15:00 +0000\r\n"
    received += b"Received: from elsewhere; Tue, 24 Nov 2026 01:00:00 +0000\r\n"
    ingest_files(email_app, tmp_path, a=received + corpus.plain_utf8(), b=corpus.koi8_r())
    first, second = reports(email_intake)
    assert first.received_at == datetime(2026, 11, 26, 8, 15, tzinfo=UTC)
    assert second.received_at == datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def test_an_unreadable_file_fails_the_command_but_not_the_others(email_app, email_intake, tmp_path):
    good = tmp_path / "good.eml"
    good.write_bytes(corpus.plain_utf8())
    result = email_app.test_cli_runner().invoke(args=["ingest-eml", str(tmp_path / "missing.eml"), str(good)])
    assert result.exit_code == 1
    assert "missing.eml: cannot be read" in result.output
    assert count(email_intake, Report) == 1
