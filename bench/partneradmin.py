"""The admin's partner pages as the partner estate grows, on PostgreSQL.

One organisation's page should take about as long with 100 times more organisations (its users,
invitations and tokens are found by index); the list shows every organisation, so its time per
organisation should stay flat (counts by subquery, no query per row). Goal: both under 2x.
"""

from __future__ import annotations

from sqlalchemy import text

from bench.common import BenchContext, bench_intake, median_seconds
from intake.context import Intake
from intake.partners import admin as partner_admin

REPEATS = 15
USERS_PER_ORGANISATION = 6
TOKENS_PER_ORGANISATION = 3

# Organisations, users (a third still invited), invitations and tokens (one revoked each), straight in SQL.
INSERTS = [
    text(
        """
        INSERT INTO partner_organisations (name, kind, sharing_agreement_reference, agreement_review_date, created_at)
        SELECT 'Organisation ' || n, 'advice_centre', 'ISA-' || n, current_date + (n % 400 - 200), now()
        FROM generate_series(1, :count) AS n
        """
    ),
    text(
        """
        INSERT INTO partner_email_domains (domain, organisation_id)
        SELECT 'organisation' || id || '.example', id FROM partner_organisations
        """
    ),
    text(
        """
        INSERT INTO partner_users (organisation_id, created_at, email, name, password_hash, totp_secret,
            failed_sign_ins, disabled)
        SELECT o.id, now(), 'user' || o.id || '-' || u || '@bench.example', 'User ' || u,
            CASE WHEN u % 3 = 0 THEN NULL ELSE 'hash' END, NULL, 0, u = 1
        FROM partner_organisations AS o, generate_series(1, :users) AS u
        """
    ),
    text(
        """
        INSERT INTO partner_invitations (user_id, token_hash, totp_secret, created_at, expires_at, created_by)
        SELECT id, md5('invitation' || id), 'SECRET', now(), now() + interval '7 days', 'bench'
        FROM partner_users
        """
    ),
    text(
        """
        INSERT INTO partner_api_tokens (organisation_id, token_hash, hint, created_at, created_by, revoked_at)
        SELECT o.id, md5('token' || o.id || '-' || t), 'hpt_' || t, now(), 'bench',
            CASE WHEN t = 1 THEN now() END
        FROM partner_organisations AS o, generate_series(1, :tokens) AS t
        """
    ),
]


def measure(ctx: BenchContext) -> str:
    """One organisation's page and the whole list, at a small and a 100x larger estate."""
    small, large = (10, 1_000) if ctx.quick else (20, 2_000)
    try:
        timings = {size: _timings(ctx, size) for size in (small, large)}
    except Exception as error:  # noqa: BLE001 - a benchmark never fails the build
        return f"## Partner admin pages\n\nNot measured: {type(error).__name__}: {error}\n"
    return _section(small, large, timings)


def _timings(ctx: BenchContext, size: int) -> dict[str, float]:
    with ctx.fresh_database("postgresql") as url:
        intake = bench_intake(url)
        try:
            _fill(intake, size)
            middle = size // 2
            page = median_seconds(lambda: _must(partner_admin.organisation(intake, middle)), REPEATS) * 1000
            listing = median_seconds(lambda: _must(partner_admin.organisations(intake)), REPEATS) * 1000
            return {"one organisation's page": page, "the list, per organisation": listing / size}
        finally:
            intake.db.dispose()


def _fill(intake: Intake, size: int) -> None:
    sizes = {"count": size, "users": USERS_PER_ORGANISATION, "tokens": TOKENS_PER_ORGANISATION}
    with intake.db.begin() as session:
        for insert in INSERTS:
            session.execute(insert, sizes)
    with intake.db.engine.begin() as connection:
        connection.execute(text("ANALYZE"))  # as autovacuum would, soon after a load


def _must(found: object) -> None:
    if not found:
        raise RuntimeError("the benchmark's data is missing")


def _section(small: int, large: int, timings: dict[int, dict[str, float]]) -> str:
    lines = [
        "## Partner admin pages",
        "",
        "The admin's data for one partner organisation's page, and for the list of all of them (per organisation),",
        f"at {small:,} and {large:,} organisations with {USERS_PER_ORGANISATION} users and {TOKENS_PER_ORGANISATION}"
        f" API tokens each, on PostgreSQL, median of {REPEATS} runs. Baseline: the smaller estate, measured in the",
        "same run. Goal: the larger estate under 2x the baseline.",
        "",
        f"| measure | {small:,} organisations (ms) | {large:,} organisations (ms) | ratio | goal met |",
        "|---|---|---|---|---|",
    ]
    for name in timings[small]:
        ratio = timings[large][name] / timings[small][name]
        met = "yes" if ratio < 2 else "no"
        lines.append(f"| {name} | {timings[small][name]:.3f} | {timings[large][name]:.3f} | {ratio:.2f}x | {met} |")
    return "\n".join(lines) + "\n"
