"""Sealing what an existing database holds in clear: ``flask --app intake.app encrypt-existing``.

Plain values are told from sealed ones by the version prefix (``SEALED``), so each batch chooses
only what is still plain: a stopped run continues where it stopped, and the service keeps running
meanwhile (each batch is its own transaction). A report or case whose key was destroyed is left alone.

Reports' words and postcodes, messages and parties; cases' outcome rationales and the free text of their records
(``intake.case_tables.CaseRecord``, under the case's key); first responses' "instead", works' cancel
reasons and attachments' names (under the report's key); raw inbound items without a key (each is
given its own); and the reports' attachment files stored in clear (each sealed under its keyed name,
its attachment rows renamed in the same transaction, then the plain file deleted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.orm import Session, contains_eager, undefer

from intake.attachments import AttachmentStore
from intake.case_tables import Case, CaseRecord
from intake.db import Database
from intake.inbound import item_owner, raw_cell
from intake.models import PARTY_DETAILS, REPORT_WORDS, Attachment, InboundItem, Message, OutboxMessage, Party, Report
from intake.outbox import contact_index
from intake.sealing.finding import party_indexes, report_indexes
from intake.sealing.keyring import DESTROYED, SEALED, SEALED_BYTES, Cell, Keyring, new_row_token
from intake.sealing.owners import OwnKeyRow, ReportRecord
from intake.sealing.sealed import sealed_columns
from intake.sealing.upkeep import key_owners

BACKFILL_BATCH = 200


@dataclass(frozen=True)
class Sealed:
    """How many rows one run sealed, by table."""

    reports: int
    messages: int
    parties: int
    cases: int = 0  # outcome rationales
    case_records: int = 0
    report_records: int = 0  # first responses, works and attachments
    inbound_items: int = 0
    files: int = 0
    own: dict[str, int] = field(default_factory=dict)  # rows with keys of their own, by table
    outbox_messages: int = 0


def records_of(kind: type) -> tuple[tuple[Any, tuple[tuple[str, str], ...]], ...]:
    """Each model of ``kind`` (``CaseRecord`` or ``ReportRecord``) with its sealed columns as (name, stored),
    from the registry of ``SealedText`` columns, so a column declared later is never missed. Messages and
    parties are left out: their own steps seal them with the digests that find them."""
    found: dict[type, list[tuple[str, str]]] = {}
    for column in sealed_columns():
        if issubclass(column.model, kind) and column.model not in (Message, Party):
            found.setdefault(column.model, []).append((column.name, column.stored))
    return tuple((model, tuple(columns)) for model, columns in found.items())


def encrypt_existing(
    db: Database, keyring: Keyring, batch: int = BACKFILL_BATCH, files: AttachmentStore | None = None
) -> Sealed:
    """Give every report a data key and seal everything still plain (filling the reports' and parties' digests
    and a report's postcode area), then every plain value of rows with keys of their own (subject-access
    requests, one-time-code secrets), a batch at a time (module docstring)."""
    reports = _all(db, lambda session: _seal_reports(session, keyring, batch))
    messages = _all(db, lambda session: _seal_messages(session, keyring, batch))
    parties = _all(db, lambda session: _seal_parties(session, keyring, batch))
    cases = _all(db, lambda session: _seal_cases(session, keyring, batch))
    case_records = sum(
        _all(db, partial(_seal_records, keyring=keyring, batch=batch, model=model, fields=fields, owner=Case))
        for model, fields in records_of(CaseRecord)
    )
    report_records = sum(
        _all(db, partial(_seal_records, keyring=keyring, batch=batch, model=model, fields=fields, owner=Report))
        for model, fields in records_of(ReportRecord)
    )
    outbox = _all(db, lambda session: _seal_outbox(session, keyring, batch))
    items = _all(db, lambda session: _seal_inbound_items(session, keyring, batch))
    sealed_files = _seal_files(db, files) if files is not None else 0
    own = {
        model.__tablename__: _all(db, partial(_seal_own, model=model, batch=batch))
        for model in key_owners()
        if issubclass(model, OwnKeyRow)
    }
    return Sealed(reports, messages, parties, cases, case_records, report_records, items, sealed_files, own, outbox)


def _all(db: Database, work: Any) -> int:
    """Batches until one finds nothing left, each its own transaction; how many rows were sealed."""
    total = 0
    while done := _in_batch(db, work):
        total += done
    return total


def _in_batch(db: Database, work: Any) -> int:
    with db.begin() as session:
        return int(work(session))


def _not_destroyed(owner: Any) -> ColumnElement[bool]:
    return or_(owner.data_key.is_(None), owner.data_key != DESTROYED)


def _plain(column: Any) -> ColumnElement[bool]:
    return and_(column.is_not(None), column != "", column.not_like(f"{SEALED}%"))


def _seal_reports(session: Session, keyring: Keyring, batch: int) -> int:
    plain = or_(Report.data_key.is_(None), *(_plain(getattr(Report, f"{name}_sealed")) for name in REPORT_WORDS))
    query = select(Report).where(plain, or_(Report.data_key.is_(None), Report.data_key != DESTROYED))
    rows = list(session.scalars(query.order_by(Report.id).limit(batch)))
    for report in rows:
        key = report.writable_key(keyring)
        for name in REPORT_WORDS:
            stored = getattr(report, f"{name}_sealed")
            if stored and not stored.startswith(SEALED):
                setattr(report, f"{name}_sealed", key.seal(Cell("reports", name, report.reference), stored))
        found = report_indexes(keyring.index, report.location, report.responsible_description, report.postcode)
        for name, value in found.items():
            setattr(report, name, value)
    return len(rows)


def _seal_messages(session: Session, keyring: Keyring, batch: int) -> int:
    query = select(Message).join(Message.report).where(_plain(Message.text_sealed), Report.data_key != DESTROYED)
    rows = list(session.scalars(query.order_by(Message.id).limit(batch)))
    for message in rows:
        message.seal_token = message.seal_token or new_row_token()
        key = message.report.writable_key(keyring)
        message.text_sealed = key.seal(message.cell("text"), message.text_sealed)
    return len(rows)


def _seal_parties(session: Session, keyring: Keyring, batch: int) -> int:
    plain = or_(*(_plain(getattr(Party, f"{name}_sealed")) for name in PARTY_DETAILS))
    query = select(Party).join(Party.report).where(plain, Report.data_key != DESTROYED)
    rows = list(session.scalars(query.order_by(Party.id).limit(batch)))
    for party in rows:
        party.seal_token = party.seal_token or new_row_token()
        key = party.report.writable_key(keyring)
        for name in PARTY_DETAILS:
            stored = getattr(party, f"{name}_sealed")
            if stored and not stored.startswith(SEALED):
                setattr(party, f"{name}_sealed", key.seal(party.cell(name), stored))
        found = party_indexes(
            keyring.index,
            phone=party.phone,
            email=party.email,
            name=party.name,
            named_person=party.named_person,
            address=party.address,
        )
        for name, value in found.items():
            setattr(party, name, value)
    return len(rows)


def _seal_own(session: Session, model: Any, batch: int) -> int:
    """Seal a batch of a model's rows still holding a plain value, each under its own key (made if need be)."""
    attributes = [column for column in sealed_columns() if column.model is model]
    plain = or_(*(_plain(getattr(model, attribute.stored)) for attribute in attributes))
    query = select(model).where(plain, or_(model.data_key.is_(None), model.data_key != DESTROYED))
    rows = list(session.scalars(query.order_by(model.id).limit(batch)))
    for row in rows:
        for attribute in attributes:
            stored = getattr(row, attribute.stored)
            if stored and not stored.startswith(SEALED):
                setattr(row, attribute.name, stored)  # the descriptor seals it under the row's key
    return len(rows)


def _seal_cases(session: Session, keyring: Keyring, batch: int) -> int:
    query = select(Case).where(_plain(Case.outcome_rationale_sealed), _not_destroyed(Case))
    rows = list(session.scalars(query.order_by(Case.id).limit(batch)))
    for case in rows:
        key = case.writable_key(keyring)
        case.outcome_rationale_sealed = key.seal(case.cell("outcome_rationale"), case.outcome_rationale_sealed or "")
    return len(rows)


def _seal_records(
    session: Session, keyring: Keyring, batch: int, model: Any, fields: tuple[tuple[str, str], ...], owner: Any
) -> int:
    """A record's plain fields sealed under its case's or report's key (``owner``), bound by a new ``seal_token``
    if it has none (a row with a sealed value already has its token)."""
    relation = model.case if owner is Case else model.report
    plain = or_(*(_plain(getattr(model, stored)) for _, stored in fields))
    query = select(model).join(relation).options(contains_eager(relation)).where(plain, _not_destroyed(owner))
    rows = list(session.scalars(query.order_by(model.id).limit(batch)))
    for record in rows:
        key = (record.case if owner is Case else record.report).writable_key(keyring)
        record.seal_token = record.seal_token or new_row_token()
        for name, stored in fields:
            value = getattr(record, stored)
            if value and not value.startswith(SEALED):
                setattr(record, stored, key.seal(record.cell(name), value))
    return len(rows)


def _seal_outbox(session: Session, keyring: Keyring, batch: int) -> int:
    """Outbox messages from before migration 0025: recipient and body sealed under the report's key (a
    message about no report: one of its own) and the recipient indexed. One whose report's key was
    destroyed is left for the retention purge, which blanks it."""
    plain = or_(_plain(OutboxMessage.recipient_sealed), _plain(OutboxMessage.body_sealed))
    query = (
        select(OutboxMessage)
        .outerjoin(OutboxMessage.report)
        .options(contains_eager(OutboxMessage.report))
        .where(plain, _not_destroyed(OutboxMessage), or_(OutboxMessage.report_id.is_(None), _not_destroyed(Report)))
    )
    rows = list(session.scalars(query.order_by(OutboxMessage.id).limit(batch)))
    for message in rows:
        message.seal_token = message.seal_token or new_row_token()
        if message.data_key is None and message.report is not None:
            key = message.report.writable_key(keyring)
        else:
            key = message.own_key(keyring)
        recipient, body = message.recipient_sealed, message.body_sealed
        if recipient and not recipient.startswith(SEALED):
            message.recipient_index = message.recipient_index or contact_index(keyring.index, message.method, recipient)
            message.recipient_sealed = key.seal(message.cell("recipient"), recipient)
        if body and not body.startswith(SEALED):
            message.body_sealed = key.seal(message.cell("body"), body)
    return len(rows)


def _seal_inbound_items(session: Session, keyring: Keyring, batch: int) -> int:
    """Each raw item stored before sealing (no key) gets its own key, and its raw bytes sealed under it."""
    query = select(InboundItem).options(undefer(InboundItem.raw)).where(InboundItem.data_key.is_(None))
    rows = list(session.scalars(query.order_by(InboundItem.id).limit(batch)))
    for item in rows:
        owner = item_owner(item.channel, item.key)
        data_key = keyring.new_data_key(owner)
        if not item.raw.startswith(SEALED_BYTES):
            item.raw = data_key.seal_bytes(raw_cell(owner), item.raw)
        for name, value in data_key.columns().items():
            setattr(item, name, value)
    return len(rows)


def _seal_files(db: Database, files: AttachmentStore) -> int:
    """Each plain file sealed, and the rows naming it renamed, in one transaction; then the plain file deleted.

    A run stopped before the delete finds the plain file again: its sealed copy is kept, no row names
    it any more, and it is deleted. A file whose bytes were altered is left (and not counted).
    """
    sealed = 0
    for name in files.plain_files():
        with db.begin() as session:
            new = files.seal_plain(name, within=session)
            if new is None:
                continue
            renamed = update(Attachment).where(Attachment.storage_name == name).values(storage_name=new)
            session.execute(renamed.execution_options(synchronize_session=False))
        files.delete(name)
        sealed += 1
    return sealed
