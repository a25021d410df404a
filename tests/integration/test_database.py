"""The database layer: on SQLite writers queue for the one write lock, and readers never wait for it."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from intake.context import Intake
from intake.db import Database
from intake.models import Report
from tests.factories import submit

SHORT_BUSY_TIMEOUT_MS = 200  # a reader that did wait would fail in a moment, not hang for 30 seconds


@pytest.fixture
def impatient_db(intake: Intake) -> Iterator[Database]:
    """The same database through a second engine whose SQLite connections give up on a lock quickly."""
    db = Database(intake.db.url.render_as_string(hide_password=False))
    if db.is_sqlite:

        @event.listens_for(db.engine, "connect")
        def _impatient(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA busy_timeout={SHORT_BUSY_TIMEOUT_MS}")

    yield db
    db.dispose()


def test_a_reader_reads_while_a_writer_holds_its_transaction_open(intake: Intake, impatient_db: Database) -> None:
    """A staff page or a poller's lookup must not stall (or fail) while a report is being written."""
    submit(intake)
    with impatient_db.begin() as writing:
        writing.execute(Report.__table__.update().values(needs_review=True))  # holds the write lock on SQLite
        with impatient_db.read() as reading:
            committed = reading.scalar(select(func.count()).select_from(Report).where(Report.needs_review))
    assert committed == 0  # the last committed state: the writer's change was not yet committed


def test_in_a_batch_a_failing_item_rolls_back_alone_and_the_rest_commit_together(
    intake: Intake, impatient_db: Database
) -> None:
    """Issue 13 item 4: each service call inside ``batch()`` is a savepoint of one transaction."""
    with intake.db.batch():
        kept = submit(intake, description="The first report of the batch.")
        with pytest.raises(RuntimeError), intake.db.begin() as session:
            session.add(Report(reference="HPG-XXXX-XXXX"))  # would be stored, but the block fails
            raise RuntimeError("a fault in one item")
        submit(intake, description="The second report of the batch.")
        with intake.db.read() as inside:  # reads in the batch see what it wrote ...
            assert inside.scalar(select(func.count()).select_from(Report)) == 2
        with impatient_db.read() as elsewhere:  # ... other connections nothing, until the commit
            assert elsewhere.scalar(select(func.count()).select_from(Report)) == 0
    with intake.db.read() as session:
        assert [r.description for r in session.scalars(select(Report).order_by(Report.id))] == [
            "The first report of the batch.",
            "The second report of the batch.",
        ]
        assert session.scalar(select(Report.reference).where(Report.id == kept.report_id)) == kept.reference


def test_a_batch_that_raises_commits_nothing(intake: Intake) -> None:
    with pytest.raises(RuntimeError), intake.db.batch():
        submit(intake)
        raise RuntimeError("the poller died before the commit")
    with intake.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 0


if os.environ.get("TEST_DATABASE") == "postgresql":  # SQLite has no server to drop a connection

    def test_a_connection_the_server_dropped_while_idle_is_replaced_before_it_is_used(intake: Intake) -> None:
        """Issue 13: no ping before every transaction, but an idle connection is checked, so a server
        restart or a firewall dropping quiet connections costs no report."""
        db = Database(intake.db.url.render_as_string(hide_password=False), idle_ping_seconds=0)
        try:
            with db.read() as session:
                pid = session.scalar(text("SELECT pg_backend_pid()"))
            with intake.db.begin() as admin:
                admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            with db.read() as session:  # the pooled connection is dead; the ping finds out and replaces it
                assert session.scalar(text("SELECT pg_backend_pid()")) != pid
        finally:
            db.dispose()


def _left_in_file(path: Path, marker: bytes, delete_with: Callable[[str], None]) -> bool:
    """Insert and delete a marker through ``delete_with``, checkpoint, and look for it in the file."""
    delete_with(f"INSERT INTO words (text) VALUES ('{marker.decode()}')")
    delete_with("DELETE FROM words")
    with sqlite3.connect(path, isolation_level=None) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return marker in path.read_bytes()


def test_on_sqlite_what_is_deleted_is_overwritten_not_left_in_free_pages(tmp_path: Path) -> None:
    """Issues 16 and 17: an erased report's words must not stay readable in a copy of the file.

    The first half shows the check sees what a build with ``secure_delete`` off leaves behind; the
    second that the app's own connections do not. (Debian's SQLite has it on by default: the app
    turns it on itself for the builds that do not.)
    """
    path = tmp_path / "erase.sqlite3"
    db = Database(f"sqlite:///{path}")
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE words (id INTEGER PRIMARY KEY, text TEXT)"))

    def through_the_app(statement: str) -> None:
        with db.engine.begin() as connection:
            connection.exec_driver_sql(statement)

    def with_secure_delete_off(statement: str) -> None:  # what a build with it off by default does
        with sqlite3.connect(path, isolation_level=None) as connection:
            connection.execute("PRAGMA secure_delete=OFF")
            connection.execute(statement)

    try:
        assert _left_in_file(path, b"zqxwvb-" + os.urandom(4).hex().encode(), with_secure_delete_off)
        assert not _left_in_file(path, b"zqxwvb-" + os.urandom(4).hex().encode(), through_the_app)
    finally:
        db.dispose()
