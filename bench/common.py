"""What every benchmark section gets: fresh databases and a place to write its results.

Benchmarks report ratios against a baseline measured in the same run (these machines are
noisy); they never fail the build.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from intake.db import Database
from intake.schema import upgrade_to_latest


@dataclass
class BenchContext:
    pg_admin_url: str
    quick: bool = False  # smaller sizes, for trying a benchmark out

    @contextmanager
    def fresh_database(self, kind: str) -> Iterator[str]:
        """A new, migrated, empty database ("sqlite" or "postgresql"); dropped afterwards."""
        if kind == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
                _migrate(url)
                yield url
            return
        name = f"intake_bench_{secrets.token_hex(4)}"
        admin = create_engine(self.pg_admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(self.pg_admin_url).set(database=name).render_as_string(hide_password=False)
        try:
            _migrate(url)
            yield url
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def _migrate(url: str) -> None:
    db = Database(url)
    upgrade_to_latest(db)
    db.dispose()
