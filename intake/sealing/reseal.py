"""Sealing everything again under a new data key, for when a data key itself is suspected (issue 16).

``reseal-data-key`` gives a case (with each linked report and each raw inbound item that made or
continued them) or a report (with its items) new data keys. Each owner is done in one transaction
of its own: its row is locked, every value sealed under its old key is opened and sealed again
under the new one, bound to the same cell, and the wrapped key is replaced, audited as
``data_key_resealed``. A failure anywhere in an owner's values rolls the whole owner back: its old
key and old values stay, and everything still opens. Owners already done keep their new keys.

What is sealed under an owner's key is found from the registry of ``SealedText`` columns
(``sealed_columns``): the owner's own columns, its report records' (``ReportRecord``) for a report,
its case records' (``CaseRecord``) for a case; and the one column sealed as bytes, declared here.
Attachment files are keyed per file by the KEK and are not touched (docs/encryption.md).

Not imported by ``intake.sealing`` itself (it reads the models, which import the package).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, undefer

from intake import audit
from intake.case_tables import Case, CaseRecord, CaseReport
from intake.db import Database
from intake.inbound import item_owner, raw_cell
from intake.models import InboundItem, Message, Report
from intake.sealing.keyring import DESTROYED, KeyDestroyed, Keyring, is_sealed
from intake.sealing.owners import KeyOwner, ReportRecord
from intake.sealing.sealed import SealedColumn, sealed_columns

# Sealed as bytes, not through a descriptor: each raw inbound item's ``raw``, under the item's own key.
SEALED_BYTES = ((InboundItem, "raw"),)

OWN, OF_REPORT, OF_CASE = "own", "report", "case"


def whose_key(model: type) -> str:
    """Under whose data key a model's sealed columns are: its own row's, its report's or its case's."""
    if issubclass(model, KeyOwner):
        return OWN
    if issubclass(model, ReportRecord):
        return OF_REPORT
    if issubclass(model, CaseRecord):
        return OF_CASE
    raise TypeError(f"{model.__name__} has sealed columns under no known data key: say whose in intake.sealing.reseal")


@dataclass(frozen=True)
class Resealed:
    """Owners given new data keys, by table, and the values sealed again under them."""

    owners: dict[str, int]
    values: int


def reseal_case(db: Database, keyring: Keyring, case_reference: str, *, at: datetime, actor: str) -> Resealed:
    """New data keys for the case, each linked report and each of their raw inbound items."""
    with db.read() as session:
        case = session.scalars(select(Case).where(Case.reference == case_reference.strip().upper())).one_or_none()
        if case is None:
            raise LookupError(f"there is no case {case_reference}")
        report_ids = list(session.scalars(select(CaseReport.report_id).where(CaseReport.case_id == case.id)))
        owners = _owners(session, case, report_ids)
    return _reseal_all(db, keyring, owners, at=at, actor=actor)


def reseal_report(db: Database, keyring: Keyring, reference: str, *, at: datetime, actor: str) -> Resealed:
    """A new data key for the report and for each raw inbound item that made or continued it (not its case)."""
    with db.read() as session:
        report = session.scalars(select(Report).where(Report.reference == reference.strip().upper())).one_or_none()
        if report is None:
            raise LookupError(f"there is no report {reference}")
        owners = _owners(session, None, [report.id])
    return _reseal_all(db, keyring, owners, at=at, actor=actor)


def _owners(session: Session, case: Case | None, report_ids: list[int]) -> list[tuple[Any, int]]:
    """Every key owner to reseal, as (model, id); refused at once if any of their keys was destroyed."""
    by_message = select(Message.inbound_item_id).where(Message.report_id.in_(report_ids))
    items = select(InboundItem.id).where(or_(InboundItem.report_id.in_(report_ids), InboundItem.id.in_(by_message)))
    owners: list[tuple[Any, int]] = [(Case, case.id)] if case is not None else []
    owners += [(Report, report_id) for report_id in sorted(report_ids)]
    owners += [(InboundItem, item_id) for item_id in session.scalars(items.order_by(InboundItem.id))]
    for model, row_id in owners:
        row = session.execute(select(model.__table__.c.data_key).where(model.id == row_id)).one()
        if row.data_key == DESTROYED:
            what = {Case: "the case", Report: "a report", InboundItem: "a raw inbound item"}[model]
            raise KeyDestroyed(f"{what}'s data key was destroyed: what it sealed cannot be read; nothing was resealed")
    return owners


def _reseal_all(db: Database, keyring: Keyring, owners: list[tuple[Any, int]], *, at: datetime, actor: str) -> Resealed:
    counts: dict[str, int] = defaultdict(int)
    values = 0
    for model, row_id in owners:
        done = _reseal_one(db, keyring, model, row_id, at=at, actor=actor)
        if done is not None:
            counts[model.__tablename__] += 1
            values += done
    return Resealed({model.__tablename__: counts[model.__tablename__] for model in (Case, Report, InboundItem)}, values)


def _reseal_one(db: Database, keyring: Keyring, model: Any, row_id: int, *, at: datetime, actor: str) -> int | None:
    """One owner in one transaction: its values sealed again and its key replaced; None when it has no key."""
    with db.begin() as session:
        query = select(model).where(model.id == row_id).with_for_update()
        if model is InboundItem:
            query = query.options(undefer(InboundItem.raw))
        row = session.scalars(query).one()
        if row.data_key == DESTROYED:
            raise KeyDestroyed(f"{model.__tablename__} {row_id} had its data key destroyed: nothing was resealed")
        if row.wrapped_key is None:
            return None  # from before encryption: nothing is sealed under a key it never had
        owner = item_owner(row.channel, row.key) if model is InboundItem else row.owner
        old, new = keyring.open(owner, row.wrapped_key), keyring.new_data_key(owner)
        count = 0
        if model is InboundItem:
            if is_sealed(row.raw):
                row.raw = new.seal_bytes(raw_cell(owner), old.unseal_bytes(raw_cell(owner), row.raw))
                count += 1
        else:
            for sealed_row, column in _sealed_under(session, row):
                stored = getattr(sealed_row, column.stored)
                if is_sealed(stored):
                    cell = sealed_row.cell(column.name)
                    setattr(sealed_row, column.stored, new.seal(cell, old.unseal(cell, stored)))
                    count += 1
        for name, value in new.columns().items():
            setattr(row, name, value)
        audit.record(session, at=at, actor=actor, action="data_key_resealed", **_audited(model, row_id), values=count)
    keyring.forget(owner)  # the old key leaves this process's cache too
    return count


def _audited(model: Any, row_id: int) -> dict[str, Any]:
    if model is Report:
        return {"report_id": row_id}
    if model is Case:
        return {"case_id": row_id}
    return {"inbound_item_id": row_id}


def _sealed_under(session: Session, owner: Any) -> list[tuple[Any, SealedColumn]]:
    """Every (row, column) sealed under this report's or case's key: its own, then its records'."""
    by_model: dict[Any, list[SealedColumn]] = defaultdict(list)
    for column in sealed_columns():
        by_model[column.model].append(column)
    found: list[tuple[Any, SealedColumn]] = []
    for model, columns in by_model.items():
        rows: list[Any] = []
        whose = whose_key(model)
        if whose == OWN and isinstance(owner, model):
            rows = [owner]
        elif whose == OF_REPORT and isinstance(owner, Report):
            rows = list(session.scalars(select(model).where(model.report_id == owner.id).order_by(model.id)))
        elif whose == OF_CASE and isinstance(owner, Case):
            rows = list(session.scalars(select(model).where(model.case_id == owner.id).order_by(model.id)))
        found += [(row, column) for row in rows for column in columns]
    return found
