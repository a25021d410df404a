"""Migrations: one straight line of numbered revisions, building exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from intake.all_models import metadata
from intake.context import Intake
from intake.schema import alembic_config


def test_the_migrations_are_one_numbered_line(intake: Intake) -> None:
    scripts = ScriptDirectory.from_config(alembic_config(intake.db))
    revisions = [script.revision for script in scripts.walk_revisions()]
    assert scripts.get_heads() == [revisions[0]]
    assert list(reversed(revisions)) == [f"{n:04d}" for n in range(1, len(revisions) + 1)]


def test_the_migrated_database_matches_the_models(intake: Intake) -> None:
    with intake.db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []
