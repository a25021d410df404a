"""Dialect-aware statements the services share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session

Row = TypeVar("Row", bound=DeclarativeBase)


def insert_or_ignore(
    session: Session, model: type[DeclarativeBase], values: Mapping[str, Any], conflict_columns: Sequence[str]
) -> int | None:
    """Insert one row atomically unless it clashes on ``conflict_columns``; its id, or None.

    One statement, not check-then-insert: on PostgreSQL a concurrent transaction inserting the
    same key waits for the first to commit and then inserts nothing.
    """
    table: Any = model.__table__
    statement = _insert_module(session).insert(table).values(**values)
    statement = statement.on_conflict_do_nothing(index_elements=list(conflict_columns)).returning(table.c.id)
    return session.execute(statement).scalar_one_or_none()


def insert_or_ignore_row(
    session: Session, model: type[Row], values: Mapping[str, Any], conflict_columns: Sequence[str]
) -> Row | None:
    """As ``insert_or_ignore``, but the new row comes back whole as an object in the session.

    Issue 13: one statement both claims the unique value and returns every column (defaults
    included), so nothing just written is read back.
    """
    statement = _insert_module(session).insert(model).values(**values)
    statement = statement.on_conflict_do_nothing(index_elements=list(conflict_columns)).returning(model)
    # populate_existing: a savepoint rolled back (a batch's bad item) can leave a stale object under
    # the same id in the session (SQLite reuses the id), which must not stand in for the new row.
    row: Row | None = session.scalars(statement, execution_options={"populate_existing": True}).one_or_none()
    return row


def bulk_insert(session: Session, model: type[DeclarativeBase], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` in one statement (several rows, none read back); nothing if there are none."""
    if rows:
        session.execute(insert(model), list(rows))


def _insert_module(session: Session) -> Any:
    return postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
