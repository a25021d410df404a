"""make soak: start the whole service on this machine, drive it under faults, keep the ledger.

``python -m soak.run --duration 1200 --rate 5`` (``make soak``). Exits non-zero on any loss,
doubling, or anything left stuck. Writes RELIABILITY.md. See docs/soak.md.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from config import load_settings
from config.encryption_keys import new_key_document, parse_keys
from intake.app import build_intake
from intake.partners import organisations as partners
from intake.sealing import BlindIndex
from soak import faults, ledger, load, report
from soak.peers import Proxy, SmtpSink, database_restart, fresh_database
from soak.processes import FLASK, ROOT, Supervisor, gunicorn
from tests.email.peers import Dovecot, free_port
from tests.sms.twilio_standin import TwilioStandIn

SHARES = {"sms": 0.52, "api": 0.26, "email": 0.17, "web": 0.05}
THREADS = {"sms": 16, "api": 8, "email": 2, "web": 12}
TRIAGE_INBOX = "triage@landlord.example"
PUBLIC_BASE_URL = "http://soak.example"
NOTES = [
    "PostgreSQL is the machine's shared server, so a 'database restart' is every backend of the soak's own "
    "database terminated (pg_terminate_backend) with new connections refused (ALLOW_CONNECTIONS false) for "
    "6 s: what the service sees of a restart, without stopping other people's databases.",
    "Redis is the machine's running server on its own database number, reached through a TCP proxy the soak "
    "closes (every connection cut, new ones refused) for 20 s: 'Redis away'.",
    "Twilio's servers are the tests' stand-in; Dovecot (IMAP over TLS) and the aiosmtpd sink are real.",
]


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=1200, help="seconds of load (default 1200)")
    parser.add_argument("--rate", type=float, default=5.0, help="inbound items per second, all channels (default 5)")
    parser.add_argument("--pg-admin-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-db", type=int, default=13, help="the Redis database number for the soak's limits")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--drain-timeout", type=float, default=600, help="seconds to wait for the queues")
    parser.add_argument("--out", type=Path, default=ROOT / "RELIABILITY.md")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    with fresh_database(args.pg_admin_url) as (database_url, database_name, admin):
        dovecot, sink, twilio, redis = (
            Dovecot.started(),
            SmtpSink(),
            TwilioStandIn(load.ACCOUNT_SID, load.AUTH_TOKEN),
            Proxy(6379),
        )
        sink.back()
        twilio.start()
        redis.back()
        account = dovecot.new_account()
        logs = Path(tempfile.mkdtemp(prefix="intake-soak-"))
        environment = _environment(args, database_url, dovecot, account, sink, twilio, redis, logs)
        supervisor = Supervisor(environment, logs)
        try:
            return _run(args, database_url, database_name, admin, dovecot, account, sink, twilio, redis, supervisor)
        finally:
            supervisor.stop()
            twilio.stop()
            sink.away()
            redis.away()
            dovecot.remove()
            print(f"process logs: {logs}")


def _environment(args, database_url, dovecot, account, sink, twilio, redis, logs) -> dict[str, str]:  # type: ignore[no-untyped-def]
    settings = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "ENCRYPTION_KEYS": new_key_document(),
        "CHANNELS": "channels.web,channels.sms,channels.partner,channels.email,channels.assisted",
        "ATTACHMENT_STORE": "database",
        "ATTACHMENT_DIR": str(logs / "attachments-never-used"),
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/{args.redis_db}",
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "TWILIO_ACCOUNT_SID": load.ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": load.AUTH_TOKEN,
        "TWILIO_API_BASE_URL": twilio.origin,
        "TWILIO_FROM_NUMBER": load.OUR_NUMBER,
        "IMAP_HOST": "127.0.0.1",
        "IMAP_PORT": str(dovecot.imaps_port),
        "IMAP_USER": account.user,
        "IMAP_PASSWORD": account.password,
        "IMAP_CA_FILE": str(dovecot.ca_file),
        "IMAP_IDLE_SECONDS": "5",
        "IMAP_POLL_SECONDS": "2",
        "IMAP_TIMEOUT_SECONDS": "15",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(sink.port),
        "SMTP_SECURITY": "none",
        "MAIL_FROM": "report-hate@landlord.example",
        "TRIAGE_INBOX": TRIAGE_INBOX,
        "WEB_RATE_LIMIT": "100000 per minute",
        "WEB_SUBMIT_RATE_LIMIT": "100000/minute",
        "SMS_WEBHOOK_RATE_LIMIT": "100000/minute",
        "PARTNER_API_RATE_LIMIT": "100000/minute",
    }
    return {**os.environ, **settings}


def _run(args, database_url, database_name, admin, dovecot, account, sink, twilio, redis, supervisor) -> int:  # type: ignore[no-untyped-def]
    token = _partner_token(supervisor.environment)
    ports = [free_port(), free_port()]
    for number, port in enumerate(ports, 1):
        supervisor.add(f"web-{number}", gunicorn(port, args.web_workers))
    for number in (1, 2):
        supervisor.add(f"poller-{number}", [*FLASK, "poll-email"])
        supervisor.add(f"outbox-{number}", [*FLASK, "deliver-outbox", "--interval", "2"])
    supervisor.add("sms-media", [*FLASK, "sms-fetch-media", "--interval", "3"])
    supervisor.add("alerts", [*FLASK, "staff-alerts", "--interval", "30"])
    supervisor.watch()
    instances = [f"http://127.0.0.1:{port}" for port in ports]
    _wait_until_serving(instances)
    record = load.Record()
    target = load.Target(instances, PUBLIC_BASE_URL, token, account, record, twilio)
    schedule = faults.schedule(args.duration)
    print(f"soak: {args.duration:.0f} s at {args.rate} items/s on {instances}; faults at:", flush=True)
    for fault in schedule:
        print(f"  {fault.at:7.1f}s  {fault.kind}", flush=True)
    actions = _fault_actions(supervisor, admin, database_name, redis, sink, dovecot, account)
    stop = threading.Event()
    record.started = time.monotonic()
    injector = faults.Injector(schedule, actions, record.started)
    threading.Thread(target=injector.run, args=(stop,), daemon=True).start()
    _drive(target, args.rate, args.duration)
    stop.set()
    for thread in injector.threads:
        thread.join()
    load_seconds = time.monotonic() - record.started
    print(f"load stopped after {load_seconds:.0f} s; draining the queues", flush=True)
    drained = _drain(database_url, account, args.drain_timeout)
    figures = ledger.check(
        database_url,
        record.items,
        sink.sink.recipients,
        twilio.sent,
        len(account.uids("INBOX")),
        TRIAGE_INBOX,
        BlindIndex(parse_keys(supervisor.environment["ENCRYPTION_KEYS"])),
    )
    restarts = {name: managed.restarts for name, managed in supervisor.managed.items()}
    settings = {
        "duration (s)": args.duration,
        "rate offered (items/s)": args.rate,
        "channel shares": SHARES,
        "processes": "2 gunicorn instances x "
        f"{args.web_workers} workers, 2 email pollers, 2 outbox workers, the media fetcher, the alerts job",
        "shared services": "PostgreSQL (reports, attachments, web answers), Redis (rate limits)",
    }
    report.write(
        args.out,
        settings=settings,
        record=record,
        faults=schedule,
        ledger=figures,
        restarts=restarts,
        load_seconds=load_seconds,
        drain_seconds=drained,
        notes=NOTES,
    )
    print(args.out.read_text())
    return 0 if figures.clean and report.server_errors(record) == 0 else 1


def _partner_token(environment: dict[str, str]) -> str:
    intake = build_intake(
        load_settings(
            {
                "DATABASE_URL": environment["DATABASE_URL"],
                "SECRET_KEY": environment["SECRET_KEY"],
                "ENCRYPTION_KEYS": environment["ENCRYPTION_KEYS"],
                "CHANNELS": "",
            }
        )
    )
    organisation = partners.create_organisation(
        intake,
        name="Soak Advice Centre",
        kind="advice_centre",
        actor="soak",
        email_domains=("soak-advice.example",),
        sharing_agreement_reference="ISA-SOAK",
    )
    token = partners.issue_token(intake, organisation_id=organisation, actor="soak").token
    intake.db.dispose()
    return token


def _fault_actions(supervisor, admin, database_name, redis, sink, dovecot, account) -> dict[str, Callable[[], str]]:  # type: ignore[no-untyped-def]
    def kill(kind: str) -> str:
        name = random.choice([n for n in supervisor.managed if n.startswith(kind)])
        return f"{name} pid {supervisor.kill(name)}"

    def kill_web_worker() -> str:
        name = random.choice(["web-1", "web-2"])
        return f"{name} worker pid {supervisor.kill_worker(name)}"

    def restart() -> str:
        seconds = faults.AWAY_SECONDS["database restart"]
        cut = database_restart(admin, database_name, seconds)
        return f"{cut} connections terminated; new ones refused for {seconds:.0f} s"

    return {
        "kill -9 a web worker": kill_web_worker,
        "kill -9 an email poller": lambda: kill("poller"),
        "kill -9 an outbox worker": lambda: kill("outbox"),
        "database restart": restart,
        "Redis away": lambda: faults.away_for(faults.AWAY_SECONDS["Redis away"], redis.away, redis.back),
        "SMTP sink away": lambda: faults.away_for(faults.AWAY_SECONDS["SMTP sink away"], sink.away, sink.back),
        "IMAP connections cut": lambda: faults.kick_imap(str(dovecot.config), account.user),
    }


def _drive(target: load.Target, rate: float, duration: float) -> None:
    """Offer each channel its share of the rate, open loop, for ``duration`` seconds; then wait for the clients."""
    mailers = [load.Mailer(target), load.Mailer(target)]
    senders: dict[str, Callable[[], None]] = {
        "sms": lambda: load.send_sms(target),
        "api": lambda: load.send_api_report(target),
        "web": lambda: load.send_web_report(target),
        "email": lambda: random.choice(mailers).send(),
    }
    pools = {channel: ThreadPoolExecutor(THREADS[channel]) for channel in SHARES}
    dispatchers = [
        threading.Thread(
            target=_dispatch, args=(pools[channel], senders[channel], rate * share, duration, target.record.started)
        )
        for channel, share in SHARES.items()
    ]
    for thread in dispatchers:
        thread.start()
    for thread in dispatchers:
        thread.join()
    for pool in pools.values():
        pool.shutdown(wait=True)


def _dispatch(pool: ThreadPoolExecutor, send: Callable[[], None], rate: float, duration: float, started: float) -> None:
    due = 0.0
    while due < duration:
        time.sleep(max(0.0, started + due - time.monotonic()))
        pool.submit(_quietly, send)
        due += 1 / rate


def _quietly(send: Callable[[], None]) -> None:
    try:
        send()
    except Exception as error:  # noqa: BLE001 - one client's bug must not stop the load; it shows in the ledger
        print(f"client error: {type(error).__name__}: {error}", file=sys.stderr, flush=True)


def _wait_until_serving(instances: list[str]) -> None:
    for url in instances:
        for _ in range(600):
            try:
                if requests.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError(f"{url} did not start")


def _drain(database_url: str, account, timeout: float) -> float:  # type: ignore[no-untyped-def]
    """Wait until the outbox, the media queue and the inbox are empty (a killed worker's lease lasts 5 minutes)."""
    from sqlalchemy import create_engine, text

    engine, started = create_engine(database_url), time.monotonic()
    query = text(
        "SELECT (SELECT count(*) FROM outbox_messages WHERE status = 'pending')"
        " + (SELECT count(*) FROM remote_media WHERE status = 'pending')"
    )
    while time.monotonic() - started < timeout:
        with engine.connect() as connection:
            waiting = connection.execute(query).scalar_one()
        if waiting == 0 and not account.uids("INBOX"):
            break
        time.sleep(5)
    engine.dispose()
    return time.monotonic() - started


if __name__ == "__main__":
    sys.exit(main())
