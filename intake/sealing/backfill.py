"""Sealing what an existing database holds in clear: ``flask --app intake.app encrypt-existing``.

Plain values are told from sealed ones by the version prefix (``SEALED``), so each batch chooses
only what is still plain: a stopped run continues where it stopped, and the service keeps running
meanwhile (each batch is its own transaction). A report whose key was destroyed is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from intake.db import Database
from intake.models import PARTY_DETAILS, REPORT_WORDS, Message, Party, Report
from intake.sealing.finding import party_indexes, report_indexes
from intake.sealing.keyring import DESTROYED, SEALED, Cell, Keyring, new_row_token
from intake.sealing.owners import OwnKeyRow
from intake.sealing.sealed import sealed_columns
from intake.sealing.upkeep import key_owners

BACKFILL_BATCH = 200


@dataclass(frozen=True)
class Sealed:
    """How many rows one run sealed, by table."""

    reports: int
    messages: int
    parties: int
    own: dict[str, int] = field(default_factory=dict)  # rows with keys of their own, by table


def encrypt_existing(db: Database, keyring: Keyring, batch: int = BACKFILL_BATCH) -> Sealed:
    """Give every report a data key and seal every plain report word (and postcode), message and party
    detail, filling their digests (and a report's postcode area), then every plain value of rows with keys
    of their own (subject-access requests, one-time-code secrets), a batch at a time."""
    reports = messages = parties = 0
    while done := _in_batch(db, lambda session: _seal_reports(session, keyring, batch)):
        reports += done
    while done := _in_batch(db, lambda session: _seal_messages(session, keyring, batch)):
        messages += done
    while done := _in_batch(db, lambda session: _seal_parties(session, keyring, batch)):
        parties += done
    own: dict[str, int] = {}
    for model in key_owners():
        if issubclass(model, OwnKeyRow):
            own[model.__tablename__] = 0
            while done := _in_batch(db, lambda session, model=model: _seal_own(session, model, batch)):
                own[model.__tablename__] += done
    return Sealed(reports, messages, parties, own)


def _in_batch(db: Database, work: Any) -> int:
    with db.begin() as session:
        return int(work(session))


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
