"""Intake core: the submit service against a bare insert, and the queue and export as the table grows."""

from __future__ import annotations

import io
import secrets
import statistics
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, insert

from bench import floor
from bench.common import BenchContext, bench_intake, median_seconds, profile_summary, timed
from intake.context import Intake
from intake.drafts import ConsentDraft, Contact, Inbound, ReportDraft, SafetyFlags
from intake.export import write_export
from intake.models import Report, Work
from intake.queries import queue_page
from intake.references import ALPHABET, check_character
from intake.sealing import Cell, Owner
from intake.services import submit_report

DESCRIPTION = "They shouted abuse at me and my children outside the flats again this evening. " * 4
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
GOAL_RATIO = 0.5
WHY = (
    "The benchmark's report has a reporter, a consent, a works order and an inferred signal; the next section "
    "counts what each kind of submission sends. To show what is achievable, two more measures "
    "in the same run: the same statements alone (the rows one real submission wrote, written again per report "
    "through SQLAlchemy Core in one transaction with their parameters prebuilt: no triage, no reading, no ORM "
    "objects), and the service's Python alone (checking the draft, reading the words, triage and building every "
    "statement's parameters, with no database). A report costs at least the sum of the two, so the bare insert's "
    "time over that sum is the best ratio these statements allow."
)


@dataclass(frozen=True)
class Rates:
    """Reports (or rows) per second in one run, and what the floor sent."""

    submit: float
    floor: float
    bare: float
    python_seconds: float  # per report, no database
    statements: int  # the real submission's
    round_trips: int  # the real submission's, the transaction's own included
    floor_statements: int


def measure(ctx: BenchContext) -> str:
    submits = 60 if ctx.quick else 600
    small, middle, large = (1_000, 2_000, 10_000) if ctx.quick else (1_000, 10_000, 100_000)
    lines = [
        "## Intake core",
        "",
        f"Reports per second through `submit_report` (raw item, report, party, consent, triage, audit event, one "
        f"transaction each) against a bare one-row insert in its own transaction into the same database, "
        f"{submits} of each, run alternately in batches (goal: ratio at least 0.5).",
        "",
        "| database | submit (reports/s) | bare insert (rows/s) | ratio | the statements alone (reports/s) "
        "| ratio | Python alone (ms a report) | best ratio possible |",
        "|---|---|---|---|---|---|---|---|",
    ]
    profiles, floors = [], []
    for kind in ("sqlite", "postgresql"):
        with ctx.fresh_database(kind) as url:
            rates = _throughput(url, submits)
            if rates.submit / rates.bare < 0.5:
                profiles += ["", f"Profile of `submit_report` on {kind}:", "", _profile(url)]
        lines.append(_rates_row(kind, rates))
        floors.append(_why(kind, rates))
    lines += [
        "",
        WHY,
        "",
        *floors,
        *profiles,
        "",
        f"The staff queue's first page (50 rows) and an export of 1,000 reports (one date window, JSON) with "
        f"{small:,} and then {large:,} reports stored; median of repeated runs (goal: under 2x slower at "
        f"{large // small}x the reports).",
        "",
        f"| database | queue page at {small:,} | at {large:,} | ratio | export at {small:,} | at {large:,} | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    full_export_rows = []
    for kind in ("sqlite", "postgresql"):
        growth, full = _growth_rows(ctx, kind, small, middle, large)
        lines.append(growth)
        full_export_rows.append(full)
    lines += [
        "",
        f"A full export (every report, JSON, contact details included, written to a sink that keeps nothing) at "
        f"{middle:,} and {large:,} reports: the time; the median time of its stretches of 1,000 reports (the same "
        "run, noted by the sink: a stretch slowed by other work on the machine does not move the median); and the "
        f"peak of Python's allocations during it (tracemalloc, a second run). Goals: the peak at {large:,} under 2x "
        f"the peak at {middle:,} (the export streams in batches), and time linear in the count (a time ratio near "
        f"{large // middle}, and so the same time for each 1,000 reports at both sizes).",
        "",
        f"| database | time at {middle:,} | at {large:,} | time ratio | 1,000 reports at {middle:,} | at {large:,} "
        f"| ratio | peak at {middle:,} | at {large:,} | peak ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *full_export_rows,
    ]
    return "\n".join(lines)


def _throughput(url: str, count: int) -> Rates:
    intake = bench_intake(url)
    bare = Table(
        "bench_bare",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("key", String(64), unique=True),
        Column("body", Text),
    )
    bare.create(intake.db.engine)
    template = floor.template_of(intake, _draft())
    floor_statements = floor.statements_of(intake, template)
    submit_seconds = floor_seconds = bare_seconds = 0.0
    for _ in range(10):
        submit_seconds += timed(lambda: [submit_report(intake, _draft()) for _n in range(count // 10)])
        floor_seconds += timed(lambda: [floor.write_floor(intake, template) for _n in range(count // 10)])
        bare_seconds += timed(lambda: [_bare_insert(intake, bare) for _n in range(count // 10)])
    python_seconds = timed(lambda: [floor.python_only(intake, _draft) for _n in range(count)]) / count
    intake.db.dispose()
    return Rates(
        count / submit_seconds,
        count / floor_seconds,
        count / bare_seconds,
        python_seconds,
        template.statements,
        template.round_trips,
        floor_statements,
    )


def _rates_row(kind: str, rates: Rates) -> str:
    return (
        f"| {kind} | {rates.submit:.0f} | {rates.bare:.0f} | **{rates.submit / rates.bare:.2f}** "
        f"| {rates.floor:.0f} | {rates.floor / rates.bare:.2f} | {rates.python_seconds * 1000:.2f} "
        f"| {_best(rates):.2f} |"
    )


def _best(rates: Rates) -> float:
    """The bare insert's time over the least a report can take: its statements plus its Python."""
    return (1 / rates.bare) / (1 / rates.floor + rates.python_seconds)


def _why(kind: str, rates: Rates) -> str:
    """Where a report's time goes on one database, and whether the goal is within reach: from this run."""
    bare, statements, report = 1 / rates.bare, 1 / rates.floor, 1 / rates.submit
    python = rates.python_seconds
    rest = max(report - statements - python, 0.0)
    sent = (
        "the same statements"
        if rates.floor_statements == rates.statements
        else f"{rates.floor_statements} statements against its {rates.statements}"
    )
    reach = (
        f"so {GOAL_RATIO} cannot be reached with these statements: a service with no overhead at all would stop "
        f"at {_best(rates):.2f}"
        if _best(rates) < GOAL_RATIO
        else f"so {GOAL_RATIO} is within reach in principle, and what stands in the way is the overhead"
    )
    return (
        f"On {kind}: the service sends {rates.statements} statements ({rates.round_trips} round trips with the "
        f"transaction's own). The statements alone ({sent}) take "
        f"{statements * 1000:.2f} ms a report, {statements / bare:.1f}x a bare insert's "
        f"{bare * 1000:.2f} ms; the Python alone {python * 1000:.2f} ms ({python / bare:.1f}x). Together "
        f"{(statements + python) / report:.0%} of a report's {report * 1000:.2f} ms, {reach}. The other "
        f"{rest / report:.0%} ({rest * 1000:.2f} ms) is SQLAlchemy's session and ORM-enabled execution and the "
        "service's own code around the statements."
    )


def _profile(url: str) -> str:
    intake = bench_intake(url)
    try:
        return profile_summary(lambda: [submit_report(intake, _draft()) for _ in range(200)])
    finally:
        intake.db.dispose()


def _draft() -> ReportDraft:
    return ReportDraft(
        inbound=Inbound("web", secrets.token_hex(16), DESCRIPTION.encode()),
        reporter_role="victim",
        description=DESCRIPTION,
        characteristics=("race",),
        incident_types=("verbal_abuse",),
        reporter=Contact(name="A resident", phone="07700 900123", safe_methods=("phone",)),
        consents=(ConsentDraft("contact", True),),
        safety=SafetyFlags(graffiti_to_remove=True),
    )


def _bare_insert(intake: Intake, table: Table) -> None:
    with intake.db.begin() as session:
        session.execute(insert(table).values(key=secrets.token_hex(16), body=DESCRIPTION))


def _growth_rows(ctx: BenchContext, kind: str, small: int, middle: int, large: int) -> tuple[str, str]:
    with ctx.fresh_database(kind) as url:
        intake = bench_intake(url)
        _seed(intake, small)
        queue_small = median_seconds(lambda: _queue_first_page(intake), 21)
        export_small = median_seconds(lambda: _export_window(intake), 5)
        _seed(intake, middle)
        full_middle = _full_export(intake)
        _seed(intake, large)
        queue_large = median_seconds(lambda: _queue_first_page(intake), 21)
        export_large = median_seconds(lambda: _export_window(intake), 5)
        full_large = _full_export(intake)
        intake.db.dispose()
    growth = (
        f"| {kind} | {queue_small * 1000:.1f} ms | {queue_large * 1000:.1f} ms | **{queue_large / queue_small:.2f}** "
        f"| {export_small * 1000:.0f} ms | {export_large * 1000:.0f} ms | **{export_large / export_small:.2f}** |"
    )
    mib = 1024 * 1024
    full = (
        f"| {kind} | {full_middle.seconds:.1f} s | {full_large.seconds:.1f} s "
        f"| **{full_large.seconds / full_middle.seconds:.1f}** "
        f"| {full_middle.per_thousand * 1000:.0f} ms | {full_large.per_thousand * 1000:.0f} ms "
        f"| **{full_large.per_thousand / full_middle.per_thousand:.2f}** "
        f"| {full_middle.peak / mib:.1f} MiB | {full_large.peak / mib:.1f} MiB "
        f"| **{full_large.peak / full_middle.peak:.2f}** |"
    )
    return growth, full


@dataclass(frozen=True)
class FullExport:
    seconds: float  # the whole export
    per_thousand: float  # the median of its stretches of 1,000 reports: what a report costs, whatever else ran
    peak: int  # bytes of Python allocations at most, in a second, traced run


def _full_export(intake: Intake) -> FullExport:
    """A whole export timed (and each 1,000 reports of it), then its peak Python allocation in a traced run."""
    sink = _Discard()
    seconds = timed(lambda: write_export(intake, sink, "json", include_contact=True))
    tracemalloc.start()
    try:
        write_export(intake, _Discard(), "json", include_contact=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return FullExport(seconds, statistics.median(sink.stretches), peak)


class _Discard(io.StringIO):
    """A file that keeps nothing, so the export's own memory is what is measured; it notes the time every
    1,000 reports written (each report is one JSON object, written whole)."""

    def __init__(self) -> None:
        super().__init__()
        self.reports = 0
        self.stretches: list[float] = []
        self._since = time.perf_counter()

    def write(self, text: str) -> int:
        if text.startswith("{"):
            self.reports += 1
            if self.reports % 1000 == 0:
                now = time.perf_counter()
                self.stretches.append(now - self._since)
                self._since = now
        return len(text)


def _seed(intake: Intake, target: int) -> None:
    """Bulk-insert reports (one every 10 minutes from START) until ``target`` are stored."""
    with intake.db.read() as session:
        existing = session.query(Report).count()
    for first in range(existing, target, 5_000):
        indexes = range(first, min(first + 5_000, target))
        with intake.db.begin() as session:
            rows = [_row(intake, i) for i in indexes]
            ids = session.scalars(insert(Report.__table__).returning(Report.id), rows).all()
            session.execute(insert(Work), [_work(report_id, i) for report_id, i in zip(ids, indexes, strict=True)])


def _row(intake: Intake, i: int) -> dict[str, object]:
    """A stored report as the service writes one: its own data key, its words sealed (issue 16)."""
    received = START + timedelta(minutes=10 * i)
    reference = _reference(i)
    key = intake.keyring.new_data_key(Owner("reports", reference))
    return dict(
        reference=reference,
        **key.columns(),
        channel=("web", "sms", "email", "partner")[i % 4],
        reporter_role="victim",
        received_at=received,
        description=key.seal(Cell("reports", "description", reference), DESCRIPTION),
        characteristics=["race"],
        incident_types=["verbal_abuse"],
        location_withheld=False,
        category="asb_serious_high_risk",
        priority=("standard", "immediate")[i % 20 == 0],
        status=("new", "open", "closed")[i % 3],
        response_due=received + timedelta(days=1),
        route="to_be_decided",
        injury=False,
        children_affected=False,
        threat_to_life=False,
        feels_unsafe_at_home=False,
        damage_needing_repair=False,
        graffiti_to_remove=True,
        safeguarding=False,
        risk_assessment_required=False,
        restricted=i % 50 == 0,
        needs_review=False,
        review_reasons=[],
    )


def _reference(i: int) -> str:
    """A valid reference made from the report's number: 100,000 random ones would collide about one run in four."""
    body = ""
    for _ in range(7):
        i, digit = divmod(i, len(ALPHABET))
        body = ALPHABET[digit] + body
    compact = body + check_character(body)
    return f"HPG-{compact[:4]}-{compact[4:]}"


def _work(report_id: int, i: int) -> dict[str, object]:
    return dict(report_id=report_id, kind="graffiti_removal", due=START + timedelta(minutes=10 * i, hours=24))


def _queue_first_page(intake: Intake) -> None:
    with intake.db.read() as session:
        queue_page(session)


def _export_window(intake: Intake) -> None:
    """The first 1,000 reports' days (one every 10 minutes: 144 a day, so 7 days is 1,008 reports)."""
    write_export(
        intake,
        io.StringIO(),
        "json",
        include_contact=False,
        received_from=date(2026, 1, 5),
        received_before=date(2026, 1, 12),
    )
