"""Looking after the data keys: checked at start, rewrapped when a key-encryption key rotates, destroyed.

Not imported by ``intake.sealing`` itself (it reads the models, which import the package).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, exc, not_, or_, select, update
from sqlalchemy.orm import Session

from intake import audit
from intake.case_tables import Case, CaseReport
from intake.db import Database
from intake.inbound import item_owner
from intake.models import Attachment, Base, InboundItem, Message, OutboxMessage, Report
from intake.sealing.keyring import DESTROYED, DataKey, Keyring, Owner, WrappedKey
from intake.sealing.owners import OwnKeyRow, ReportRecordOrOwnKey

KEY_OWNERS: tuple[Any, ...] = (Report, Case, InboundItem, OutboxMessage)
ROTATION_BATCH = 500


def key_owners() -> tuple[Any, ...]:
    """Every model whose rows keep a data key: reports, cases, inbound items, then each ``OwnKeyRow``
    model mapped in this process (subject-access requests, accounts, partner invitations), by table.

    Found from the mapper registry, since those models live in packages this one may not import.
    """
    own = (mapper.class_ for mapper in Base.registry.mappers if issubclass(mapper.class_, OwnKeyRow))
    return (*KEY_OWNERS, *sorted(own, key=lambda model: model.__tablename__))


def data_key_of(keyring: Keyring, row: Report | Case) -> DataKey:
    """The row's data key, unwrapped (cached); without one, a key that reads sealed text as the placeholder."""
    return keyring.open(owner_of(row), row.wrapped_key)


def owner_of(row: Report | Case) -> Owner:
    return Owner(row.__tablename__, row.reference)


def check_keys_open(db: Database, keyring: Keyring) -> None:
    """At start: the newest wrapped key of each kind of owner (report, case, inbound item, subject-access
    request, account, invitation) opens under ENCRYPTION_KEYS.

    One key each, not every key: a wrong or lost key-encryption key stops start-up in one line
    (``SealingError``) instead of failing every page. A database not reachable or not yet migrated
    has nothing to check here (it is reported where it is used).
    """
    try:
        with db.read() as session:
            newest = [(model, session.execute(_newest_wrapped(model)).first()) for model in key_owners()]
    except exc.DBAPIError:
        return
    for model, row in newest:
        if row is not None:
            keyring.unwrap(
                _row_owner(model, row), WrappedKey(row.data_key_kek_id, row.data_key_kek_version, row.data_key)
            )


def _newest_wrapped(model: Any) -> Any:
    columns = (*_binding_columns(model), model.data_key_kek_id, model.data_key_kek_version, model.data_key)
    return select(*columns).where(model.data_key_kek_id.is_not(None)).order_by(model.id.desc()).limit(1)


def _binding_columns(model: Any) -> tuple[Any, ...]:
    """The columns a row's owner binding is made of: a reference, an inbound item's channel and key, or a token."""
    if model is InboundItem:
        return (model.channel, model.key)
    return (model.seal_token,) if _bound_by_token(model) else (model.reference,)


def _row_owner(model: Any, row: Any) -> Owner:
    if model is InboundItem:
        return item_owner(row.channel, row.key)
    if _bound_by_token(model):
        return Owner(model.__tablename__, row.seal_token or "")
    return Owner(model.__tablename__, row.reference)


def _bound_by_token(model: Any) -> bool:
    """A row with no reference whose own key is bound to its ``seal_token``: one with a key of its own, or an
    outbox message (only one about no report has a key of its own)."""
    return issubclass(model, OwnKeyRow | ReportRecordOrOwnKey)


@dataclass(frozen=True)
class Rotated:
    """Data keys rewrapped by one call of ``rotate_keys``, by table."""

    counts: dict[str, int]


def rotate_keys(db: Database, keyring: Keyring, batch: int = ROTATION_BATCH) -> Rotated:
    """Rewrap every data key not under the newest key-encryption key; no value is sealed again.

    Each batch is its own transaction, chosen by key-encryption key, so a rerun continues where
    one stopped and the service keeps running meanwhile. A row changed since it was read (its key
    destroyed) is left as it now is.
    """
    owners = key_owners()
    counts = {model.__tablename__: 0 for model in owners}
    for model in owners:
        while done := _rotate_batch(db, keyring, model, batch):
            counts[model.__tablename__] += done
    return Rotated(counts)


def _rotate_batch(db: Database, keyring: Keyring, model: Any, batch: int) -> int:
    with db.begin() as session:
        rows = session.execute(_not_newest(model, keyring).limit(batch)).all()
        if not rows:
            return 0
        table = model.__table__
        rewrapped = [_rewrapped(keyring, model, row) for row in rows]
        statement = (
            update(table)
            .where(table.c.id == bindparam("row_id"), table.c.data_key == bindparam("old_key"))
            .values(
                data_key=bindparam("new_key"),
                data_key_kek_id=bindparam("kek_id"),
                data_key_kek_version=bindparam("kek_version"),
            )
        )
        session.connection().execute(statement, rewrapped)
        return len(rows)


def _not_newest(model: Any, keyring: Keyring) -> Any:
    newest = keyring.newest
    under_newest = and_(model.data_key_kek_id == newest.id, model.data_key_kek_version == newest.version)
    columns = (model.id, *_binding_columns(model), model.data_key_kek_id, model.data_key_kek_version, model.data_key)
    return select(*columns).where(model.data_key_kek_id.is_not(None), not_(under_newest)).order_by(model.id)


def _rewrapped(keyring: Keyring, model: Any, row: Any) -> dict[str, Any]:
    old = WrappedKey(row.data_key_kek_id, row.data_key_kek_version, row.data_key)
    new = keyring.rewrap(_row_owner(model, row), old)
    return dict(row_id=row.id, old_key=row.data_key, new_key=new.sealed, kek_id=new.kek_id, kek_version=new.kek_version)


def destroy_case_keys(session: Session, keyring: Keyring, case: Case, *, at: datetime, actor: str) -> int:
    """Destroy the case's data key, each linked report's, each of their raw inbound items' and of their
    outbox messages with keys of their own, in the caller's transaction; audited.

    What they sealed reads as the placeholder from then on, here and in every backup taken after
    the backups holding the keys expire. Attachment files are removed by ``destroy_data_keys`` (docs/encryption.md).
    Returns how many keys were destroyed.
    """
    report_ids = list(session.scalars(select(CaseReport.report_id).where(CaseReport.case_id == case.id)))
    rows: list[Report | Case] = [case, *session.scalars(select(Report).where(Report.id.in_(report_ids)))]
    destroyed = 0
    for row in rows:
        if row.wrapped_key is not None:
            destroyed += 1
        row.data_key, row.data_key_kek_id, row.data_key_kek_version = DESTROYED, None, None
        keyring.forget(owner_of(row))
    destroyed += _destroy_item_keys(session, keyring, report_ids)
    destroyed += _destroy_outbox_keys(session, keyring, report_ids)
    audit.record(session, at=at, actor=actor, action="data_keys_destroyed", case_id=case.id, keys=destroyed)
    return destroyed


def _destroy_item_keys(session: Session, keyring: Keyring, report_ids: list[int]) -> int:
    """Destroy the keys of the raw items that made or continued these reports; how many there were."""
    by_message = select(Message.inbound_item_id).where(Message.report_id.in_(report_ids))
    items_of = or_(InboundItem.report_id.in_(report_ids), InboundItem.id.in_(by_message))
    items = session.execute(
        select(InboundItem.id, InboundItem.channel, InboundItem.key).where(
            items_of, InboundItem.data_key_kek_id.is_not(None)
        )
    ).all()
    session.execute(
        update(InboundItem)
        .where(InboundItem.id.in_([item.id for item in items]))
        .values(data_key=DESTROYED, data_key_kek_id=None, data_key_kek_version=None)
        .execution_options(synchronize_session=False)
    )
    for item in items:
        keyring.forget(item_owner(item.channel, item.key))
    return len(items)


def _destroy_outbox_keys(session: Session, keyring: Keyring, report_ids: list[int]) -> int:
    """Destroy the keys of these reports' outbox messages sealed under a key of their own (written after
    a report's key was destroyed); the rest were sealed under the reports' keys. How many there were."""
    tokens = list(
        session.scalars(
            select(OutboxMessage.seal_token).where(
                OutboxMessage.report_id.in_(report_ids), OutboxMessage.data_key_kek_id.is_not(None)
            )
        )
    )
    if tokens:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.report_id.in_(report_ids), OutboxMessage.data_key_kek_id.is_not(None))
            .values(data_key=DESTROYED, data_key_kek_id=None, data_key_kek_version=None)
            .execution_options(synchronize_session=False)
        )
    for token in tokens:
        keyring.forget(Owner(OutboxMessage.__tablename__, token or ""))
    return len(tokens)


def destroy_data_keys(
    db: Database,
    keyring: Keyring,
    case_reference: str,
    *,
    at: datetime,
    actor: str,
    remove_file: Callable[[str], None] | None = None,
) -> tuple[int, int]:
    """``destroy_case_keys`` for the case with this reference, in a transaction of its own; then, with
    ``remove_file``, each attachment file that only its reports (or others whose keys are destroyed)
    hold is removed from the store, since a file's own key is wrapped by the KEK, not by theirs.

    Returns how many keys were destroyed and how many files removed. The attachment rows stay (their
    names read as the placeholder); their download is refused (``intake.casework``).
    """
    with db.begin() as session:
        case = session.scalars(select(Case).where(Case.reference == case_reference.strip().upper())).one_or_none()
        if case is None:
            raise LookupError(f"there is no case {case_reference}")
        keys = destroy_case_keys(session, keyring, case, at=at, actor=actor)
        report_ids = select(CaseReport.report_id).where(CaseReport.case_id == case.id)
        names = set(session.scalars(select(Attachment.storage_name).where(Attachment.report_id.in_(report_ids))))
        readable = Attachment.report.has(or_(Report.data_key.is_(None), Report.data_key != DESTROYED))
        held = set(session.scalars(select(Attachment.storage_name).where(Attachment.storage_name.in_(names), readable)))
    if remove_file is None:
        return keys, 0
    orphans = sorted(names - held)
    for name in orphans:
        remove_file(name)
    return keys, len(orphans)
