"""A report's postcode is sealed under its key; its outward code stays plain for the area figures (issue 16).

The whole postcode is found through its keyed digest (``postcode_index``): duplicate hints, the
queue's flags, repeat locations. A database from before keeps plain postcodes that read as they are
until ``encrypt-existing`` seals them and fills their digests.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from flask import Flask
from sqlalchemy import select, text, update

from config import CONFIG_DIR
from intake.casework.read_side import possible_duplicates
from intake.context import Intake
from intake.data_protection.purge import purge_case
from intake.data_protection.schedule import load_schedule
from intake.migrate import alembic_config
from intake.models import Report
from intake.queries import QueueFilters, queue_page
from intake.sealing import PLACEHOLDER, SEALED, SealBroken, is_full_postcode, postcode_area
from tests.conftest import FixedClock, encryption_keys_json, make_test_app
from tests.data_protection.support import closed_case
from tests.factories import submit
from tests.sealing.test_data_keys import new_case
from tests.staff.conftest import make_staff

POSTCODE = "M14 5TQ"


def stored_row(intake: Intake, reference: str) -> tuple[str | None, str | None, str | None]:
    """The postcode, area and digest as the database holds them."""
    table = Report.__table__
    with intake.db.read() as session:
        row = session.execute(
            select(table.c.postcode, table.c.postcode_area, table.c.postcode_index).where(
                table.c.reference == reference
            )
        ).one()
    return row.postcode, row.postcode_area, row.postcode_index


def postcode_of(intake: Intake, reference: str) -> str | None:
    with intake.db.read() as session:
        return session.scalars(select(Report).where(Report.reference == reference)).one().postcode


def test_the_postcode_is_sealed_the_area_plain_and_equal_postcodes_share_a_digest(intake: Intake) -> None:
    first = str(submit(intake, postcode=POSTCODE).reference)
    second = str(submit(intake, postcode="m14 5tq").reference)  # the channels normalise it to M14 5TQ
    elsewhere = str(submit(intake, postcode="M14 6AA").reference)
    stored, area, digest = stored_row(intake, first)
    assert stored is not None and stored.startswith(SEALED) and "5TQ" not in stored
    assert area == "M14" and digest
    assert postcode_of(intake, first) == POSTCODE
    assert stored_row(intake, second)[2] == digest  # the same postcode: the same digest
    assert stored_row(intake, elsewhere)[1:] == ("M14", stored_row(intake, elsewhere)[2])
    assert stored_row(intake, elsewhere)[2] != digest


def test_a_report_without_a_postcode_has_no_area_and_no_digest(intake: Intake) -> None:
    reference = str(submit(intake, postcode=None).reference)
    assert stored_row(intake, reference) == (None, None, None)
    assert postcode_of(intake, reference) is None


def test_a_postcode_moved_to_another_report_does_not_open(intake: Intake) -> None:
    first = str(submit(intake, postcode=POSTCODE).reference)
    second = str(submit(intake, postcode="LS1 4AP").reference)
    moved = stored_row(intake, first)[0]
    with intake.db.begin() as session:
        session.execute(update(Report.__table__).where(Report.__table__.c.reference == second).values(postcode=moved))
    with pytest.raises(SealBroken):
        postcode_of(intake, second)


def test_a_destroyed_key_reads_the_placeholder_and_the_area_stays(app: Flask, intake: Intake) -> None:
    reference = str(submit(intake, postcode=POSTCODE).reference)
    new_case(intake, reference)
    result = app.test_cli_runner().invoke(args=["destroy-data-key", "--case", reference, "--yes"])
    assert result.exit_code == 0, result.output
    assert postcode_of(intake, reference) == PLACEHOLDER
    assert stored_row(intake, reference)[1] == "M14"  # the area figures still count it


def test_the_area_is_the_outward_code_and_never_free_text() -> None:
    assert [postcode_area(code) for code in ("M14 5TQ", "sw1a1aa", "M1 1AA", "M14", "E1 6AN")] == [
        "M14",
        "SW1A",
        "M1",
        "M14",
        "E1",
    ]
    assert postcode_area("NEAR THE PARK") is None and postcode_area("") is None and postcode_area(None) is None
    assert is_full_postcode("m14 5tq") and is_full_postcode("M145TQ") and not is_full_postcode("M14 5")


def test_a_database_from_before_gets_its_areas_and_its_postcodes_sealed_by_encrypt_existing(
    app: Flask, intake: Intake
) -> None:
    reference = str(submit(intake, postcode=POSTCODE).reference)
    twin = str(submit(intake, postcode=POSTCODE).reference)
    digest = stored_row(intake, reference)[2]
    config = alembic_config(intake.db)
    command.downgrade(config, "0022")
    try:
        with intake.db.begin() as session:  # a postcode as a database from before issue 16 holds it
            session.execute(text("UPDATE reports SET postcode = 'M14 5TQ'"))
    finally:
        command.upgrade(config, "heads")
    assert stored_row(intake, reference) == (POSTCODE, "M14", None)  # the migration fills the area
    assert postcode_of(intake, reference) == POSTCODE  # plain: it reads as it is

    result = app.test_cli_runner().invoke(args=["encrypt-existing"])
    assert result.exit_code == 0, result.output
    stored, area, index = stored_row(intake, reference)
    assert stored is not None and stored.startswith(SEALED) and area == "M14" and index == digest
    assert stored_row(intake, twin)[2] == digest
    assert postcode_of(intake, reference) == POSTCODE


def test_a_report_in_a_purged_case_keeps_only_its_area(intake: Intake, clock: FixedClock) -> None:
    """The retention purge blanks the digest (a postcode's digest is the postcode to whoever holds the
    index key) and keeps the outward code, plain, where the postcode was: the figures do not change."""
    clock.now = datetime(2020, 3, 10, 10, 0, tzinfo=UTC)
    manager = make_staff(intake, "manager")
    case = closed_case(intake, manager)
    clock.now = datetime(2026, 3, 11, 10, 0, tzinfo=UTC)
    purge_case(intake, manager.user, case, load_schedule(CONFIG_DIR / "retention.toml"))
    with intake.db.read() as session:
        rows = session.execute(select(Report.__table__.c.postcode, Report.postcode_area, Report.postcode_index))
        assert {tuple(row) for row in rows} == {("E1", "E1", None), (None, None, None)}  # the witness gave none


def test_while_an_index_key_rotates_in_the_same_postcode_is_still_a_possible_duplicate(
    intake: Intake, database_url: str, tmp_path: Path
) -> None:
    """Duplicate hints and the queue's flag match a postcode under every blind-index key listed."""
    older = str(submit(intake, postcode=POSTCODE).reference)
    rotating = make_test_app(
        database_url, tmp_path, ENCRYPTION_KEYS=encryption_keys_json(("test", 1), index_versions=(2, 1))
    ).extensions["intake"]
    try:
        newer = str(submit(rotating, postcode=POSTCODE).reference)
        assert stored_row(rotating, older)[2] != stored_row(rotating, newer)[2]  # digests under two index keys
        with rotating.db.read() as session:
            report = session.scalars(select(Report).where(Report.reference == newer)).one()
            hints = possible_duplicates(session, report, include_restricted=True)
            rows = queue_page(session, filters=QueueFilters())
        assert [(hint.reference, hint.why) for hint in hints] == [(older, "same postcode within 14 days")]
        assert {row.reference for row in rows if row.possible_duplicate} == {older, newer}
    finally:
        rotating.db.dispose()
