"""The downloads: every table as CSV, the publication CSV with small numbers suppressed, and NM01 in
the shape the regulator collects it. Pure: they are written from figures already counted."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from intake.export import csv_cell
from intake.monitoring.figures import Table
from intake.monitoring.nm01 import MEASURE, MEASURE_NAME, NM01
from intake.monitoring.periods import Period
from intake.monitoring.publication import suppress

BASE_HEADINGS = {
    "reports": "reports_received",
    "cases": "cases_opened",
    "closed": "cases_closed",
    "works": "works_ordered",
    "decisions": "decisions_approved",
    "disclosures": "disclosures_made",
    "actions": "actions_recorded",
    "overdue": "reports_overdue_now",
}


def _csv(rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


def _key_name(table: Table, key: str, name: str | None) -> str:
    """A row's code; an officer's row also names them (never in the publication download)."""
    return f"{key} {name}" if name else key


def table_csv(table: Table, period: Period) -> str:
    """One table: a row per key with its counts, then the total."""
    header = ["period_start", "period_end", "table", "row", *(BASE_HEADINGS[base] for base in table.bases)]
    lines: list[Sequence[object]] = [header]
    for row in table.rows:
        lines.append([period.first, period.last, table.name, _key_name(table, row.key, row.name), *row.counts])
    lines.append([period.first, period.last, table.name, "total", *table.totals])
    return _csv(lines)


def all_tables_csv(tables: Sequence[Table], period: Period) -> str:
    """Every table in one file, one heading line."""
    body: list[Sequence[object]] = [["period_start", "period_end", "table", "row", "base", "count"]]
    for table in tables:
        for row in [*table.rows, None]:
            counts = row.counts if row else table.totals
            key = _key_name(table, row.key, row.name) if row else "total"
            for base, count in zip(table.bases, counts, strict=True):
                body.append([period.first, period.last, table.name, key, BASE_HEADINGS[base], count])
    return _csv(body)


def publication_csv(tables: Sequence[Table], period: Period) -> str:
    """The tables fit to publish: counts of 1 to 4 shown as "<5", with secondary suppression
    (``publication.suppress``). Officers are people: their table is never published."""
    body: list[Sequence[object]] = [["period_start", "period_end", "table", "row", "base", "count"]]
    for table in tables:
        if table.name == "overdue_by_officer":
            continue
        for column, base in enumerate(table.bases):
            shown, total = suppress([row.counts[column] for row in table.rows], table.totals[column])
            for row, value in zip(table.rows, shown, strict=True):
                body.append([period.first, period.last, table.name, row.key, BASE_HEADINGS[base], value])
            body.append([period.first, period.last, table.name, "total", BASE_HEADINGS[base], total])
    return _csv(body)


def nm01_csv(figure: NM01) -> str:
    """NM01(2) as the regulator collects it: the year, the numerator, the homes and the rate."""
    homes = figure.homes
    return _csv(
        [
            [
                "measure",
                "description",
                "financial_year",
                "cases_opened",
                "homes_low_cost_rental",
                "homes_low_cost_home_ownership",
                "homes_total",
                "homes_counted_on",
                "rate_per_1000_homes",
            ],
            [
                MEASURE,
                MEASURE_NAME,
                figure.year,
                figure.cases,
                homes.low_cost_rental if homes else "",
                homes.low_cost_home_ownership if homes else "",
                homes.total if homes else "",
                homes.counted_on.isoformat() if homes else "",
                figure.rate if figure.rate is not None else "",
            ],
        ]
    )
