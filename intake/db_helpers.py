"""Dialect-aware statements the services share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session


def insert_or_ignore(
    session: Session, model: type[DeclarativeBase], values: Mapping[str, Any], conflict_columns: Sequence[str]
) -> int | None:
    """Insert one row atomically unless it clashes on ``conflict_columns``; its id, or None.

    One statement, not check-then-insert: on PostgreSQL a concurrent transaction inserting the
    same key waits for the first to commit and then inserts nothing.
    """
    table: Any = model.__table__
    statement = _insert_module(session).insert(table)
    statement = statement.on_conflict_do_nothing(index_elements=list(conflict_columns)).returning(table.c.id)
    return session.execute(statement, dict(values)).scalar_one_or_none()  # values as parameters: one cached statement


def bulk_insert(session: Session, model: type[DeclarativeBase], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` in one statement (several rows, none read back); nothing if there are none.

    A Core insert into the model's table (keys are column names): the ORM's bulk path would only
    add per-row bookkeeping for objects nobody holds.
    """
    if rows:
        table: Any = model.__table__
        session.execute(insert(table), [dict(row) for row in rows])


def _insert_module(session: Session) -> Any:
    return postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
