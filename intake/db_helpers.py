"""Dialect-aware statements the services share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session


def insert_or_ignore(
    session: Session, model: type[DeclarativeBase], values: Mapping[str, Any], conflict_columns: Sequence[str]
) -> int | None:
    """Insert one row atomically unless it clashes on ``conflict_columns``; its id, or None.

    One statement, not check-then-insert: on PostgreSQL a concurrent transaction inserting the
    same key waits for the first to commit and then inserts nothing.
    """
    dialect = session.get_bind().dialect.name
    module: Any = postgresql if dialect == "postgresql" else sqlite
    table: Any = model.__table__
    statement = (
        module.insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(conflict_columns))
        .returning(table.c.id)
    )
    return session.execute(statement).scalar_one_or_none()
