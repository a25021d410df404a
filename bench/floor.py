"""What a report could cost at best: the floor under ``submit_report`` (issue 13, "why it cannot go").

Two measures, each beside the bare one-row insert of the same run:

- **the statements alone**: the rows one real submission wrote, read back once and then written again
  per report with SQLAlchemy Core in one transaction, the same tables in the same order (a reference
  and a key of their own, ids from ``RETURNING`` as the service does), with no triage, no reading of
  the words and no ORM objects: the database's and the driver's share, which no Python can remove;
- **the Python alone**: what the service computes per report with no database at all (checking the
  draft, reading the words, triage, and building every statement's parameters).

Their sum is a lower bound on a report's time, so ``bare / (statements + python)`` is the best ratio
these statements allow.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, insert, select

from intake import audit
from intake.context import Intake
from intake.drafts import ReportDraft
from intake.models import AuditEvent, Consent, InboundItem, Party, Report, Work
from intake.normalise import check_report
from intake.reading.retriage import _inferred  # the parameters the service builds, measured as they are
from intake.reading.signals import new_to
from intake.reading.stored import InferredSignal
from intake.recording import _as_written, _consents, _parties, _report_fields, read_and_triaged, report_row
from intake.references import new_reference
from intake.services import submit_report
from tests.statement_count import counting

CHILDREN: tuple[Any, ...] = (Party, Consent, Work, InferredSignal, AuditEvent)  # in the service's order


@dataclass(frozen=True)
class Template:
    """One real submission's rows, without their ids: what the floor writes again per report."""

    report: dict[str, Any]
    item: dict[str, Any]
    children: tuple[tuple[Table, list[dict[str, Any]]], ...]
    signal_work_kinds: tuple[str | None, ...]  # the kind of works order each inferred signal started
    statements: int  # what the real submission sent, BEGIN IMMEDIATE included on SQLite
    round_trips: int  # the statements and the transaction's own BEGIN and COMMIT


def template_of(intake: Intake, draft: ReportDraft) -> Template:
    """Submit ``draft`` once, counting its statements, and read back every row it wrote."""
    with counting(intake.db.engine) as counted:
        report_id = submit_report(intake, draft).report_id
    with intake.db.read() as session:
        connection = session.connection()
        report = _rows(connection, _table(Report), _table(Report).c.id == report_id)[0]
        item = _rows(connection, _table(InboundItem), _table(InboundItem).c.report_id == report_id)[0]
        children = tuple(
            (table, rows)
            for table in map(_table, CHILDREN)
            if (rows := _rows(connection, table, table.c.report_id == report_id))
        )
        works = _table(Work)
        kinds = dict(connection.execute(select(works.c.id, works.c.kind).where(works.c.report_id == report_id)).all())
    signals = dict(children).get(_table(InferredSignal), [])
    signal_work_kinds = tuple(kinds.get(row["work_id"]) for row in signals)
    return Template(report, item, children, signal_work_kinds, len(counted.statements), counted.round_trips)


def write_floor(intake: Intake, template: Template) -> None:
    """The template's rows once more, in one transaction, through Core: a report's statements alone."""
    with intake.db.begin() as session:
        connection = session.connection()
        report = dict(template.report, reference=new_reference("HPF"))
        report_id = connection.execute(insert(_table(Report)).returning(_table(Report).c.id), report).scalar_one()
        item = dict(template.item, key=secrets.token_hex(16), report_id=report_id)
        connection.execute(insert(_table(InboundItem)), item)
        work_ids: dict[object, int] = {}
        for table, rows in template.children:
            rows = [dict(row, report_id=report_id) for row in rows]
            if table is _table(Work):
                returned = connection.execute(insert(table).returning(table.c.kind, table.c.id), rows)
                work_ids = dict(returned.tuples().all())
            elif table is _table(InferredSignal):
                kinds = template.signal_work_kinds
                rows = [dict(row, work_id=work_ids.get(kind)) for row, kind in zip(rows, kinds, strict=True)]
                connection.execute(insert(table), rows)
            else:
                connection.execute(insert(table), rows)


def statements_of(intake: Intake, template: Template) -> int:
    """How many statements ``write_floor`` sends: the floor must send what the service sends."""
    with counting(intake.db.engine) as counted:
        write_floor(intake, template)
    return len(counted.statements)


def python_only(intake: Intake, draft: Callable[[], ReportDraft]) -> None:
    """What the service computes for one report with no database: check, read, triage, every parameter,
    its data key and the sealing of its words and people (issue 16)."""
    at = intake.clock()
    checked = check_report(draft())
    made = checked.draft
    found, decided, values = read_and_triaged(intake, checked, at)
    _parties(intake, _as_written(0, report_row(intake, values)), made)
    _consents(0, made, at)
    works = {work.kind: 0 for work in decided.works}
    said = _report_fields(made, made.safety, made.responsible)
    [_inferred(0, f, at, said, works, None) for f in new_to(made.safety, made.responsible, found)]
    audit.event(at=at, actor="channel:web", action="report_created", report_id=0, priority=values["priority"])


def _rows(connection: Connection, table: Table, where: Any) -> list[dict[str, Any]]:
    found = connection.execute(select(table).where(where).order_by(table.c.id)).mappings().all()
    return [{key: value for key, value in row.items() if key != "id"} for row in found]


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table
