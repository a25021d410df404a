"""Statements and round trips one submission costs, by channel and database (issue 13 item 1).

The same counts are pinned exactly by ``tests/*/test_round_trips.py``; here they are reported beside
the timings. Each channel's whole request is counted (the SMS webhook and the partner API through
the app, an email through the pipeline's ``ingest``), after one warm-up submission.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from bench.common import BENCH_ENCRYPTION_KEYS, BenchContext
from channels.email.ingest import EmailSettings, ingest
from intake.app import create_app
from intake.context import Intake
from intake.drafts import ConsentDraft, Contact, Inbound, ReportDraft, SafetyFlags
from intake.partners import organisations as partners
from intake.services import submit_report
from intake.vocabulary import Answer
from tests.email import corpus
from tests.partner.support import API_REPORT, bearer, make_organisation
from tests.statement_count import Counted, counting

TOKEN = "bench-auth-token-0123456789abcdef"
ACCOUNT = "AC" + "0" * 32
OUR_NUMBER = "+447700900000"
GOAL = "at most 5 round trips, the commit included"


def measure(ctx: BenchContext) -> str:
    lines = [
        "## Statements and round trips per submission",
        "",
        "What one submission sends to the database, counted with SQLAlchemy's cursor events: statements, and "
        "round trips (statements plus the transaction's BEGIN and COMMIT: on SQLite `BEGIN IMMEDIATE` is one of "
        f"the statements). Goal for a plain report: {GOAL}. The tests pin these numbers exactly.",
        "",
        "| submission | SQLite statements | round trips | PostgreSQL statements | round trips |",
        "|---|---|---|---|---|",
    ]
    counts: dict[str, list[Counted]] = {}
    for kind in ("sqlite", "postgresql"):
        with ctx.fresh_database(kind) as url, tempfile.TemporaryDirectory() as folder:
            for label, counted in _count_all(url, Path(folder)):
                counts.setdefault(label, []).append(counted)
    for label, (lite, pg) in counts.items():
        lines.append(
            f"| {label} | {len(lite.statements)} | {lite.round_trips} | {len(pg.statements)} | {pg.round_trips} |"
        )
    return "\n".join(lines)


def _count_all(url: str, folder: Path) -> list[tuple[str, Counted]]:
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-secret-key-0123456789",
            "ENCRYPTION_KEYS": BENCH_ENCRYPTION_KEYS,
            "CHANNELS": "channels.sms,channels.partner,channels.email",
            "ATTACHMENT_DIR": str(folder),
            "TWILIO_ACCOUNT_SID": ACCOUNT,
            "TWILIO_AUTH_TOKEN": TOKEN,
            "TWILIO_FROM_NUMBER": OUR_NUMBER,
            "TWILIO_API_BASE_URL": "http://127.0.0.1:9",
            "PARTNER_API_RATE_LIMIT": "100000/minute",
        }
    )
    intake: Intake = app.extensions["intake"]
    try:
        return [
            ("plain web report (`submit_report`)", _twice(intake, lambda: submit_report(intake, _plain()))),
            ("report with reporter, consent, works", _twice(intake, lambda: submit_report(intake, _full()))),
            ("first text, signed SMS webhook", _twice(intake, lambda: _text(app))),
            ("email with two attachments (`ingest`)", _twice(intake, lambda: _email(intake))),
            ("partner API report", _twice(intake, _partner_poster(app, intake))),
        ]
    finally:
        intake.db.dispose()


def _twice(intake: Intake, submit: Callable[[], object]) -> Counted:
    """The second of two submissions: the first opens the pool's connection and warms caches."""
    submit()
    with counting(intake.db.engine) as counted:
        submit()
    return counted


def _plain() -> ReportDraft:
    return ReportDraft(
        Inbound("web", secrets.token_hex(8), b"raw"), description="Someone shouted at me.", reporter_role="victim"
    )


def _full() -> ReportDraft:
    return ReportDraft(
        inbound=Inbound("web", secrets.token_hex(8), b"raw"),
        reporter_role="victim",
        description="They shouted abuse at me and my children and sprayed graffiti on the door.",
        reporter=Contact(name="A resident", phone="07700 900123", safe_methods=("phone",)),
        consents=(ConsentDraft("contact", True),),
        safety=SafetyFlags(graffiti_to_remove=Answer.YES),
    )


def _text(app: object) -> None:
    form = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": ACCOUNT,
        "From": f"+4477009{secrets.randbelow(10**5):05d}",
        "To": OUR_NUMBER,
        "Body": "My neighbour keeps shouting racist abuse at me on the stairs.",
        "NumMedia": "0",
    }
    url = "http://localhost/sms/inbound"
    signature = RequestValidator(TOKEN).compute_signature(url, form)
    client = app.test_client()  # type: ignore[attr-defined]
    response = client.post(
        "/sms/inbound",
        data=urlencode(form),
        headers={"X-Twilio-Signature": signature},
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200, response.status_code


def _email(intake: Intake) -> None:
    ingest(intake, EmailSettings(max_bytes=25 * 1024 * 1024, mail_from="report@landlord.example"), corpus.attachments())


def _partner_poster(app: object, intake: Intake) -> Callable[[], None]:
    organisation = make_organisation(intake)
    token = partners.issue_token(intake, organisation_id=organisation, actor="bench").token
    client = app.test_client()  # type: ignore[attr-defined]

    def post() -> None:
        assert client.post("/api/v1/reports", json=API_REPORT, headers=bearer(token)).status_code == 201

    return post
