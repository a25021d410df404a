"""Encryption at rest (issue 16): what sealing costs `submit_report` and the staff queue's first page.

The same service code runs twice in one process, alternately in batches: once with the app's keyring
(a data key made and wrapped per report, its words and people sealed with AES-256-GCM), once with
``PlainKeyring``, a stand-in that exists only here, in the bench: its data keys store values as they
are and it makes or wraps no key. It is installed with ``intake.sealing.install`` (the models'
``SealedText`` attributes use it) and passed as ``Intake.keyring`` (the service uses it), so both paths
of the service run without sealing. Nothing in the app or its settings can select it: production always
seals (tests/sealing/test_bench_plain_keyring.py).

The blind indexes (keyed digests beside sealed values) are computed in both runs: the stand-in keeps the
app's index, so the measure is the sealing and the keys, not the finding.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from sqlalchemy import select, text

from bench.common import BenchContext, bench_intake, timed
from bench.intake import _draft, _seed
from intake.context import Intake
from intake.models import Report
from intake.queries import queue_page
from intake.sealing import Cell, DataKey, Keyring, Owner, WrappedKey, install
from intake.services import submit_report

GOAL = 1.25  # cost with encryption over cost without, at most
ROUNDS = 10  # batches of each, alternately


class PlainDataKey(DataKey):
    """A data key that stores values as they are: the bench's "without encryption", never the app's."""

    def __init__(self, owner: Owner) -> None:
        super().__init__(owner, None, None)

    def seal(self, cell: Cell, value: str) -> str:
        return value

    def seal_bytes(self, cell: Cell, value: bytes) -> bytes:
        return value


class PlainKeyring(Keyring):
    """The app's keyring with no sealing: no data key is made, wrapped or unwrapped, values stay plain.

    A row written with it has no data key (the key columns are empty, as a row from before
    encryption), and its values read as they are (``DataKey.unseal`` reads plain values so).
    """

    def new_data_key(self, owner: Owner) -> DataKey:
        return PlainDataKey(owner)

    def open(self, owner: Owner, wrapped: WrappedKey | None) -> DataKey:
        return PlainDataKey(owner) if wrapped is None else super().open(owner, wrapped)


@dataclass(frozen=True)
class Mode:
    """One way of running the same service: its intake, and the keyring the models open words with."""

    intake: Intake
    keyring: Keyring

    @contextmanager
    def installed(self) -> Iterator[Intake]:
        install(self.keyring)
        yield self.intake


def sealed_and_plain(url: str, **settings: str) -> tuple[Mode, Mode]:
    """The app's intake (its keyring installed, as the app factory does) and the same without sealing."""
    sealed = bench_intake(url, **settings)
    plain_keyring = PlainKeyring(sealed.keyring.keys)
    plain = replace(sealed, keyring=plain_keyring)
    return Mode(sealed, sealed.keyring), Mode(plain, plain_keyring)


def alternately(with_: Callable[[], object], without: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Seconds ``with_`` and ``without`` took in all, run alternately ``rounds`` times each (which goes first
    alternates too, so neither always follows the other)."""
    spent_with = spent_without = 0.0
    for turn in range(rounds):
        if turn % 2:
            spent_without += timed(without)
            spent_with += timed(with_)
        else:
            spent_with += timed(with_)
            spent_without += timed(without)
    return spent_with, spent_without


@dataclass(frozen=True)
class Submits:
    with_: float  # reports per second
    without: float


def submits(url: str, count: int) -> Submits:
    """``count`` reports through ``submit_report`` with sealing and ``count`` without, in alternate batches."""
    sealed, plain = sealed_and_plain(url)
    batch = max(count // ROUNDS, 1)

    def run(mode: Mode) -> Callable[[], None]:
        def go() -> None:
            with mode.installed() as intake:
                for _ in range(batch):
                    submit_report(intake, _draft())

        return go

    try:
        run(sealed)()  # warm pools, caches and the triage reader, untimed
        run(plain)()
        spent_with, spent_without = alternately(run(sealed), run(plain), ROUNDS)
    finally:
        install(sealed.keyring)
        sealed.intake.db.dispose()
    return Submits(batch * ROUNDS / spent_with, batch * ROUNDS / spent_without)


@dataclass(frozen=True)
class Pages:
    """Milliseconds a first page takes, with sealing and without, three ways."""

    page: tuple[float, float]  # the queue's rows, as the staff page shows them (no words)
    words: tuple[float, float]  # and each row's words opened, its key cached (a page viewed again)
    cold: tuple[float, float]  # and each row's words opened, every key unwrapped (nothing cached)


def pages(sealed_url: str, plain_url: str, reports: int, samples: int) -> Pages:
    """The queue's first page on ``reports`` sealed reports and on as many plain ones: each measure's page
    with sealing, then without, one after the other ``samples`` times (the median of each)."""
    sealed, _ = sealed_and_plain(sealed_url)
    _, plain = sealed_and_plain(plain_url)
    cold = Mode(sealed.intake, Keyring(sealed.keyring.keys, kept=0))  # every key unwrapped, every time
    runs = [(sealed, False), (plain, False), (sealed, True), (plain, True), (cold, True), (plain, True)]
    times: list[list[float]] = [[] for _ in runs]
    try:
        for mode in (sealed, plain):
            with mode.installed() as intake:
                _seed(intake, reports)
                if intake.db.engine.dialect.name == "postgresql":
                    with intake.db.engine.begin() as connection:
                        connection.execute(text("ANALYZE"))  # as autovacuum would, soon after a load
        for sample in range(samples + 1):  # the first, untimed, warms pools and caches
            order = list(zip(times, runs, strict=True))
            for spent, (mode, read_words) in order if sample % 2 else order[::-1]:  # either goes first
                with mode.installed() as intake:
                    seconds = timed(lambda i=intake, r=read_words: first_page(i, r))
                if sample:
                    spent.append(seconds * 1000)
    finally:
        install(sealed.keyring)
        sealed.intake.db.dispose()
        plain.intake.db.dispose()
    medians = [statistics.median(spent) for spent in times]
    return Pages((medians[0], medians[1]), (medians[2], medians[3]), (medians[4], medians[5]))


def first_page(intake: Intake, read_words: bool) -> list[str]:
    """The queue's first page (50 rows); with ``read_words``, each row's words opened as a page showing them would."""
    with intake.db.read() as session:
        rows = queue_page(session)
        if not read_words:
            return []
        # The page's reports again by id, in one query (the session keeps no loaded row it is not given back).
        reports = session.scalars(select(Report).where(Report.id.in_([row.id for row in rows])))
        return [report.description for report in reports]


def measure(ctx: BenchContext) -> str:
    count, reports, samples = (100, 1_000, 10) if ctx.quick else (1_000, 10_000, 60)
    lines = [
        "## Encryption at rest",
        "",
        "What sealing costs (issue 16): the same service code with the app's keyring and with a stand-in that "
        "stores values as they are and makes no data key (`bench.at_rest.PlainKeyring`, installed only by the "
        "bench: no setting or environment variable can select it), alternately in batches in the same run. "
        f"Goal: cost with encryption at most {GOAL}x the cost without.",
        "",
        f"`submit_report`: {count:,} reports each way, in {ROUNDS} alternate batches (the intake core's report: "
        "a data key made and wrapped for the report and for its raw item, its words, people and raw item sealed).",
        "",
        "| database | with (reports/s) | without (reports/s) | cost ratio | goal met |",
        "|---|---|---|---|---|",
    ]
    queue_lines = [
        "",
        f"The staff queue's first page (50 rows) with {reports:,} reports stored, sealed as the service stores "
        "them in one database and plain in another; each page with sealing and without, one after the other "
        f"(either first in turn), {samples} times: the median of each. Three measures: the page as the staff "
        "queue shows it (its rows carry no sealed words, so sealing costs only the longer stored values); the "
        "page with each row's words opened as well (one more query reads the page's 50 reports), their keys "
        "cached (a page seen again: an AES-GCM open per row); and the same with no key cached (each row's "
        "data key unwrapped under the key-encryption key first, as after a restart).",
        "",
        "| database | page: with (ms) | without (ms) | ratio | words opened: with (ms) | without (ms) | ratio "
        "| no key cached: with (ms) | ratio | goal met |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for kind in ("sqlite", "postgresql"):
        with ctx.fresh_database(kind) as url:
            rates = submits(url, count)
        ratio = rates.without / rates.with_  # cost is the inverse of the rate
        met = "yes" if ratio <= GOAL else "no"
        lines.append(f"| {kind} | {rates.with_:.0f} | {rates.without:.0f} | **{ratio:.2f}** | {met} |")
        with ctx.fresh_database(kind) as sealed_url, ctx.fresh_database(kind) as plain_url:
            found = pages(sealed_url, plain_url, reports, samples)
        ratios = [with_ / without for with_, without in (found.page, found.words, found.cold)]
        met = "yes" if max(ratios) <= GOAL else "no"
        queue_lines.append(
            f"| {kind} | {found.page[0]:.2f} | {found.page[1]:.2f} | **{ratios[0]:.2f}** "
            f"| {found.words[0]:.2f} | {found.words[1]:.2f} | **{ratios[1]:.2f}** "
            f"| {found.cold[0]:.2f} | **{ratios[2]:.2f}** | {met} |"
        )
    return "\n".join([*lines, *queue_lines, ""])
