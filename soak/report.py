"""RELIABILITY.md: the load offered and held, the faults, the ledger, latencies and statuses."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

from soak.faults import Fault
from soak.ledger import Ledger
from soak.load import Record

CHANNELS = ("sms", "api", "web", "email")
TARGET_ITEMS, TARGET_FAULTS = 5000, 20
LEDGER_COLUMNS = (
    "offered",
    "accepted",
    "client gave up",
    "exact replays",
    "stored once",
    "new reports",
    "messages on a report",
    "lost",
    "doubled",
    "neither report nor message",
)


def write(
    path: Path,
    *,
    settings: dict[str, object],
    record: Record,
    faults: list[Fault],
    ledger: Ledger,
    restarts: dict[str, int],
    load_seconds: float,
    drain_seconds: float,
    notes: list[str],
) -> None:
    lines = ["# Reliability: the soak run", "", "Written by `make soak` (`python -m soak.run`); see docs/soak.md.", ""]
    lines += ["## The run", "", *(f"- {name}: {value}" for name, value in settings.items())]
    lines += [f"- load: {load_seconds:.0f} s; queues drained in {drain_seconds:.0f} s after it stopped", ""]
    lines += [*(f"- {note}" for note in notes), ""]
    lines += _verdict(ledger, record, faults)
    lines += _load(record, load_seconds)
    lines += _faults(faults, restarts)
    lines += _ledger(ledger)
    lines += _latency(record)
    lines += _statuses(record)
    path.write_text("\n".join(lines) + "\n")


def _verdict(ledger: Ledger, record: Record, faults: list[Fault]) -> list[str]:
    struck = sum(1 for fault in faults if fault.struck_at is not None and not fault.detail.startswith("could not"))
    inbound, errors = len(record.items), server_errors(record)
    verdict = "PASS" if ledger.clean and errors == 0 else "FAIL"
    target = "met" if inbound >= TARGET_ITEMS and struck >= TARGET_FAULTS else "not met"
    return [
        "## Verdict",
        "",
        f"**{verdict}**: {inbound} inbound items offered, {struck} faults struck; "
        f"{ledger.lost} lost, {ledger.doubled} doubled, {ledger.stuck} stuck or undelivered; "
        f"{errors} answers of 500 or above other than 503.",
        "",
        f"Issue 18's target ({TARGET_ITEMS} inbound items, {TARGET_FAULTS} faults, in 20 minutes of load): {target}.",
        "",
    ]


def server_errors(record: Record) -> int:
    """Answers of 500 and above other than 503 (the database away): never expected."""
    return sum(
        count
        for statuses in record.statuses.values()
        for status, count in statuses.items()
        if status.isdigit() and int(status) >= 500 and status != "503"
    )


def _load(record: Record, load_seconds: float) -> list[str]:
    lines = [
        "## Load offered and held, per channel",
        "",
        "| channel | offered | accepted | offered per second | held per second |",
        "|---|---|---|---|---|",
    ]
    for channel in CHANNELS:
        items = [item for item in record.items if item.channel == channel]
        held = [item for item in items if item.accepted_at is not None]
        rates = f"{len(items) / load_seconds:.2f} | {len(held) / load_seconds:.2f}"
        lines.append(f"| {channel} | {len(items)} | {len(held)} | {rates} |")
    lines += ["", "Per minute (items per second in that minute, offered / held):", ""]
    minutes = max(1, math.ceil(load_seconds / 60))
    lines += ["| minute | " + " | ".join(CHANNELS) + " |", "|---" * (len(CHANNELS) + 1) + "|"]
    for minute in range(minutes + 1):
        cells = []
        for channel in CHANNELS:
            offered = sum(
                1 for i in record.items if i.channel == channel and minute * 60 <= i.offered_at < minute * 60 + 60
            )
            held = sum(
                1
                for i in record.items
                if i.channel == channel
                and i.accepted_at is not None
                and minute * 60 <= i.accepted_at < minute * 60 + 60
            )
            cells.append(f"{offered / 60:.2f} / {held / 60:.2f}")
        lines.append(f"| {minute} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _faults(faults: list[Fault], restarts: dict[str, int]) -> list[str]:
    lines = ["## Faults", "", "| scheduled (s) | struck (s) | fault | what happened |", "|---|---|---|---|"]
    for fault in faults:
        struck = f"{fault.struck_at:.1f}" if fault.struck_at is not None else "not struck"
        lines.append(f"| {fault.at:.1f} | {struck} | {fault.kind} | {fault.detail} |")
    lines += ["", "Processes started again by the supervisor (as a process manager would):", ""]
    lines += [f"- {name}: {count}" for name, count in sorted(restarts.items())]
    return [*lines, ""]


def _ledger(ledger: Ledger) -> list[str]:
    lines = [
        "## The ledger",
        "",
        "| channel | " + " | ".join(LEDGER_COLUMNS) + " |",
        "|---" * (len(LEDGER_COLUMNS) + 1) + "|",
    ]
    for channel in CHANNELS:
        f = ledger.channels.get(channel)
        if f is not None:
            values = (f.offered, f.accepted, f.not_accepted, f.replays, f.stored_once, f.reports, f.messages)
            values += (f.lost, f.doubled, f.not_a_report)
            lines.append(f"| {channel} | " + " | ".join(str(value) for value in values) + " |")
    lines += [
        "",
        f"- outbox at the end, by status: {dict(ledger.outbox)}",
        f"- acknowledgements sent by the outbox: {ledger.acknowledgements}; "
        f"delivered at least once: {ledger.delivered}; never delivered: {ledger.undelivered}; "
        f"duplicate deliveries: {ledger.duplicate_deliveries}",
        f"- staff alerts delivered to the triage inbox: {ledger.staff_alerts_delivered}",
        f"- pictures still waiting at Twilio: {ledger.media_pending}; mail left in the IMAP inbox: {ledger.inbox_left}",
    ]
    lines += [f"- lost: {example}" for example in ledger.lost_examples[:20]]
    return [*lines, ""]


def _latency(record: Record) -> list[str]:
    lines = [
        "## Latency of each request (seconds)",
        "",
        "| channel | requests | p50 | p95 | p99 | max |",
        "|---|---|---|---|---|---|",
    ]
    for channel in CHANNELS:
        values = sorted(record.latencies.get(channel, []))
        if values:
            shown = " | ".join(f"{value:.3f}" for value in (*(_p(values, p) for p in (50, 95, 99)), values[-1]))
            lines.append(f"| {channel} | {len(values)} | {shown} |")
    return [*lines, ""]


def _p(values: list[float], percent: int) -> float:
    return values[min(len(values) - 1, int(len(values) * percent / 100))]


def _statuses(record: Record) -> list[str]:
    lines = [
        "## Answers by status (every attempt, retries included)",
        "",
        "| channel | status | count |",
        "|---|---|---|",
    ]
    for channel in CHANNELS:
        for status, count in sorted(record.statuses.get(channel, Counter()).items()):
            lines.append(f"| {channel} | {status} | {count} |")
    return [*lines, ""]
