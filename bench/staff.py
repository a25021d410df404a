"""The staff queue at 1,000 and 100,000 open reports on PostgreSQL: first page and filtered pages.

Keyset pagination over the (priority, response_due, id) index of open reports should keep the
time to show a page nearly flat as the queue grows; the goal is under 2x at 100x the reports.
"""

from __future__ import annotations

from sqlalchemy import text

from bench.common import BenchContext, bench_intake, median_seconds, sealed_words
from bench.intake import DESCRIPTION
from intake.db import Database
from intake.queries import QueueFilters, queue_page

REPEATS = 25
PAGES: dict[str, QueueFilters] = {
    "first page": QueueFilters(),
    "filtered: channel sms": QueueFilters(channel="sms"),
    "filtered: area M1": QueueFilters(area="M1"),
}

# Open reports in bulk, straight in SQL (the service is far too slow for 100,000 rows), each with its own
# data key and its words sealed under it as the service stores them (issue 16; made in Python beforehand).
INSERT = text(
    """
    INSERT INTO reports (reference, data_key, data_key_kek_id, data_key_kek_version, channel, reporter_role,
        received_at, description, characteristics,
        incident_types, location_withheld, injury, children_affected, threat_to_life, feels_unsafe_at_home,
        damage_needing_repair, graffiti_to_remove, responsible_known_to_victim, responsible_lives_nearby,
        responsible_is_tenant, responsible_is_staff, victim_aware_and_agrees, category, priority, status,
        response_due, safeguarding, risk_assessment_required, restricted, route, needs_review, review_reasons,
        postcode, postcode_area, postcode_index)
    SELECT 'BENCH-' || n, data_key, :kek_id, :kek_version, (ARRAY['web', 'sms', 'email', 'partner'])[1 + n % 4],
        'victim', now() - make_interval(mins => n), description, '[]', '[]', false, 'no', 'no', 'no', 'no', 'no',
        'no',
        'not_asked', 'not_asked', 'not_asked', 'not_asked', 'not_asked', 'asb_serious_high_risk',
        CASE WHEN n % 50 = 0 THEN 'immediate' ELSE 'standard' END,
        CASE WHEN n % 3 = 0 THEN 'open' ELSE 'new' END, now() + make_interval(mins => n % 5000),
        false, false, n % 200 = 0, 'to_be_decided', false, '[]', postcode, 'M' || (n % 40), postcode_index
    FROM (SELECT data_key, description, postcode, postcode_index, CAST(n AS integer) AS n
          FROM unnest(CAST(:data_keys AS text[]), CAST(:words AS text[]), CAST(:postcodes AS text[]),
                      CAST(:postcode_indexes AS text[]))
               WITH ORDINALITY AS u(data_key, description, postcode, postcode_index, n)
    ) AS sealed
    """
)


def measure(ctx: BenchContext) -> str:
    """The queue's pages at a small and a 100x larger queue, as a ratio of their median times."""
    small, large = (200, 2_000) if ctx.quick else (1_000, 100_000)
    try:
        timings = {size: _timings(ctx, size) for size in (small, large)}
    except Exception as error:  # noqa: BLE001 - a benchmark never fails the build
        return f"## Staff queue\n\nNot measured: {type(error).__name__}: {error}\n"
    return _section(small, large, timings)


def _timings(ctx: BenchContext, size: int) -> dict[str, float]:
    with ctx.fresh_database("postgresql") as url:
        intake = bench_intake(url)
        db = intake.db
        try:
            references = [f"BENCH-{n}" for n in range(1, size + 1)]
            postcodes = [f"M{n % 40} 1AA" for n in range(1, size + 1)]
            with db.begin() as session:
                session.execute(INSERT, sealed_words(intake.keyring, references, DESCRIPTION, postcodes))
            with db.engine.begin() as connection:
                connection.execute(text("ANALYZE reports"))  # as autovacuum would, soon after a load
            return {
                name: median_seconds(lambda f=filters: _page(db, f), REPEATS) * 1000 for name, filters in PAGES.items()
            }
        finally:
            db.dispose()


def _page(db: Database, filters: QueueFilters) -> None:
    with db.read() as session:
        rows = queue_page(session, filters=filters)
        queue_page(session, filters=filters, after=rows[-1].cursor)  # and the page after it


def _section(small: int, large: int, timings: dict[int, dict[str, float]]) -> str:
    lines = [
        "## Staff queue",
        "",
        f"The queue's first page and filtered pages (each with the page after it) at {small:,} and {large:,} open",
        "reports on PostgreSQL (each with its own data key and its words sealed, as stored), median of 25 runs.",
        "Goal: the larger queue under 2x the smaller one's time.",
        "",
        f"| page | {small:,} reports (ms) | {large:,} reports (ms) | ratio | goal met |",
        "|---|---|---|---|---|",
    ]
    for name in PAGES:
        ratio = timings[large][name] / timings[small][name]
        met = "yes" if ratio < 2 else "no"
        lines.append(f"| {name} | {timings[small][name]:.2f} | {timings[large][name]:.2f} | {ratio:.2f}x | {met} |")
    return "\n".join(lines) + "\n"
