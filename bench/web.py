"""Benchmark: the public web form's cost per page and per report, on SQLite and PostgreSQL.

Each answer is a read and a write of the visitor's answers row, and sending is one report in one
transaction; this shows what that costs next to a page that touches no database (/healthz),
measured in the same run on the same machine. Only 127.0.0.1 is used; it never fails the build.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from bench.common import BENCH_ENCRYPTION_KEYS, BenchContext

VICTIM = [
    ("who", {"role": "victim"}),
    ("what-happened", {"incident_types": ["verbal_abuse"]}),
    ("why", {"characteristics": ["race"]}),
    ("when", {"occurred_on": ["", "", ""], "occurred_text": "Last night"}),
    ("where", {"where": "withheld"}),
    ("in-your-own-words", {"description": "Shouted abuse in the stairwell."}),
    ("anyone-hurt", {"answer": "no"}),
    ("children", {"answer": "no"}),
    ("unsafe-at-home", {"answer": "no"}),
    ("damage", {"answer": "no"}),
    ("graffiti", {"answer": "yes"}),
    ("person-responsible", {"known": ["dont_know"]}),
    ("photos-and-documents", {"action": "continue"}),
    ("contact", {"contact": "no"}),
    ("consent-police", {"answer": "yes"}),
    ("consent-partners", {"answer": "no"}),
    ("consent-panel", {"answer": "no"}),
]


def measure(ctx: BenchContext) -> str:
    """The Markdown section: per-operation times on both databases, as ratios to the no-database page."""
    rounds = 3 if ctx.quick else 30
    lines = [
        "## Public web form",
        "",
        "Time per operation through the Flask test client (no network), as a ratio to `/healthz` in the",
        f"same app (a page with no database work). {rounds} rounds each; a report is {len(VICTIM)} answered pages",
        "and the send.",
        "",
        "| database | operation | ms each | ratio to /healthz |",
        "|---|---|---|---|",
    ]
    for kind in ("sqlite", "postgresql"):
        try:
            lines += _rows(ctx, kind, rounds)
        except Exception as error:  # noqa: BLE001  (a benchmark reports its failure, never fails the build)
            lines.append(f"| {kind} | failed: {type(error).__name__} | | |")
    return "\n".join(lines) + "\n"


def _rows(ctx: BenchContext, kind: str, rounds: int) -> list[str]:
    with ctx.fresh_database(kind) as url, tempfile.TemporaryDirectory() as folder:
        app = _app(url, Path(folder))
        try:
            timings = _timings(app.test_client, rounds)
        finally:
            app.extensions["intake"].db.dispose()
    baseline = timings["page with no database work (/healthz)"]
    return [f"| {kind} | {name} | {ms:.2f} | {ms / baseline:.1f} |" for name, ms in timings.items()]


def _app(url: str, folder: Path) -> Any:
    from intake.app import create_app

    return create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "benchmark-secret-key-not-for-use",
            "ENCRYPTION_KEYS": BENCH_ENCRYPTION_KEYS,
            "CHANNELS": "channels.web",
            "ATTACHMENT_DIR": str(folder / "attachments"),
            "WEB_RATE_LIMIT": "1000000 per minute",
            "WEB_SUBMIT_RATE_LIMIT": "1000000 per minute",
            "WTF_CSRF_ENABLED": False,
        }
    )


def _timings(new_client: Callable[[], FlaskClient], rounds: int) -> dict[str, float]:
    client = new_client()
    return {
        "page with no database work (/healthz)": _each(rounds, lambda: client.get("/healthz")),
        "show a question": _each(rounds, lambda: client.get("/report/who")),
        "answer a question": _each(rounds, lambda: client.post("/report/who", data={"role": "victim"})),
        "a whole report, start to sent": _each(rounds, lambda: _report(new_client())),
    }


def _report(client: FlaskClient) -> None:
    for slug, data in VICTIM:
        client.post(f"/report/{slug}", data=data)
    token = client.get("/report/check-your-answers").get_data(as_text=True).split('name="token" value="')[1]
    client.post("/report/check-your-answers", data={"token": token.split('"')[0]})
    sent = client.get("/report/confirmation").get_data(as_text=True)
    assert "app-reference" in sent, "the benchmark's report was not sent"


def _each(rounds: int, operation: Callable[[], Any]) -> float:
    operation()  # warm up
    started = time.perf_counter()
    for _ in range(rounds):
        operation()
    return (time.perf_counter() - started) * 1000 / rounds
