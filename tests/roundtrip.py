"""The round trip: every answer a reporter gave comes back out of ``flask export``, as said.

Issue 19: the export carries every answer with its three-valued form (yes, no, not_sure,
rather_not_say, not_asked), in the JSON and in the CSV columns. A test names what the reporter
said, in the export's own field names, and ``assert_round_trip`` reads both exports through the
real command and checks each answer in each. Any channel's report can be checked the same way
(web, partner portal, partner API, and a staff-recorded report later).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask import Flask

from intake.export import ANSWER_FIELDS, csv_cell

CONSENT_FIELDS = ("kind", "given", "basis", "reported")


def flask_export(app: Flask, fmt: str) -> str:
    """The command's output, contact details included (they are answers too)."""
    result = app.test_cli_runner().invoke(args=["export", "--format", fmt, "--include-contact"])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def exported_report(app: Flask, reference: str) -> tuple[dict[str, Any], dict[str, str]]:
    """One report as the JSON export and as its CSV row."""
    [record] = [r for r in json.loads(flask_export(app, "json")) if r["reference"] == reference]
    rows = csv.DictReader(io.StringIO(flask_export(app, "csv")))
    [row] = [r for r in rows if r["reference"] == reference]
    return record, row


def consents(value: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    """Consents as (kind, given, basis, reported): what was said, without the times it was recorded."""
    return {tuple(consent[name] for name in CONSENT_FIELDS) for consent in value}


def _projected(field: str, value: Any) -> Any:
    return consents(value) if field == "consents" else value


def _from_csv(field: str, cell: str) -> Any:
    """A CSV cell read back: nested records from JSON, everything else compared as written."""
    return _projected(field, json.loads(cell)) if field in {"consents", "contacts"} else cell


def _as_csv(field: str, expected: Any) -> Any:
    if field in {"consents", "contacts"}:
        return expected
    cell = csv_cell(expected)
    return "" if cell is None else str(cell)


def assert_round_trip(app: Flask, reference: str, said: dict[str, Any]) -> None:
    """Each answer in ``said`` (export field -> value) is in the JSON export and in its CSV column."""
    record, row = exported_report(app, reference)
    assert set(ANSWER_FIELDS) <= set(row), "every yes/no answer has a CSV column"
    assert all(record[name] in {"yes", "no", "not_sure", "rather_not_say", "not_asked"} for name in ANSWER_FIELDS)
    for field, expected in said.items():
        assert _projected(field, record[field]) == expected, f"JSON {field}"
        assert _from_csv(field, row[field]) == _as_csv(field, expected), f"CSV {field}"
