"""What every benchmark section gets: fresh databases and a place to write its results.

Benchmarks report ratios against a baseline measured in the same run (these machines are
noisy); they never fail the build.
"""

from __future__ import annotations

import secrets
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import load_settings
from config.encryption_keys import new_key_document
from intake.app import build_intake
from intake.context import Intake
from intake.db import Database
from intake.migrate import upgrade_to_latest
from intake.sealing import Cell, Keyring, Owner, install, postcode_term

# One run's encryption keys (docs/encryption.md), shared by every app and process the run starts.
BENCH_ENCRYPTION_KEYS = new_key_document()


@dataclass
class BenchContext:
    pg_admin_url: str
    quick: bool = False  # smaller sizes, for trying a benchmark out

    @contextmanager
    def fresh_database(self, kind: str) -> Iterator[str]:
        """A new, migrated, empty database ("sqlite" or "postgresql"); dropped afterwards."""
        if kind == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
                _migrate(url)
                yield url
            return
        name = f"intake_bench_{secrets.token_hex(4)}"
        admin = create_engine(self.pg_admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(self.pg_admin_url).set(database=name).render_as_string(hide_password=False)
        try:
            _migrate(url)
            yield url
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def _migrate(url: str) -> None:
    db = Database(url)
    upgrade_to_latest(db)
    db.dispose()


def bench_intake(url: str, **settings: str) -> Intake:
    """The core's services on a benchmark database, outside any app."""
    keys = {"ENCRYPTION_KEYS": BENCH_ENCRYPTION_KEYS}
    intake = build_intake(
        load_settings({"DATABASE_URL": url, "SECRET_KEY": "bench-secret-key-0123456789", **keys, **settings})
    )
    install(intake.keyring)  # as the app factory does: the models open sealed words with it (issue 16)
    return intake


def sealed_words(
    keyring: Keyring, references: list[str], words: str, postcodes: list[str] | None = None
) -> dict[str, object]:
    """Reports' key columns and sealed words as the service stores them (``intake.recording.report_row``):
    each report its own data key, wrapped by the newest key-encryption key, and ``words`` sealed under it;
    with ``postcodes`` (one a reference), each sealed too, with its keyed digest.

    As parameters for one ``INSERT ... SELECT`` over ``unnest(:data_keys, :words[, :postcodes,
    :postcode_indexes]) WITH ORDINALITY`` (PostgreSQL arrays, in the order of ``references``), with
    ``:kek_id`` and ``:kek_version``.
    """
    data_keys, sealed, sealed_postcodes, indexes = [], [], [], []
    for at, reference in enumerate(references):
        key = keyring.new_data_key(Owner("reports", reference))
        data_keys.append(key.columns()["data_key"])
        sealed.append(key.seal(Cell("reports", "description", reference), words))
        if postcodes is not None:
            sealed_postcodes.append(key.seal(Cell("reports", "postcode", reference), postcodes[at]))
            indexes.append(keyring.index.of("postcode", postcode_term(postcodes[at]) or ""))
    values: dict[str, object] = {
        "data_keys": data_keys,
        "words": sealed,
        "kek_id": keyring.newest.id,
        "kek_version": keyring.newest.version,
    }
    if postcodes is not None:
        values |= {"postcodes": sealed_postcodes, "postcode_indexes": indexes}
    return values


def timed(action: Callable[[], object]) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """The median of ``repeat`` timed calls, after one untimed call to warm pools and caches."""
    action()
    return statistics.median(timed(action) for _ in range(repeat))


OTHER = "the standard library and the rest (json, dataclasses, enum, re, secrets, contextlib)"
PROFILE_GROUPS = [  # (label, substrings of a function's file path), first match wins
    ("database driver and waiting for the server", ("psycopg", "sqlite3", "socket", "selectors", "select.")),
    ("SQLAlchemy (statements, ORM, results)", ("sqlalchemy",)),
    ("triage reading of the words (issue 11)", ("intake/reading",)),
    ("email parsing (`email` package and the channel's parse)", ("/email/", "channels/email")),
    ("IMAP (imapclient, TLS)", ("imapclient", "imaplib", "ssl")),
    ("the intake's own code", ("/intake/", "/channels/")),
]


def profile_summary(action: Callable[[], object]) -> str:
    """Where ``action``'s time goes (cProfile, own time by module group): for a goal still missed."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(action)
    stats = pstats.Stats(profiler)
    totals: dict[str, float] = {}
    for (path, _line, name), (_calls, _primitive, own, _cumulative, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{path} {name}"  # built-ins (sqlite3's execute, commit) have no path, only a name
        label = next((label for label, parts in PROFILE_GROUPS if any(part in where for part in parts)), OTHER)
        totals[label] = totals.get(label, 0.0) + own
    whole = sum(totals.values()) or 1.0
    rows = [f"| {label} | {seconds / whole:.0%} |" for label, seconds in sorted(totals.items(), key=lambda i: -i[1])]
    return "\n".join(["| where the time goes (cProfile, own time) | share |", "|---|---|", *rows])
