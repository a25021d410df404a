"""Faults on a schedule printed before the load starts: each strikes, and is recorded with its time."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

KINDS = (
    "kill -9 a web worker",
    "kill -9 an email poller",
    "kill -9 an outbox worker",
    "database restart",
    "Redis away",
    "SMTP sink away",
    "IMAP connections cut",
)
AWAY_SECONDS = {"database restart": 6.0, "Redis away": 20.0, "SMTP sink away": 30.0}


@dataclass
class Fault:
    at: float  # seconds after the load started
    kind: str
    struck_at: float | None = None
    detail: str = ""
    lasted: float = 0.0


def schedule(duration: float) -> list[Fault]:
    """Faults spread evenly from 10% to 85% of the run, the kinds in turn; at least one of each."""
    count = max(len(KINDS), int(duration * 0.75 / max(8.0, duration * 0.75 / 24)))
    start, span = duration * 0.10, duration * 0.75
    return [Fault(round(start + span * index / count, 1), KINDS[index % len(KINDS)]) for index in range(count)]


@dataclass
class Injector:
    """Strikes each fault at its time; ``actions`` maps a kind to what it does (returns a detail)."""

    faults: list[Fault]
    actions: dict[str, Callable[[], str]]
    started: float
    threads: list[threading.Thread] = field(default_factory=list)

    def run(self, stop: threading.Event) -> None:
        for fault in self.faults:
            if stop.wait(max(0.0, self.started + fault.at - time.monotonic())):
                return
            thread = threading.Thread(target=self._strike, args=(fault,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _strike(self, fault: Fault) -> None:
        fault.struck_at = time.monotonic() - self.started
        began = time.monotonic()
        try:
            fault.detail = self.actions[fault.kind]()
        except Exception as error:  # noqa: BLE001 - a fault that could not strike is reported, not hidden
            fault.detail = f"could not strike: {type(error).__name__}: {error}"
        fault.lasted = time.monotonic() - began
        print(f"  fault at {fault.struck_at:7.1f}s: {fault.kind}: {fault.detail}", flush=True)


def away_for(seconds: float, away: Callable[[], None], back: Callable[[], None]) -> str:
    away()
    time.sleep(seconds)
    back()
    return f"away {seconds:.0f}s"


def kick_imap(dovecot_config: str, user: str) -> str:
    """Cut every IMAP connection of the soak's mail user (the pollers' and the mail appender's)."""
    result = subprocess.run(
        ["doveadm", "-c", dovecot_config, "kick", user], capture_output=True, text=True, check=False
    )
    return (result.stdout.strip() or result.stderr.strip() or "kicked").splitlines()[0][:120]
