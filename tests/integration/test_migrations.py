"""Migrations: one straight line of numbered revisions, building exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from intake.all_models import metadata
from intake.context import Intake
from intake.drafts import ResponsiblePerson, SafetyFlags
from intake.migrate import alembic_config
from intake.models import PartnerOrganisation, Report
from tests.factories import submit


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


def test_0010_renames_look_alike_organisation_names_so_each_name_is_one_organisations(intake: Intake) -> None:
    """The lowest id keeps its name (trimmed); a later look-alike gets " (duplicate <id>)" so the index builds."""
    config = alembic_config(intake.db)
    command.downgrade(config, "0009")
    try:
        with intake.db.begin() as session:
            for name in ("Eastside Advice ", "EASTSIDE advice", "Westside"):
                session.add(PartnerOrganisation(name=name, kind="other", created_at=intake.clock()))
    finally:
        command.upgrade(config, "heads")
    with intake.db.read() as session:
        rows = session.execute(select(PartnerOrganisation.id, PartnerOrganisation.name).order_by("id")).all()
    second = rows[1].id
    assert [row.name for row in rows] == ["Eastside Advice", f"EASTSIDE advice (duplicate {second})", "Westside"]
    with pytest.raises(IntegrityError), intake.db.begin() as session:
        session.add(PartnerOrganisation(name="westside", kind="other", created_at=intake.clock()))


def test_0012_keeps_old_yes_and_no_and_makes_an_unanswered_one_not_asked(intake: Intake) -> None:
    """Issue 19: booleans stored before 0012 become yes or no; NULL (nobody said) becomes not_asked."""
    reference = submit(
        intake,
        safety=SafetyFlags(injury=True, children_affected=False),
        responsible=ResponsiblePerson(is_tenant=False, known_to_victim=True),
        victim_aware_and_agrees=True,
    ).reference
    config = alembic_config(intake.db)
    command.downgrade(config, "0011")
    command.upgrade(config, "heads")
    with intake.db.read() as session:
        report = session.scalars(select(Report).where(Report.reference == reference)).one()
        said = (
            report.injury,
            report.children_affected,
            report.responsible_is_tenant,
            report.responsible_known_to_victim,
        )
        assert said == ("yes", "no", "no", "yes")
        assert (report.responsible_is_staff, report.responsible_lives_nearby) == ("not_asked", "not_asked")
        assert report.victim_aware_and_agrees == "yes"
