"""Counting what one submission costs the database: statements and round trips (issue 13 item 1).

A statement is each ``cursor.execute``/``executemany`` SQLAlchemy sends (an insert of many rows in
one statement counts once). Round trips add the transaction's own: ``BEGIN`` (on PostgreSQL
psycopg sends it before the first statement; on SQLite the engine sends ``BEGIN IMMEDIATE`` as a
statement), ``COMMIT`` or ``ROLLBACK``, and a pool pre-ping if the engine has one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event


@dataclass
class Counted:
    """What a block sent to the database, in order."""

    statements: list[str] = field(default_factory=list)
    transaction_ends: int = 0  # COMMIT or ROLLBACK
    implicit_begins: int = 0  # psycopg's BEGIN before the first statement of a transaction
    pings: int = 0

    @property
    def round_trips(self) -> int:
        return len(self.statements) + self.transaction_ends + self.implicit_begins + self.pings

    def summary(self) -> str:
        """Each statement's first words, for a failing assertion's message."""
        return "\n".join(" ".join(sql.split())[:90] for sql in self.statements)


@contextmanager
def counting(engine: Engine) -> Iterator[Counted]:
    """Count every statement and transaction round trip ``engine`` makes inside the block."""
    counted = Counted()
    sqlite = engine.dialect.name == "sqlite"

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        counted.statements.append(statement)

    def on_begin(_conn: Any) -> None:
        if not sqlite:  # SQLite's BEGIN IMMEDIATE is sent as a statement and counted there
            counted.implicit_begins += 1

    def on_end(_conn: Any) -> None:
        counted.transaction_ends += 1

    def on_ping(*_args: Any) -> None:
        counted.pings += 1

    active: list[tuple[Any, str, Any]] = [
        (engine, "before_cursor_execute", on_execute),
        (engine, "begin", on_begin),
        (engine, "commit", on_end),
        (engine, "rollback", on_end),
    ]
    if engine.pool._pre_ping:  # the ping is one round trip at every checkout
        active.append((engine.pool, "checkout", on_ping))
    for target, name, fn in active:
        event.listen(target, name, fn)
    try:
        yield counted
    finally:
        for target, name, fn in active:
            event.remove(target, name, fn)


def database_kind(engine: Engine) -> str:
    """ "sqlite" or "postgresql": the pinned numbers differ (SQLite's BEGIN is a statement of ours)."""
    return engine.dialect.name


def assert_costs(counted: Counted, engine: Engine, pinned: dict[str, tuple[int, int]]) -> None:
    """Exactly the pinned statements and round trips on this database: one more fails, and so does one
    fewer (then pin the better number)."""
    expected = pinned[database_kind(engine)]
    measured = (len(counted.statements), counted.round_trips)
    assert measured == expected, f"{measured} on {database_kind(engine)}:\n{counted.summary()}"
