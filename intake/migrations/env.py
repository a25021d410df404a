"""Alembic environment: the engine comes from the app (init-db, tests) or from settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from config import database_url
from intake.all_models import metadata
from intake.db import Database

target_metadata = metadata


def _engine() -> Engine:
    engine = context.config.attributes.get("engine")
    if engine is not None:
        return engine  # type: ignore[no-any-return]
    return Database(database_url()).engine


def run_migrations_online() -> None:
    engine = _engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
