"""Hostile mail on SQLite and PostgreSQL (issue 10, item 3): every message stored, none retried for ever.

Today's failures were only on PostgreSQL: a From display name longer than ``parties.name``, a From
address longer than the outbox's recipient, a NUL byte in a Message-ID that reaches a key.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import event, given
from sqlalchemy import select

from channels.email.ingest import EmailSettings, ingest, raw_hash_key
from intake.context import Intake
from intake.inbound import raw_of
from intake.models import InboundItem, Party, Report
from intake.vocabulary import InboundDisposition
from tests.email import corpus
from tests.hostile_input import HOSTILE, hostile_email
from tests.raw_items import raw_items

SETTINGS = EmailSettings(max_bytes=25 * 1024 * 1024, mail_from="report-hate@landlord.example")
LONG_NAME = "Sam " + "Resident" * 40  # 324 characters: parties.name holds 200
LONG_ADDRESS = "s" * 330 + "@resident.example"  # longer than the outbox's recipient (320)


def hostile_examples() -> dict[str, bytes]:
    return {
        "long-name.eml": corpus.message(sender=f"{LONG_NAME} <sam@resident.example>"),
        "long-address.eml": corpus.message(sender=f"Sam <{LONG_ADDRESS}>"),
        "nul-message-id.eml": corpus.message(message_id="<abc\x00def@resident.example>"),
    }


def test_ingest_eml_stores_what_postgresql_used_to_refuse(email_app, email_intake: Intake, tmp_path: Path) -> None:
    examples = sorted(hostile_examples().items())
    for name, raw in examples:
        (tmp_path / name).write_bytes(raw)
    result = email_app.test_cli_runner().invoke(args=["ingest-eml", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()  # files in name order: long-address, long-name, nul-message-id
    assert [line.split(": ")[1].rsplit(" ", 1)[0] for line in lines] == [
        "needs review (new report)",
        "needs review (new report)",
        "new report",  # the Message-ID is a key only as a digest of itself; the raw item keeps it whole
    ], result.output
    with email_intake.db.read() as session:
        address, name, nul = session.scalars(select(Report).order_by(Report.id))
        names = [party.name for party in session.scalars(select(Party)) if party.name is not None]
    assert raw_items(email_intake, InboundItem.report_id == nul.id) == [examples[2][1]]
    assert LONG_NAME[:200] in names  # cut to the column; whole in the raw item
    assert "reporter name was longer than 200 characters: cut short here, kept whole in the raw input" in (
        name.review_reasons
    )
    assert "no acknowledgement sent: the address cannot be stored whole" in address.review_reasons


def test_a_message_whose_report_cannot_be_created_is_kept_raw_with_a_report_for_review(
    make_app, tmp_path: Path
) -> None:
    (tmp_path / "attachments").write_bytes(b"")  # the attachment folder is a file: saving one fails
    app = make_app()
    assert app.config["ATTACHMENT_DIR"] == tmp_path / "attachments"
    intake: Intake = app.extensions["intake"]
    raw = corpus.attachments()
    result = app.test_cli_runner().invoke(args=["ingest-eml", str(_written(tmp_path, raw))])
    assert result.exit_code == 0, result.output
    assert ": needs review (new report) HPG-" in result.output
    with intake.db.read() as session:
        report = session.scalars(select(Report)).one()
        item = session.scalars(select(InboundItem)).one()
        assert item.report_id == report.id and raw_of(intake.keyring, item) == raw
    assert any("could not be created as usual" in reason for reason in report.review_reasons)


def test_in_one_batch_a_message_that_fails_rolls_back_alone_and_is_kept_for_review(make_app, tmp_path: Path) -> None:
    """Issue 13 item 4: the files share a transaction, each in a savepoint of its own."""
    (tmp_path / "attachments").write_bytes(b"")  # the attachment folder is a file: saving one fails
    app = make_app()
    intake: Intake = app.extensions["intake"]
    files = [_written(tmp_path, raw) for raw in (corpus.plain_utf8(), corpus.attachments(), corpus.alternative())]
    result = app.test_cli_runner().invoke(args=["ingest-eml", *map(str, files)])
    assert result.exit_code == 0, result.output
    assert [line.split(": ")[1].rsplit(" ", 1)[0] for line in result.output.splitlines()] == [
        "new report",
        "needs review (new report)",
        "new report",
    ]
    with intake.db.read() as session:
        assert len(session.scalars(select(InboundItem)).all()) == 3
        # The failed attempt's reporter went with its savepoint; the report kept for review names none.
        assert len(session.scalars(select(Party)).all()) == 2


def test_a_reply_that_cannot_be_added_is_kept_raw_with_a_report_for_review(make_app, tmp_path: Path) -> None:
    (tmp_path / "attachments").write_bytes(b"")  # the attachment folder is a file: saving one fails
    app = make_app()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["ingest-eml", str(_written(tmp_path, corpus.message()))]).output
    reference = first.rsplit(" ", 1)[-1].strip()
    reply = corpus.multipart(
        [corpus.part("text/plain", "A photo of it"), corpus.attachment('filename="p.png"', corpus.PNG, "image/png")],
        subject=f"Re: {reference}",
        extra=corpus.authenticated("resident.example"),
    )
    result = runner.invoke(args=["ingest-eml", str(_written(tmp_path, reply))])
    assert result.exit_code == 0 and ": needs review (new report) HPG-" in result.output, result.output
    with app.extensions["intake"].db.read() as session:
        kept = session.scalars(select(Report).where(Report.reference != reference)).one()
    assert raw_items(app.extensions["intake"], InboundItem.report_id == kept.id) == [reply]
    assert any("could not be created as usual" in reason for reason in kept.review_reasons)


def _written(folder: Path, raw: bytes) -> Path:
    path = folder / f"{len(list(folder.glob('*.eml')))}.eml"
    path.write_bytes(raw)
    return path


@HOSTILE
@given(raw=hostile_email())
def test_every_hostile_message_is_stored_and_becomes_a_report_or_an_auto_reply(
    email_intake: Intake, raw: bytes
) -> None:
    ingested = ingest(email_intake, SETTINGS, raw)
    event(ingested.label)
    assert ingested.label in {"new report", "needs review (new report)", "auto-reply", "duplicate"}
    with email_intake.db.read() as session:
        item = session.scalar(select(InboundItem).where(InboundItem.key == raw_hash_key(raw)))
        assert item is not None  # never left behind: a poller would move it on
        assert item.report_id is not None or item.disposition == InboundDisposition.AUTO_REPLY.value


def test_the_poller_stores_and_moves_what_postgresql_used_to_refuse(make_app, account) -> None:
    """Before, each of these failed on PostgreSQL, stayed in the inbox and was retried on every pass."""
    account.append(list(hostile_examples().values()))
    app = make_app(**account.settings())
    assert app.test_cli_runner().invoke(args=["poll-email", "--once"]).exit_code == 0
    assert account.uids("INBOX") == [] and len(account.uids("Processed")) == 3
    with app.extensions["intake"].db.read() as session:
        assert len(list(session.scalars(select(Report)))) == 3
