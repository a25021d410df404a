"""Issue 16, first "Done when": after reports through every channel, no copy of the data shows them in clear.

Reports go in through the web form (with a photo), SMS (with a follow-up), email (with a PDF and a
threaded reply), the partner API and portal (with a message), and a telephone report staff record,
then work on its case (a note, a contact-log entry, a message to the reporter); a web form is left
unsent, and a manager records a subject access request. Each carries random markers: a word in its
free text, a person's name, phone number and email address, an address and postcode, words inside an
attachment and in its name, and words in later messages. It all runs twice: attachments in a folder,
then in the database. A postcode counts as found only whole (with or without its space): its outward
code (``ZX12`` of ``ZX12 3AB``) is plain by design, in ``reports.postcode_area``.

None of them may be readable in the database's columns, in a copy of the database (the SQLite file
with its WAL, or a pg_dump), or in the attachment and instance folders, except in the columns
``STILL_PLAIN`` names: what docs/encryption.md lists as not yet encrypted. Each failure lists where
each marker was found: the checklist of what is stored in clear and should not be. A column sealed
later must leave the list, or the last test here fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.engine import make_url

from intake.case_tables import StaffUser
from intake.context import Intake
from intake.partners.tables import PartnerInvitation, PartnerUser
from tests.sealing.conftest import Written, attachment_folder
from tests.sealing.markers import Needle, checklist, describe, found_in, needles
from tests.sealing.places import Findings, scan_columns, scan_folder, scan_pg_dump, scan_sqlite_files

# Not yet sealed (docs/encryption.md, "What is and is not encrypted"): the only columns a marker may be in.
STILL_PLAIN = frozenset({})


def test_the_app_gives_back_every_marker_it_was_given(written: Written) -> None:
    """Without this, a channel that stored nothing (or stored it unreadably) would pass every other test here."""
    given_back = found_in(written.read_back, needles(written.markers))
    missing = {(kind, source) for source, kinds in written.kinds.items() for kind in kinds} - given_back
    assert not missing, f"the app did not give back: {describe(missing)}"


def test_no_marker_is_in_any_column_of_any_table(sealed_intake: Intake, written: Written) -> None:
    findings = scan_columns(sealed_intake.db.engine, needles(written.markers))
    _nothing_found("the database's columns", _not_listed(findings))


def test_every_column_listed_as_still_plain_is_still_plain(sealed_intake: Intake, written: Written) -> None:
    """The list above stays true: a column sealed since must leave it (and docs/encryption.md)."""
    findings = scan_columns(sealed_intake.db.engine, needles(written.markers))
    assert {column for column in STILL_PLAIN if findings.get(column)} == STILL_PLAIN


def test_no_marker_is_in_a_copy_of_the_database(
    sealed_intake: Intake, written: Written, sealed_database_url: str
) -> None:
    """The SQLite file and its WAL as they lie on disk, or what pg_dump writes of the PostgreSQL database."""
    all_needles = needles(written.markers)
    columns = scan_columns(sealed_intake.db.engine, all_needles)
    if make_url(sealed_database_url).get_backend_name() == "sqlite":
        files, place = scan_sqlite_files(sealed_database_url, all_needles), "the SQLite database's files"
        findings = _only_in_lingering_pages(files, columns)
        findings |= _beyond_still_plain(files, columns)
    else:
        findings, place = _not_listed(scan_pg_dump(sealed_database_url, all_needles)), "a pg_dump of the database"
    _nothing_found(place, findings)


def test_no_one_time_code_secret_is_in_clear_in_the_database_or_a_copy_of_it(
    sealed_intake: Intake, written: Written, sealed_database_url: str
) -> None:
    """Every staff and partner account's secret, and each partner invitation's (issue 16), read in clear
    through the app and looked for in every column and in the SQLite files or a pg_dump."""
    with sealed_intake.db.read() as session:
        secrets = {f"staff user {user.id}": user.totp_secret for user in session.scalars(select(StaffUser))}
        secrets |= {f"partner user {user.id}": user.totp_secret for user in session.scalars(select(PartnerUser))}
        secrets |= {f"invitation {i.id}": i.totp_secret for i in session.scalars(select(PartnerInvitation))}
    assert {kind.split(" ")[0] for kind, secret in secrets.items() if secret} == {"staff", "partner", "invitation"}
    secret_needles = [
        Needle("one-time-code secret", whose, (secret.lower().encode(),)) for whose, secret in secrets.items() if secret
    ]
    places = scan_columns(sealed_intake.db.engine, secret_needles)
    if make_url(sealed_database_url).get_backend_name() == "sqlite":
        places |= scan_sqlite_files(sealed_database_url, secret_needles)
    else:
        places |= scan_pg_dump(sealed_database_url, secret_needles)
    found = {place: sorted(source for _, source in found) for place, found in places.items() if found}
    assert not found, f"one-time-code secrets in clear: {found}"


def test_no_marker_is_in_the_attachment_or_instance_folders(sealed_app: Flask, written: Written) -> None:
    all_needles = needles(written.markers)
    findings = scan_folder(attachment_folder(sealed_app), all_needles)
    findings |= scan_folder(Path(sealed_app.instance_path), all_needles)
    _nothing_found("the attachment and instance folders", findings)


def _only_in_lingering_pages(files: Findings, columns: Findings) -> Findings:
    """What a file holds that no row does: deleted rows in free pages, or old page versions in the WAL."""
    in_rows = set().union(*columns.values())
    return {f"{name} (in no row: free pages or old WAL frames)": found - in_rows for name, found in files.items()}


def _not_listed(findings: Findings) -> Findings:
    return {place: found for place, found in findings.items() if place not in STILL_PLAIN}


def _beyond_still_plain(files: Findings, columns: Findings) -> Findings:
    """What a file holds beyond the still-plain columns' markers (the file scan cannot tell columns apart)."""
    allowed = set().union(*(found for column, found in columns.items() if column in STILL_PLAIN))
    return {f"{name} (beyond the still-plain columns)": found - allowed for name, found in files.items()}


def _nothing_found(place: str, findings: Findings) -> None:
    """Fail with the checklist alone: where each marker is, without the scan's every empty place."""
    if any(findings.values()):
        pytest.fail(checklist(place, findings), pytrace=False)
