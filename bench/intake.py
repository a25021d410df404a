"""Intake core: the submit service against a bare insert, and the queue and export as the table grows."""

from __future__ import annotations

import io
import secrets
import tracemalloc
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, insert

from bench.common import BenchContext, bench_intake, median_seconds, profile_summary, timed
from intake.context import Intake
from intake.drafts import ConsentDraft, Contact, Inbound, ReportDraft, SafetyFlags
from intake.export import write_export
from intake.models import Report, Work
from intake.queries import queue_page
from intake.references import new_reference
from intake.services import submit_report

DESCRIPTION = "They shouted abuse at me and my children outside the flats again this evening. " * 4
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
WHY = (
    "A plain report is 5 round trips and this one (reporter, consent, works, an inferred signal) 9, commit "
    "included, against 2 for the baseline (see the next section); what is left is Python: triage, the reading of "
    "the words, building seven statements' parameters. Where the goal is missed, a profile of 200 submissions "
    "on that database says where the time goes."
)


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
        "| database | submit (reports/s) | bare insert (rows/s) | ratio |",
        "|---|---|---|---|",
    ]
    profiles = []
    for kind in ("sqlite", "postgresql"):
        with ctx.fresh_database(kind) as url:
            submit_rate, bare_rate = _throughput(url, submits)
            if submit_rate / bare_rate < 0.5:
                profiles += ["", f"Profile of `submit_report` on {kind}:", "", _profile(url)]
        lines.append(f"| {kind} | {submit_rate:.0f} | {bare_rate:.0f} | **{submit_rate / bare_rate:.2f}** |")
    lines += [
        "",
        WHY,
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
        f"{middle:,} and {large:,} reports: the time, and the peak of Python's allocations during it (tracemalloc, "
        f"a second run). Goals: the peak at {large:,} under 2x the peak at {middle:,} (the export streams in batches), "
        f"and time linear in the count (a time ratio near {large // middle}).",
        "",
        f"| database | time at {middle:,} | at {large:,} | time ratio "
        f"| peak at {middle:,} | at {large:,} | peak ratio |",
        "|---|---|---|---|---|---|---|",
        *full_export_rows,
    ]
    return "\n".join(lines)


def _throughput(url: str, count: int) -> tuple[float, float]:
    intake = bench_intake(url)
    bare = Table(
        "bench_bare",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("key", String(64), unique=True),
        Column("body", Text),
    )
    bare.create(intake.db.engine)
    submit_seconds = bare_seconds = 0.0
    for _ in range(10):
        submit_seconds += timed(lambda: [submit_report(intake, _draft()) for _n in range(count // 10)])
        bare_seconds += timed(lambda: [_bare_insert(intake, bare) for _n in range(count // 10)])
    intake.db.dispose()
    return count / submit_seconds, count / bare_seconds


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
    (time_middle, peak_middle), (time_large, peak_large) = full_middle, full_large
    mib = 1024 * 1024
    full = (
        f"| {kind} | {time_middle:.1f} s | {time_large:.1f} s | **{time_large / time_middle:.1f}** "
        f"| {peak_middle / mib:.1f} MiB | {peak_large / mib:.1f} MiB | **{peak_large / peak_middle:.2f}** |"
    )
    return growth, full


def _full_export(intake: Intake) -> tuple[float, int]:
    """Seconds for a whole export, then its peak Python allocation in a second, traced run."""
    seconds = timed(lambda: write_export(intake, _Discard(), "json", include_contact=True))
    tracemalloc.start()
    try:
        write_export(intake, _Discard(), "json", include_contact=True)
        return seconds, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class _Discard(io.StringIO):
    """A file that keeps nothing, so the export's own memory is what is measured."""

    def write(self, text: str) -> int:
        return len(text)


def _seed(intake: Intake, target: int) -> None:
    """Bulk-insert reports (one every 10 minutes from START) until ``target`` are stored."""
    with intake.db.read() as session:
        existing = session.query(Report).count()
    for first in range(existing, target, 5_000):
        indexes = range(first, min(first + 5_000, target))
        with intake.db.begin() as session:
            ids = session.scalars(insert(Report).returning(Report.id), [_row(i) for i in indexes]).all()
            session.execute(insert(Work), [_work(report_id, i) for report_id, i in zip(ids, indexes, strict=True)])


def _row(i: int) -> dict[str, object]:
    received = START + timedelta(minutes=10 * i)
    return dict(
        reference=new_reference("HPG"),
        channel=("web", "sms", "email", "partner")[i % 4],
        reporter_role="victim",
        received_at=received,
        description=DESCRIPTION,
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
