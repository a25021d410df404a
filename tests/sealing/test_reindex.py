"""A blind-index key rotated in: ``reindex`` recomputes the old digests so the old index key can go."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from channels.sms.tables import InboundReply
from intake.context import Intake
from intake.drafts import Contact, ResponsiblePerson
from intake.models import Base, Party, Report
from intake.monitoring.bases import Scope
from intake.monitoring.repeats import VICTIMS, how_many
from intake.public import matching_sender
from intake.sealing.reindex import BY_CHANNELS, INDEXED
from tests.conftest import encryption_keys_json, make_test_app
from tests.factories import submit
from tests.sealing.test_reseal import a_case
from tests.sms.conftest import RESIDENT, Phone, sms_settings
from tests.sms.twilio_standin import TwilioStandIn

PHONE = "+447700900123"


def victim_report(intake: Intake) -> str:
    return str(
        submit(
            intake,
            reporter_role="victim",
            reporter=Contact(name="Ada Periwinkle", phone=PHONE, address="1 High Street, LS1 1AA"),
            location="Outside 1 High Street",
            responsible=ResponsiblePerson(description="The man at number 3"),
        ).reference
    )


def app_with_index_keys(database_url: str, tmp_path: Path, *versions: int, **settings: Any) -> Flask:
    keys = encryption_keys_json(("test", 1), index_versions=versions)
    return make_test_app(database_url, tmp_path, ENCRYPTION_KEYS=keys, **settings)


def phone_indexes(intake: Intake) -> list[str | None]:
    with intake.db.read() as session:
        return list(session.scalars(select(Party.phone_index).order_by(Party.id)))


def repeat_victims(intake: Intake) -> int | None:
    now = intake.clock()
    with intake.db.read() as session:
        return how_many(session, Scope(now - timedelta(days=1), now + timedelta(days=1), now))[VICTIMS]


def test_every_stored_index_column_is_recomputed_by_the_core_or_its_channel() -> None:
    covered = {(table.model.__tablename__, column) for table in INDEXED for column in table.sources}
    covered |= {(name, column) for name, columns in BY_CHANNELS.items() for column in columns}
    indexes = {(table.name, column.name) for table in Base.metadata.tables.values() for column in table.columns}
    assert {place for place in indexes if place[1].endswith("_index")} <= covered


def test_after_reindex_one_number_is_one_person_again_and_the_old_index_key_can_go(
    intake: Intake, database_url: str, tmp_path: Path
) -> None:
    victim_report(intake)
    rotating_app = app_with_index_keys(database_url, tmp_path, 2, 1)
    rotating = rotating_app.extensions["intake"]
    victim_report(rotating)
    first, second = phone_indexes(intake)
    assert first and second and first.startswith("1:") and second.startswith("2:")
    assert repeat_victims(rotating) == 0  # the same number under two index keys: two people

    runner = rotating_app.test_cli_runner()
    part = runner.invoke(args=["reindex", "--batch", "1", "--batches", "1"])
    assert part.exit_code == 0, part.output
    assert "recomputed 2 indexes under blind-index key version 2; left 0" in part.output  # the first report's
    assert phone_indexes(intake)[0] == first  # stopped before the parties
    rest = runner.invoke(args=["reindex"])
    assert "recomputed 3 indexes under blind-index key version 2; left 0" in rest.output  # phone, name, postcode
    assert "recomputed 0 indexes" in runner.invoke(args=["reindex"]).output

    assert phone_indexes(intake) == [second, second]
    assert repeat_victims(rotating) == 1
    only_new = app_with_index_keys(database_url, tmp_path, 2).extensions["intake"]
    with only_new.db.read() as session:
        found = session.scalars(
            select(Party.id).where(Party.phone_index.in_(only_new.keyring.index.matching("phone", PHONE)))
        )
        assert len(list(found)) == 2
        places = set(session.scalars(select(Report.location_index)))
        assert places == {only_new.keyring.index.of("place", "outside 1 high street")}
    rotating.db.dispose()
    only_new.db.dispose()


def test_an_index_whose_value_cannot_be_opened_is_left_as_it_is(
    app: Flask, intake: Intake, database_url: str, tmp_path: Path
) -> None:
    case_reference, _ = a_case(intake)
    assert app.test_cli_runner().invoke(args=["destroy-data-key", "--case", case_reference, "--yes"]).exit_code == 0
    before = phone_indexes(intake)
    rotating_app = app_with_index_keys(database_url, tmp_path, 2, 1)

    result = rotating_app.test_cli_runner().invoke(args=["reindex"])

    assert "recomputed 0 indexes under blind-index key version 2; left 6" in result.output
    assert phone_indexes(intake) == before
    rotating_app.extensions["intake"].db.dispose()


def test_the_sms_channel_reindexes_its_senders_from_their_raw_texts(
    intake: Intake, database_url: str, tmp_path: Path, twilio_stand_in: TwilioStandIn
) -> None:
    sms = sms_settings(twilio_stand_in)
    old_app = app_with_index_keys(database_url, tmp_path, 1, **sms)
    assert Phone(old_app.test_client()).text("They shouted at me in the street.").status_code == 200
    rotating_app = app_with_index_keys(database_url, tmp_path, 2, 1, **sms)
    Phone(rotating_app.test_client()).text("It happened again.")
    with intake.db.read() as session:
        before = list(session.scalars(select(InboundReply.address).order_by(InboundReply.id)))
    assert [address[:2] for address in before] == ["1:", "2:"]

    result = rotating_app.test_cli_runner().invoke(args=["reindex"])

    # the reporter's phone (on the party) and the first text's sender (on inbound_replies)
    assert "recomputed 2 indexes under blind-index key version 2; left 0" in result.output
    only_new = app_with_index_keys(database_url, tmp_path, 2, **sms).extensions["intake"]
    with only_new.db.read() as session:
        matching = matching_sender(only_new.keyring.index, RESIDENT)
        assert len(list(session.scalars(select(InboundReply.id).where(InboundReply.address.in_(matching))))) == 2
    for flask_app in (old_app, rotating_app):
        flask_app.extensions["intake"].db.dispose()
    only_new.db.dispose()
