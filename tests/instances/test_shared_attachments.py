"""Two instances on one database share attachments (ATTACHMENT_STORE=database), not one machine's disk."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from channels.web.answers import COOKIE
from intake.attachments import AttachmentStore
from intake.blob_store import AttachmentChunk, DatabaseStore
from intake.context import Intake
from intake.models import Attachment
from intake.sealing.files import PIECE_BYTES, file_names
from tests.conftest import intake_of, make_test_app
from tests.staff.conftest import client_for
from tests.web.conftest import WEB_SETTINGS, Reporter
from tests.web.files import PDF, png
from tests.web.test_sending import exported
from tests.web.test_uploads import AFTER_UPLOAD, BEFORE_UPLOAD, upload

SHARED = {**WEB_SETTINGS, "ATTACHMENT_STORE": "database"}


@pytest.fixture(scope="module")
def two_apps(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, Flask]]:
    """Two instances of the service: one database, each with its own (unused) attachment folder."""
    first = make_test_app(database_url, tmp_path_factory.mktemp("first"), **SHARED)
    second = make_test_app(database_url, tmp_path_factory.mktemp("second"), **SHARED)
    yield first, second
    first.extensions["intake"].db.dispose()
    second.extensions["intake"].db.dispose()


@pytest.fixture
def second_intake(two_apps: tuple[Flask, Flask]) -> Iterator[Intake]:
    with intake_of(two_apps[1]) as core:
        yield core


def moved_to(client: FlaskClient, other: FlaskClient) -> FlaskClient:
    """The same browser's next request reaches the other instance (a load balancer's choice)."""
    for name in ("session", COOKIE):
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        other.set_cookie(name, cookie.value)
    return other


def test_a_form_started_on_one_instance_is_sent_from_the_other_with_its_files(
    two_apps: tuple[Flask, Flask], second_intake: Intake
) -> None:
    first, second = two_apps
    reporter = Reporter(first.test_client())
    reporter.answer_all(BEFORE_UPLOAD)
    photo = png(b"\x07\x08\x09")
    assert upload(reporter, (photo, "door.png"), (PDF, "letter.pdf"), action="continue").status_code == 302
    reporter.client = moved_to(reporter.client, second.test_client())
    reporter.answer_all(AFTER_UPLOAD)
    assert reporter.send().status_code == 302
    [report] = [
        r for r in exported(second_intake) if r["attachments"] and r["attachments"][0]["filename"] == "door.png"
    ]
    assert [a["digest"] for a in report["attachments"]] == [  # keyed: no plain hash confirms a known file
        file_names(second_intake.keyring, photo)[0],
        file_names(second_intake.keyring, PDF)[0],
    ]
    assert hashlib.sha256(photo).hexdigest() not in str(report)
    for app in two_apps:
        assert not Path(app.config["ATTACHMENT_DIR"]).exists()  # nothing on either machine's disk


@pytest.fixture
def staff_instance(database_url: str, tmp_path: Path) -> Iterator[tuple[Flask, Intake]]:
    """A third instance, for staff (sign-in without the page's CSRF token, as the staff tests do)."""
    app = make_test_app(database_url, tmp_path, ATTACHMENT_STORE="database", WTF_CSRF_ENABLED=False)
    with intake_of(app) as core:
        yield app, core
    core.db.dispose()


def test_staff_download_through_one_instance_what_arrived_through_the_other(
    two_apps: tuple[Flask, Flask], staff_instance: tuple[Flask, Intake]
) -> None:
    first, (staff_app, staff_intake) = two_apps[0], staff_instance
    reporter = Reporter(first.test_client())
    reporter.answer_all(BEFORE_UPLOAD)
    photo = png(b"\x0a\x0b\x0c")
    upload(reporter, (photo, "window.png"), action="continue")
    reporter.answer_all(AFTER_UPLOAD)
    reporter.send()
    with staff_intake.db.read() as session:
        (attachment,) = [a for a in session.scalars(select(Attachment)) if a.filename == "window.png"]  # sealed
        reference, attachment_id = attachment.report.reference, attachment.id
    manager, _ = client_for(staff_app, staff_intake, "manager")
    download = manager.get(f"/staff/reports/{reference}/attachments/{attachment_id}")
    assert download.status_code == 200 and download.data == photo


def test_a_large_file_streams_in_pieces_and_the_same_bytes_are_kept_once(second_intake: Intake) -> None:
    store = AttachmentStore(DatabaseStore(second_intake.db), second_intake.keyring)
    content = bytes(range(256)) * (PIECE_BYTES // 100)  # several pieces, not a whole number of them
    name = store.save(content).storage_name
    assert store.save(content).storage_name == name
    assert store.open(name) == content
    assert len(list(store.stream(name))) > 1  # read back a piece at a time, never all at once
    with second_intake.db.read() as session:
        assert session.scalar(select(func.count()).where(AttachmentChunk.name == name)) == 1 + len(
            list(store.stream(name))
        )


def test_a_forms_held_copy_is_released_without_touching_the_reports_copy(second_intake: Intake) -> None:
    store, holder = AttachmentStore(DatabaseStore(second_intake.db), second_intake.keyring), "ab" * 32
    name = store.save(b"the same bytes").storage_name
    assert store.hold(holder, b"the same bytes").storage_name == name
    store.release_all(holder)
    assert not store.blobs.exists(name, folder=holder)
    assert store.open(name) == b"the same bytes"
    with pytest.raises(FileNotFoundError):
        store.open_held(holder, name)
