"""A stolen copy of the database shows none of a report's words (issue 16's "done when", for what is sealed so far).

Reports arrive through the web form and the SMS webhook carrying a marker word, a name, an email
and a phone number; then the bytes of
the SQLite file, or a ``pg_dump`` of the PostgreSQL database, are searched for it. Only the tables
whose columns are sealed so far are searched (``reports``, ``messages``, ``parties``): raw inbound items and
attachments are encrypted by other work, and still hold the marker in clear (docs/encryption.md).
"""

from __future__ import annotations

import glob
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.engine import make_url

from intake.context import Intake
from intake.models import Message, Party, Report
from tests.conftest import intake_of, make_test_app
from tests.sms.conftest import Phone, sms_settings
from tests.sms.twilio_standin import TwilioStandIn
from tests.web.conftest import WEB_SETTINGS, Reporter
from tests.web.journeys import THIRD_PARTY

MARKER = "Quetzalcoatlus"
SEALED_TABLES = ("reports", "messages", "parties")
NAME, EMAIL, PHONE = "Ottoline Brackenbury", "ottoline.brackenbury@example.org", "07700 900456"


@pytest.fixture(scope="module")
def both_channels(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    twilio = TwilioStandIn("AC" + "0" * 32, "test-auth-token-0123456789abcdef").start()
    settings = {**WEB_SETTINGS, **sms_settings(twilio), "CHANNELS": "channels.web,channels.sms"}
    app = make_test_app(database_url, tmp_path_factory.mktemp("at-rest"), **settings)
    yield app
    app.extensions["intake"].db.dispose()
    twilio.stop()


@pytest.fixture
def core(both_channels: Flask) -> Iterator[Intake]:
    with intake_of(both_channels) as intake:
        yield intake


def with_marker(journey: list[tuple[str, dict[str, object]]]) -> list[tuple[str, dict[str, object]]]:
    marked = {
        "in-your-own-words": {"description": f"{MARKER} pushed my client at the bus stop."},
        "place": {"area": f"{MARKER} estate"},
        "when": {"occurred_on": ["", "", ""], "occurred_text": f"The night {MARKER} came"},
        "your-name": {"name": NAME},
        "contact-methods": {"methods": ["email", "sms"], "email": EMAIL, "phone": PHONE, "safe_times": ""},
    }
    return [(slug, marked.get(slug, answers)) for slug, answers in journey]


def test_neither_the_database_file_nor_a_dump_shows_a_reports_words(
    both_channels: Flask, core: Intake, database_url: str, tmp_path: Path
) -> None:
    reporter = Reporter(both_channels.test_client())
    reporter.answer_all(with_marker(THIRD_PARTY))
    reporter.send()
    phone = Phone(both_channels.test_client(), number="+447700900456")
    phone.text(f"They wrote {MARKER} on my door again")
    phone.text(f"And {MARKER} came back tonight")

    with core.db.read() as session:  # what staff read: every word, opened
        reports = list(session.scalars(select(Report)))
        words = [r.description for r in reports] + [m.text for m in session.scalars(select(Message))]
        people = [(p.name, p.email, p.phone) for p in session.scalars(select(Party))]
    assert len(words) == 3 and all(MARKER in text for text in words)
    assert (NAME, EMAIL, "+447700900456") in people and (None, None, "+447700900456") in people
    stolen = stored_bytes(database_url, tmp_path)
    assert all(report.reference.encode() in stolen for report in reports)  # what is plain is there to see
    clear = [MARKER, NAME, EMAIL, "7700900456", "07700 900456", "Brackenbury"]
    assert [word for word in clear if word.encode() in stolen] == []


def stored_bytes(database_url: str, tmp_path: Path) -> bytes:
    """What a thief of the database would hold of the sealed tables: the file's bytes, or a dump."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_file_of_sealed_tables(Path(str(url.database)), tmp_path)
    tables = [f"--table={name}" for name in SEALED_TABLES]
    dump = subprocess.run(
        [_pg_dump(), "--data-only", *tables, url.set(drivername="postgresql").render_as_string(hide_password=False)],
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert b"COPY public.reports" in dump.stdout
    return dump.stdout


def _sqlite_file_of_sealed_tables(database: Path, tmp_path: Path) -> bytes:
    """A copy of the file holding only the sealed tables, vacuumed so nothing deleted lingers in its pages."""
    copy = tmp_path / "copy.sqlite3"
    with sqlite3.connect(database) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    connection = sqlite3.connect(copy)
    connection.execute("PRAGMA foreign_keys=OFF")
    names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for name in names:
        if name not in SEALED_TABLES and not name.startswith("sqlite_"):
            connection.execute(f'DELETE FROM "{name}"')
    connection.commit()
    connection.execute("VACUUM")
    connection.close()
    return copy.read_bytes()


def _pg_dump() -> str:
    found = shutil.which("pg_dump") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))), None)
    assert found is not None, "pg_dump is needed to check a dump of the PostgreSQL database"
    return found
