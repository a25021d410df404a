"""Running the Alembic migrations from code (``init-db``, tests, benchmarks)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from intake.db import Database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(db: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = db.engine
    return config


def upgrade_to_latest(db: Database) -> None:
    """Create or upgrade the schema to the newest migration of every branch; idempotent."""
    command.upgrade(alembic_config(db), "heads")
