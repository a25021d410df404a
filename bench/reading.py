"""Triage that reads (issue 11): recall and precision on the labelled set, and what reading costs a message."""

from __future__ import annotations

import secrets
import time
from datetime import UTC, datetime

from bench.common import BenchContext, bench_intake
from intake.drafts import Inbound, ReportDraft
from intake.reading.signals import infer
from intake.services import submit_report
from tests.triage_corpus import LABELLED, MEASURED, UNSEEN, Labelled, Score, labelled, score

RECEIVED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def measure(ctx: BenchContext) -> str:
    cases, unseen = labelled(LABELLED), labelled(UNSEEN)
    tuned, fresh = _scores(cases), _scores(unseen)
    lines = [
        "## Triage that reads",
        "",
        f"Signals read from the {len(cases)} short reports of `tests/triage_corpus/labelled.jsonl`, which the "
        f"phrase list was corrected against (floors: recall at least 0.95 for safeguarding signs and works, "
        f"precision at least 0.8 overall), and from the {len(unseen)} of `unseen.jsonl`, written after the list "
        "was frozen: the honest estimate for new reports.",
        "",
        "| signal | recall | precision | missed / wrong | unseen: recall | precision | missed / wrong |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [f"| {name} | {_row(tuned[name])} | {_row(fresh[name])} |" for name in (*MEASURED, "overall")]
    reading, submitting = _cost(ctx, cases_text=[case.text for case in cases])
    lines += [
        "",
        f"Cost per message: reading one takes {reading * 1e6:.0f} µs on average; a whole `submit_report` "
        f"(SQLite, reading included) takes {submitting * 1e3:.1f} ms, so reading is "
        f"**{reading / submitting:.1%}** of a submission.",
    ]
    return "\n".join(lines)


def _scores(cases: list[Labelled]) -> dict[str, Score]:
    return score(cases, lambda case: {f.signal for f in infer(case.text)})


def _row(s: Score) -> str:
    return f"{s.recall:.2f} | {s.precision:.2f} | {s.false_negative} / {s.false_positive}"


def _cost(ctx: BenchContext, cases_text: list[str]) -> tuple[float, float]:
    rounds = 3 if ctx.quick else 20
    started = time.perf_counter()
    for _ in range(rounds):
        for text in cases_text:
            infer(text)
    reading = (time.perf_counter() - started) / (rounds * len(cases_text))
    with ctx.fresh_database("sqlite") as url:
        intake = bench_intake(url)
        started = time.perf_counter()
        for text in cases_text:
            submit_report(intake, _draft(text))
        submitting = (time.perf_counter() - started) / len(cases_text)
        intake.db.dispose()
    return reading, submitting


def _draft(text: str) -> ReportDraft:
    inbound = Inbound(channel="sms", key=secrets.token_hex(8), raw=text.encode(), received_at=RECEIVED)
    return ReportDraft(inbound=inbound, description=text)
