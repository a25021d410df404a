"""Email channel: a backlog in a real Dovecot ingested to reports, against fetching and parsing alone.

The baseline is what any IMAP reader must do anyway: fetch every message with ``imapclient``
(in the same batches) and parse it with ``email`` (``policy.default``, the body as text). The
poller adds the channel's parsing, threading, and one database transaction per message, then the
IMAP move. Peak memory (tracemalloc, Python allocations) is measured on a separate run at two
backlog sizes: a poller that streams in batches should not grow with the backlog.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from email import policy
from email.parser import BytesParser
from pathlib import Path

from bench.common import BENCH_ENCRYPTION_KEYS, BenchContext, bench_intake, profile_summary
from channels.email.classify import automatic_reason
from channels.email.ingest import EmailSettings
from channels.email.mailbox import MailboxSettings
from channels.email.parse import parse_email
from channels.email.poller import FETCH_ITEMS, Poller
from intake.drafts import Acknowledgement, Contact, Inbound, ReportDraft
from intake.services import submit_report
from tests.email import corpus
from tests.email.peers import Account, Dovecot

ROOT = Path(__file__).resolve().parent.parent
BATCH = 50
MAX_BYTES = 25 * 1024 * 1024
MIX: list[Callable[[], bytes]] = [
    corpus.plain_utf8,
    corpus.html_only,
    corpus.alternative,
    corpus.attachments,
    corpus.windows_1252_labelled_latin1,
    corpus.koi8_r,
    corpus.iso_2022_jp,
    corpus.forwarded,
]


def measure(ctx: BenchContext) -> str:
    """The section for BENCHMARKS.md; a peer that cannot start is reported, never raised."""
    backlog = 200 if ctx.quick else 5_000
    try:
        dovecot = Dovecot.started()
    except (OSError, RuntimeError, subprocess.SubprocessError) as error:
        return f"## Email channel\n\nNot measured: Dovecot could not start here ({error})."
    try:
        return _section(ctx, dovecot, backlog)
    finally:
        dovecot.remove()


def _section(ctx: BenchContext, dovecot: Dovecot, backlog: int) -> str:
    baseline_rate = _rate(backlog, _fill(dovecot, backlog), _fetch_and_parse)
    parse_rate = _rate(backlog, _fill(dovecot, backlog), _fetch_and_parse_as_the_channel)
    with ctx.fresh_database("postgresql") as url:
        poller_rate = _rate(backlog, _fill(dovecot, backlog), lambda account: _poll(account, url))
    with ctx.fresh_database("postgresql") as url:
        started = time.perf_counter()
        _submit_only(url, backlog)
        core_rate = backlog / (time.perf_counter() - started)
    small = max(backlog // 5, BATCH)
    with ctx.fresh_database("postgresql") as url:
        small_peak = _peak(lambda: _poll(_fill(dovecot, small), url))
    with ctx.fresh_database("postgresql") as url:
        large_peak = _peak(lambda: _poll(_fill(dovecot, backlog), url))
    with ctx.fresh_database("postgresql") as url:
        resident = _poller_resident_size(_fill(dovecot, small), url)
    rates = (baseline_rate, parse_rate, core_rate, poller_rate)
    section = _report(backlog, rates, small, small_peak, large_peak, resident)
    if poller_rate / baseline_rate < 0.5:
        with ctx.fresh_database("postgresql") as url:
            account = _fill(dovecot, small)
            section += f"\n\nProfile of the poller over {small} messages:\n\n" + profile_summary(
                lambda: _poll(account, url)
            )
    return section


def _poller_resident_size(account: Account, database_url: str) -> int:
    """The peak resident size (bytes) of a real ``flask poll-email --once`` process over the backlog."""
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-secret-key-0123456789",
            "ENCRYPTION_KEYS": BENCH_ENCRYPTION_KEYS,
            "CHANNELS": "channels.email",
            "ATTACHMENT_DIR": folder,
            "IMAP_SECURITY": "tls",
            **{name: str(value) for name, value in account.settings().items()},
        }
        command = [sys.executable, "-m", "flask", "--app", "intake.app", "poll-email", "--once"]
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise RuntimeError(f"poll-email exited {process.returncode}")
        return usage.ru_maxrss * 1024  # kilobytes on Linux


def _fill(dovecot: Dovecot, count: int) -> Account:
    """A new mailbox holding ``count`` messages of the mix (plain, HTML, attachments, charsets)."""
    account = dovecot.new_account()
    account.append(_messages(count))
    return account


def _messages(count: int) -> Iterator[bytes]:
    for index in range(count):
        yield MIX[index % len(MIX)]()


def _rate(count: int, account: Account, run: Callable[[Account], None]) -> float:
    started = time.perf_counter()
    run(account)
    return count / (time.perf_counter() - started)


def _fetch_and_parse(account: Account) -> None:
    """The baseline: imapclient and email alone, same batches, the body read as text."""
    for raw in _fetch_all(account):
        message = BytesParser(policy=policy.default).parsebytes(raw)
        body = message.get_body(preferencelist=("plain", "html"))
        if body is not None:
            body.get_content()


def _fetch_and_parse_as_the_channel(account: Account) -> None:
    """The channel's own parsing and auto-reply check, without the database: where the time goes."""
    for raw in _fetch_all(account):
        automatic_reason(parse_email(raw, max_bytes=MAX_BYTES))


def _fetch_all(account: Account) -> Iterator[bytes]:
    with account.connect() as client:
        client.select_folder("INBOX", readonly=True)
        uids = sorted(client.search(["ALL"]))
        for start in range(0, len(uids), BATCH):
            for data in client.fetch(uids[start : start + BATCH], FETCH_ITEMS).values():
                yield data[b"BODY[]"]


def _poll(account: Account, database_url: str) -> None:
    """One ``poll-email --once`` pass, in this process so that its memory can be traced."""
    with tempfile.TemporaryDirectory() as folder:
        intake = bench_intake(database_url, ATTACHMENT_DIR=folder)
        mailbox = MailboxSettings(
            host="127.0.0.1",
            port=account.server.imaps_port,
            security="tls",
            user=account.user,
            password=account.password,
            ca_file=str(account.server.ca_file),
            mailbox="INBOX",
            processed="Processed",
            timeout_seconds=60,
        )
        Poller(intake, EmailSettings(max_bytes=MAX_BYTES), mailbox, batch_size=BATCH).run(once=True)
        intake.db.dispose()


def _submit_only(database_url: str, count: int) -> None:
    """The core's ceiling: ``submit_report`` alone, one small email report per transaction, no IMAP."""
    with tempfile.TemporaryDirectory() as folder:
        intake = bench_intake(database_url, ATTACHMENT_DIR=folder)
        for _ in range(count):
            key = secrets.token_hex(8)
            draft = ReportDraft(
                inbound=Inbound("email", key, corpus.plain_utf8(), also_keys=(f"<{key}@bench>",)),
                description=corpus.WORDS,
                reporter=Contact(email="sam@resident.example", safe_methods=("email",)),
                acknowledgement=Acknowledgement("email", "sam@resident.example", message_id=f"<ack{key}@bench>"),
            )
            submit_report(intake, draft)
        intake.db.dispose()


def _peak(run: Callable[[], None]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _why(baseline: float, parsing: float, core: float, poller: float) -> str:
    """What the poller could reach at best, from this run's rows: it fetches and parses, then submits."""
    both = 1 / (1 / parsing + 1 / core)  # a message's fetch and parse, then its report, one after the other
    return (
        f"Per message: fetching and parsing as the channel does {1000 / parsing:.2f} ms, the core's "
        f"`submit_report` alone {1000 / core:.2f} ms, the poller {1000 / poller:.2f} ms, the baseline "
        f"{1000 / baseline:.2f} ms. The core alone is {core / baseline:.2f} of the baseline's rate; with the "
        f"channel's fetch and parse added, one after the other, {both / baseline:.2f}. The poller (its batch "
        "saves a commit a message and adds a savepoint) cannot go much past that without a faster "
        "`submit_report`: the intake core section shows what a report's statements and Python cost alone."
    )


def _report(
    backlog: int, rates: tuple[float, float, float, float], small: int, small_peak: int, large_peak: int, resident: int
) -> str:
    baseline, parsing, core, poller = rates
    mib = 1024 * 1024
    return "\n".join(
        [
            "## Email channel",
            "",
            f"A backlog of {backlog} messages (plain, HTML, multipart/alternative, attachments, Windows-1252, "
            "KOI8-R, ISO-2022-JP, forwarded) in a real Dovecot over TLS, ingested to reports in PostgreSQL by the "
            "poller (parse, classify, thread, a batch in one transaction with a savepoint per message, move after "
            "commit), "
            "against fetching and parsing the same messages with `imapclient` and `email` alone, in batches of "
            f"{BATCH} (goal: ratio at least 0.5). To show where the time goes, two more rows: only the channel's "
            "parsing and auto-reply check, without the database; and the core's `submit_report` alone, one small "
            "email report per transaction without IMAP or parsing. Peak memory is Python's (tracemalloc) for a "
            "whole pass, at two backlog sizes (goal: flat).",
            "",
            "| measure (messages per second) | measured | baseline | ratio |",
            "|---|---|---|---|",
            f"| poller, backlog to reports | {poller:.0f} | {baseline:.0f} | {poller / baseline:.2f} |",
            f"| channel parsing only, no database | {parsing:.0f} | {baseline:.0f} | {parsing / baseline:.2f} |",
            f"| core `submit_report` alone, no IMAP | {core:.0f} | {baseline:.0f} | {core / baseline:.2f} |",
            "",
            _why(baseline, parsing, core, poller),
            "",
            "| backlog | poller peak memory |",
            "|---|---|",
            f"| {small} messages | {small_peak / mib:.1f} MiB |",
            f"| {backlog} messages | {large_peak / mib:.1f} MiB ({large_peak / small_peak:.2f}x the smaller) |",
            "",
            f"The poller's process (`flask --app intake.app poll-email --once` over {small} messages, CHANNELS="
            f"channels.email): peak resident size **{resident / mib:.0f} MiB**.",
        ]
    )
