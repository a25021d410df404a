"""The monitoring page's figures (issue 14) on PostgreSQL: this financial year's 1,000 cases alone, and
the same year among 100,000 cases (99,000 from the nine years before, all closed).

What grows as years of cases accumulate is the history, not the year being looked at: the figures for
a period read only that period's rows through the indexes on their dates (reports.received_at,
cases.opened_at, closed_at, works.due, ...), and the review list only open cases (cases.status). The
goal: the larger database under 2x the smaller one's time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bench.common import BenchContext, bench_intake, median_seconds, sealed_words
from bench.intake import DESCRIPTION
from intake.case_tables import StaffUser
from intake.context import Intake
from intake.monitoring import service
from intake.monitoring.periods import financial_year
from intake.monitoring.reviews import ReviewRule

REPEATS = 7
YEARS_BEFORE = 9

REPORTS = text(
    """
    INSERT INTO reports (reference, data_key, data_key_kek_id, data_key_kek_version, channel, reporter_role,
        received_at, description, characteristics,
        incident_types, location_withheld, injury, children_affected, threat_to_life, feels_unsafe_at_home,
        damage_needing_repair, graffiti_to_remove, category, priority, status, response_due, first_response_at,
        safeguarding, risk_assessment_required, restricted, route, needs_review, review_reasons, postcode,
        postcode_area, postcode_index, occurred_date_only, responsible_known_to_victim, responsible_lives_nearby,
        responsible_is_tenant, responsible_is_staff, victim_aware_and_agrees)
    SELECT :prefix || n, data_key, :kek_id, :kek_version,
        (ARRAY['web', 'sms', 'email', 'partner', 'assisted'])[1 + n % 5],
        (ARRAY['victim', 'witness', 'third_party', 'unknown'])[1 + n % 4],
        CAST(:start AS timestamptz) + make_interval(secs => n * :step), description,
        (ARRAY['["race"]', '["religion", "race"]', '["disability"]', '["sexual_orientation"]'])[1 + n % 4]::json,
        '["verbal_abuse"]', false, 'no', 'no', 'no', 'no', 'no', 'no',
        'asb_serious_high_risk', 'standard', CASE WHEN :closed OR n % 5 > 0 THEN 'closed' ELSE 'open' END,
        CAST(:start AS timestamptz) + make_interval(secs => n * :step) + interval '30 hours',
        CAST(:start AS timestamptz) + make_interval(secs => n * :step) + make_interval(hours => n % 40),
        false, false, n % 97 = 0, 'to_be_decided', false, '[]', postcode, 'M' || (n % 40), postcode_index,
        false, 'not_asked', 'not_asked', 'not_asked', 'not_asked', 'not_asked'
    FROM (SELECT data_key, description, postcode, postcode_index, CAST(n AS integer) AS n
          FROM unnest(CAST(:data_keys AS text[]), CAST(:words AS text[]), CAST(:postcodes AS text[]),
                      CAST(:postcode_indexes AS text[]))
               WITH ORDINALITY AS u(data_key, description, postcode, postcode_index, n)
    ) AS sealed
    """
)
CASES = text(
    """
    INSERT INTO cases (reference, first_report_id, category, status, opened_at, opened_by, closed_at, outcome)
    SELECT reference, id, category, status, received_at + interval '1 hour', 'bench',
        CASE WHEN status = 'closed' THEN received_at + interval '20 days' END,
        CASE WHEN status = 'closed' THEN 'resolved' END
    FROM reports WHERE reference LIKE :prefix || '%'
    """
)
LINKS = text(
    """
    INSERT INTO case_reports (case_id, report_id, linked_at, linked_by)
    SELECT cases.id, reports.id, cases.opened_at, 'bench'
    FROM cases JOIN reports ON reports.reference = cases.reference WHERE cases.reference LIKE :prefix || '%'
    """
)


def measure(ctx: BenchContext) -> str:
    """The page's figures for this financial year, with and without years of history behind it."""
    this_year, history = (200, 2_000) if ctx.quick else (1_000, 99_000)
    try:
        small = _timing(ctx, this_year, 0)
        large = _timing(ctx, this_year, history)
    except Exception as error:  # noqa: BLE001 - a benchmark never fails the build
        return f"## Monitoring\n\nNot measured: {type(error).__name__}: {error}\n"
    ratio = large / small
    return "\n".join(
        [
            "## Monitoring",
            "",
            f"Every figure on `/staff/monitoring` for this financial year ({this_year:,} cases, a fifth open),",
            "computed as the page does (tables, trend, area by month, NM01, the review list, the audit event), alone",
            f"and among {this_year + history:,} cases ({history:,} from the {YEARS_BEFORE} years before, closed), on",
            f"PostgreSQL, median of {REPEATS} runs. Goal: the larger under 2x the smaller one's time.",
            "",
            f"| {this_year:,} cases (ms) | {this_year + history:,} cases (ms) | ratio | goal met |",
            "|---|---|---|---|",
            f"| {small * 1000:.1f} | {large * 1000:.1f} | {ratio:.2f}x | {'yes' if ratio < 2 else 'no'} |",
            "",
        ]
    )


def _timing(ctx: BenchContext, this_year: int, history: int) -> float:
    with ctx.fresh_database("postgresql") as url:
        intake = bench_intake(url)
        try:
            now = intake.clock()
            year = financial_year(intake.calendar.local_date(now))
            start, _ = year.bounds(intake.calendar.timezone)
            span = max((now - start).total_seconds(), 3600.0)
            _load(intake, "NOW-", start, span / this_year, this_year, closed=False)
            if history:
                before = start - timedelta(days=365 * YEARS_BEFORE)
                _load(intake, "OLD-", before, (start - before).total_seconds() / (history + 1), history, closed=True)
            with intake.db.engine.begin() as connection:
                connection.execute(text("ANALYZE"))  # as autovacuum would, soon after a load
            viewer = StaffUser(id=1, role="manager")
            rule = ReviewRule(4, 3)
            return median_seconds(
                lambda: service.view_figures(intake, viewer, year, rule, include_restricted=True), REPEATS
            )
        finally:
            intake.db.dispose()


def _load(intake: Intake, prefix: str, start: datetime, step: float, count: int, *, closed: bool) -> None:
    with intake.db.begin() as session:
        values = {"prefix": prefix, "start": start.astimezone(UTC), "step": step, "closed": closed}
        references = [f"{prefix}{n}" for n in range(1, count + 1)]  # sealed as stored (issue 16)
        postcodes = [f"M{n % 40} {n % 9}AA" for n in range(1, count + 1)]
        values |= sealed_words(intake.keyring, references, DESCRIPTION, postcodes)
        session.execute(REPORTS, values)
        session.execute(CASES, {"prefix": prefix})
        session.execute(LINKS, {"prefix": prefix})
