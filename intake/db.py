"""The database: one engine and session factory per app, SQLite or PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY = "intake_read_only"  # an execution option: this connection's transactions only read
IDLE_PING_SECONDS = 30.0  # a pooled connection idle this long is pinged before use
POOL_RECYCLE_SECONDS = 1800
_CHECKED_IN_AT = "intake_checked_in_at"


class Database:
    """Engine and sessions. Service functions open transactions with ``begin()``."""

    def __init__(self, url: str, *, idle_ping_seconds: float = IDLE_PING_SECONDS, **engine_options: Any) -> None:
        self.url = make_url(url)
        self.engine = _create_engine(url, idle_ping_seconds, **engine_options)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)
        self._batch: ContextVar[Session | None] = ContextVar(f"intake_batch_{id(self)}", default=None)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        Inside ``batch()``, a savepoint of the batch's transaction instead: released when the block
        ends, rolled back alone if it raises, committed with the batch.
        """
        batch = self._batch.get()
        if batch is not None:
            with batch.begin_nested():
                yield batch
            return
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One transaction for many items, each service call in it a savepoint (issue 13 item 4).

        A bad item rolls back alone (and the service keeps it for review in a savepoint of its own);
        everything is committed when the block ends, or nothing if the block raises. For pollers,
        which move their messages only after this commit.
        """
        if self._batch.get() is not None:
            raise RuntimeError("a batch is already open")
        with self._sessions.begin() as session:
            token = self._batch.set(session)
            try:
                yield
            finally:
                self._batch.reset(token)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; nothing it does is committed.

        On SQLite its transaction begins deferred, so a reader never waits for a writer's lock
        (WAL lets it read the last committed state meanwhile). Inside ``batch()``, the batch's own
        session: no transaction of its own to begin and end, and it sees what the batch wrote.
        """
        batch = self._batch.get()
        if batch is not None:
            yield batch
            return
        with self._readers() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _create_engine(url: str, idle_ping_seconds: float, **options: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_recycle=POOL_RECYCLE_SECONDS, **options)
        _ping_when_idle(engine, idle_ping_seconds)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **options)
    _configure_sqlite(engine)
    return engine


def _ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Issue 13: ping a pooled PostgreSQL connection only after it sat idle, not before every transaction.

    ``pool_pre_ping`` costs one round trip per transaction, a fifth of a plain report's. A connection
    in steady use is known to be alive; one that sat idle (a server restart, a firewall dropping
    quiet connections) is pinged, and replaced if dead. A server lost mid-burst still fails that
    transaction: SQLAlchemy then discards the whole pool, and the services keep the raw item for
    review in a fresh transaction (``kept_for_review``), so nothing is lost.
    """

    @event.listens_for(engine.pool, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[_CHECKED_IN_AT] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get(_CHECKED_IN_AT)
        if idle_since is None or time.monotonic() - idle_since < idle_seconds:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError("idle connection is gone") from error  # the pool connects afresh
        if not alive:
            raise exc.DisconnectionError("idle connection is gone")


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys on, deleted content overwritten, and write transactions that take the lock when they begin.

    ``secure_delete`` zeroes what a purge or an erase removes (issues 16 and 17): without it a deleted
    report's words stay in the file's free pages, for whoever copies the file, on builds where it is
    off by default (Debian's is on; many are not).

    pysqlite's own transaction handling is switched off so that ``BEGIN IMMEDIATE`` makes
    concurrent writers queue behind the busy timeout instead of failing mid-transaction.
    Readers (``Database.read``) begin deferred: they never take the write lock, so they never
    queue behind a writer.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        reading = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")
