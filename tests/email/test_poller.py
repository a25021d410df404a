"""The IMAP poller against a real Dovecot over TLS: stored once, moved after commit, never plain text."""

from __future__ import annotations

import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from channels.email.poller import Poller
from channels.email.settings import EXTENSION
from intake.models import InboundItem, Report
from tests.email import corpus
from tests.email.conftest import count, run_flask, start_flask, wait_until


class StopPolling(Exception):
    """Raised by the test's sleep to end an otherwise endless poller."""


WHEN = datetime(2026, 11, 24, 22, 45, tzinfo=UTC)


def poll_once(app) -> int:
    with app.app_context():
        return app.test_cli_runner().invoke(args=["poll-email", "--once"]).exit_code


def test_one_pass_stores_each_message_once_then_moves_it_and_acknowledges(make_app, account, sink):
    app = make_app(**account.settings())
    sent_ids = [corpus.new_id() for _ in range(3)]
    messages = [corpus.message(corpus.WORDS, message_id=sent_ids[0]), corpus.missing_boundary()]
    messages.append(corpus.message("Out of office", extra="Auto-Submitted: auto-replied\r\n", message_id=sent_ids[2]))
    account.append(messages, when=WHEN)
    assert poll_once(app) == 0
    intake = app.extensions["intake"]
    with intake.db.read() as session:
        stored = list(session.scalars(select(Report).order_by(Report.id)))
        dispositions = sorted(session.scalars(select(InboundItem.disposition)))
    assert [report.received_at for report in stored] == [WHEN, WHEN]  # INTERNALDATE
    assert [report.needs_review for report in stored] == [False, True]
    assert dispositions == ["auto_reply", "new_report", "new_report"]
    assert account.uids("INBOX") == [] and len(account.uids("Processed")) == 3
    assert sink.recipients == [["sam@resident.example"]] * 2  # delivered after the batch; none to the auto-reply


def test_a_second_pass_finds_nothing_new(make_app, account):
    app = make_app(**account.settings())
    account.append([corpus.plain_utf8()])
    assert (poll_once(app), poll_once(app)) == (0, 0)
    assert count(app.extensions["intake"], Report) == 1


def test_an_untrusted_certificate_is_refused_before_login(make_app, account, caplog):
    app = make_app(**account.settings(IMAP_CA_FILE=""))  # the system's trust store does not know Dovecot's
    account.append([corpus.plain_utf8()])
    assert poll_once(app) == 1
    assert "SSLCertVerificationError" in caplog.text
    assert count(app.extensions["intake"], InboundItem) == 0 and len(account.uids("INBOX")) == 1


def test_tls_is_never_dropped_for_plain_text(make_app, account, dovecot):
    plain_port = account.settings(IMAP_PORT=dovecot.imap_port)
    assert poll_once(make_app(**plain_port)) == 1  # TLS expected, the plain port answers in clear: refused
    account.append([corpus.plain_utf8()])
    assert poll_once(make_app(**plain_port, IMAP_SECURITY="starttls")) == 0
    assert account.uids("INBOX") == []


def test_a_wrong_password_is_one_clear_line_without_the_password_or_address(email_settings, own_dovecot_account):
    account = own_dovecot_account
    settings = {**email_settings, **account.settings(IMAP_PASSWORD="not-the-password-4711")}
    result = run_flask(settings, "poll-email", "--once")
    assert result.returncode == 1
    refused = [line for line in result.stderr.splitlines() if "login refused" in line]
    assert len(refused) == 1, result.stderr
    assert "not-the-password-4711" not in result.stderr + result.stdout
    assert account.user not in result.stderr + result.stdout


def test_a_wrong_password_is_retried_only_after_long_waits(make_app, own_dovecot_account):
    account = own_dovecot_account
    app = make_app(**account.settings(IMAP_PASSWORD="wrong"))
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise StopPolling

    settings = app.extensions[EXTENSION]
    poller = Poller(app.extensions["intake"], settings.pipeline, settings.mailbox(), sleep=sleep)
    with pytest.raises(StopPolling):
        poller.run()
    assert waits == [60, 120]  # a minute, then doubling: never a tight loop


def test_an_unreachable_server_is_retried_with_growing_waits(make_app):
    app = make_app(IMAP_HOST="127.0.0.1", IMAP_USER="intake", IMAP_PASSWORD="secret")  # port 9: nothing listens
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 4:
            raise StopPolling

    settings = app.extensions[EXTENSION]
    poller = Poller(app.extensions["intake"], settings.pipeline, settings.mailbox(), sleep=sleep)
    with pytest.raises(StopPolling):
        poller.run()
    assert waits == [1, 2, 4, 8]


def test_a_crash_between_commit_and_move_loses_nothing_and_doubles_nothing(email_settings, make_app, account, sink):
    settings = {**email_settings, **account.settings(IMAP_BATCH_SIZE=2)}
    app = make_app(**account.settings())
    ids = [corpus.new_id() for _ in range(4)]
    account.append([corpus.message(f"Report number {i}", message_id=ids[i]) for i in range(4)])
    crashed = run_flask(settings, "poll-email", "--once", "--exit-after-commit")
    assert crashed.returncode == 75, crashed.stderr
    # The first batch of two was committed, then the poller died before moving it.
    assert count(app.extensions["intake"], Report) == 2 and len(account.uids("INBOX")) == 4
    restarted = run_flask(settings, "poll-email", "--once")
    assert restarted.returncode == 0, restarted.stderr
    with app.extensions["intake"].db.read() as session:
        descriptions = sorted(r.description for r in session.scalars(select(Report)))
    assert descriptions == [f"Abuse on the stairs\n\nReport number {i}" for i in range(4)]
    assert account.uids("INBOX") == [] and account.message_ids("Processed") == sorted(ids)
    assert len(sink.received) == 4  # one acknowledgement each


def test_two_pollers_at_once_make_each_report_once(email_settings, make_app, account, sink):
    settings = {**email_settings, **account.settings(IMAP_BATCH_SIZE=3)}
    app = make_app(**account.settings())
    ids = [corpus.new_id() for _ in range(24)]
    account.append([corpus.message(f"Report number {i}", message_id=ids[i]) for i in range(24)])
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: run_flask(settings, "poll-email", "--once"), range(2)))
    assert [result.returncode for result in results] == [0, 0], [result.stderr[-3000:] for result in results]
    intake = app.extensions["intake"]
    with intake.db.read() as session:
        descriptions = sorted(r.description for r in session.scalars(select(Report)))
    assert descriptions == sorted(f"Abuse on the stairs\n\nReport number {i}" for i in range(24))
    # Dovecot's maildir MOVE is a copy then an expunge, so two sessions racing on one message may both
    # copy it: the processed folder can hold a second copy, never the database a second report.
    assert account.uids("INBOX") == [] and set(account.message_ids("Processed")) == set(ids)
    assert sorted(recipients[0] for recipients in sink.recipients) == ["sam@resident.example"] * 24


def test_a_running_poller_is_told_of_new_mail_by_idle(email_settings, make_app, account):
    settings = {**email_settings, **account.settings(IMAP_IDLE_SECONDS=600)}  # no re-issue within the test
    intake = make_app(**account.settings()).extensions["intake"]
    account.append([corpus.plain_utf8()])
    poller = start_flask(settings, "poll-email")
    try:
        wait_until(lambda: count(intake, Report) == 1, "the first message stored")
        account.append([corpus.koi8_r()])  # arrives while the poller is idling
        wait_until(lambda: count(intake, Report) == 2, "the message that arrived during IDLE stored")
        wait_until(lambda: account.uids("INBOX") == [], "both messages moved")
    finally:
        poller.terminate()
        print(poller.communicate(timeout=30)[1])  # shown if the test fails


def test_without_idle_or_move_it_polls_and_copies_then_expunges(email_settings, make_app, plain_server_account):
    account = plain_server_account
    with account.connect() as client:
        assert not client.has_capability("IDLE") and not client.has_capability("MOVE")
    settings = {**email_settings, **account.settings(IMAP_POLL_SECONDS=1)}
    intake = make_app(**account.settings()).extensions["intake"]
    poller = start_flask(settings, "poll-email")
    try:
        account.append([corpus.plain_utf8(), corpus.koi8_r()])
        wait_until(lambda: count(intake, Report) == 2, "both messages stored by polling")
        wait_until(lambda: len(account.uids("Processed")) == 2, "both messages copied to the processed folder")
        wait_until(lambda: account.uids("INBOX") == [], "both messages expunged from the inbox")
    finally:
        poller.terminate()
        print(poller.communicate(timeout=30)[1])  # shown if the test fails


def test_a_polled_message_imported_again_from_an_export_is_a_duplicate(make_app, account, tmp_path):
    app = make_app(**account.settings())
    raw = corpus.plain_utf8()
    account.append([raw])
    assert poll_once(app) == 0
    exported = tmp_path / "export.eml"
    exported.write_bytes(b"Received: from mx.landlord.example; Thu, 26 Nov 2026 08:15:00 +0000\r\n" + raw)
    result = app.test_cli_runner().invoke(args=["ingest-eml", str(exported)])
    assert ": duplicate HPG-" in result.output
    assert count(app.extensions["intake"], Report) == 1


def test_large_messages_are_fetched_one_at_a_time_so_a_batch_never_holds_them_all(make_app, account):
    """Issue 10, item 11: fifty 20 MB messages in one FETCH would all sit in memory at once."""
    photo = bytes(range(256)) * 3000  # 768 kB, about 1 MB once base64-encoded
    big = [
        corpus.multipart([corpus.part("text/plain", f"Photo {n}"), corpus.attachment('filename="p.jpg"', photo)])
        for n in range(16)
    ]
    backlog = sum(len(raw) for raw in big)
    account.append(big)
    # Attachments left in the raw copy (over EMAIL_MAX_MESSAGE_BYTES): what is measured is fetching.
    settings = account.settings(IMAP_BATCH_SIZE=50, EMAIL_FETCH_ONE_BYTES=200_000, EMAIL_MAX_MESSAGE_BYTES=100_000)
    app = make_app(**settings)
    tracemalloc.start()
    try:
        assert poll_once(app) == 0
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count(app.extensions["intake"], Report) == 16 and account.uids("INBOX") == []
    # One message and its parsing at a time (about 11 MB here); all sixteen at once came to about 50 MB.
    assert peak < backlog, (peak, backlog)
