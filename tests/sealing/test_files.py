"""Raw inbound items and attachment files at rest: never in clear, rewrapped by rotate-keys, tamper-evident."""

from __future__ import annotations

import hashlib
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update

from intake.attachments import AttachmentStore
from intake.blob_store import AttachmentChunk, BlobStore, DatabaseStore, FolderStore
from intake.context import Intake
from intake.drafts import AttachmentDraft
from intake.models import Attachment, InboundItem
from intake.sealing import SealBroken
from intake.sealing.files import FILE_MAGIC, PIECE_BYTES, file_names
from tests.conftest import encryption_keys_json, intake_of, make_test_app
from tests.factories import submit
from tests.raw_items import raw_items


@pytest.fixture
def marker() -> bytes:
    """A word found nowhere else: if it is anywhere at rest, it was stored in clear."""
    return f"periwinkle-{secrets.token_hex(6)}".encode()


@pytest.fixture(params=["folder", "database"])
def store(request: pytest.FixtureRequest, intake: Intake, tmp_path: Path) -> AttachmentStore:
    """Each attachment store, sealing under the test keys."""
    blobs: BlobStore = FolderStore(tmp_path / "files") if request.param == "folder" else DatabaseStore(intake.db)
    return AttachmentStore(blobs, intake.keyring)


def everything_at_rest(intake: Intake, folder: Path | None = None) -> bytes:
    """The SQLite file (with its journal), or every raw item and chunk row; and a folder's files."""
    found = b""
    url = intake.db.url
    if url.get_backend_name() == "sqlite":
        # Read by another process: closing a descriptor of the database file in this one would drop
        # SQLite's POSIX locks for every connection here (and break the tests that follow).
        database = Path(str(url.database))
        files = sorted(str(path) for path in database.parent.glob(database.name + "*"))
        found += subprocess.run(["cat", *files], capture_output=True, check=True).stdout
    with intake.db.read() as session:
        found += b"".join(session.scalars(select(InboundItem.raw)))
        found += b"".join(session.scalars(select(AttachmentChunk.data)))
    if folder is not None:
        found += b"".join(path.read_bytes() for path in folder.rglob("*") if path.is_file())
    return found


def test_raw_items_and_attachment_files_hold_no_marker_at_rest(intake: Intake, marker: bytes) -> None:
    photo = b"\x89PNG\r\n\x1a\n" + marker * 3
    submit(
        intake,
        raw=b"Body=" + marker,
        description="Words kept apart from the marker.",
        attachments=(AttachmentDraft("photo.png", photo),),
    )
    database_store = AttachmentStore(DatabaseStore(intake.db), intake.keyring)
    database_store.save(b"a document: " + marker)
    folder = intake.attachments.blobs
    assert isinstance(folder, FolderStore)

    assert marker not in everything_at_rest(intake, folder.root)
    assert raw_items(intake) == [b"Body=" + marker]  # read back through the item's own key
    with intake.db.read() as session:
        (stored,) = [a for a in session.scalars(select(Attachment)) if a.filename == "photo.png"]
    assert intake.attachments.open(stored.storage_name) == photo
    assert stored.storage_name != hashlib.sha256(photo).hexdigest()  # a keyed digest, not a hash anyone can make


def test_a_raw_item_moved_to_another_item_does_not_open(intake: Intake) -> None:
    submit(intake, raw=b"Body=first")
    submit(intake, raw=b"Body=second")
    with intake.db.begin() as session:
        first, second = session.scalars(select(InboundItem).order_by(InboundItem.id)).all()
        session.execute(update(InboundItem).where(InboundItem.id == second.id).values(raw=first.raw))
    with pytest.raises(SealBroken):
        raw_items(intake)


def test_the_same_bytes_twice_make_one_file_and_each_file_has_its_own_key(store: AttachmentStore) -> None:
    first, again = store.save(b"the same bytes"), store.save(b"the same bytes")
    other = store.save(b"other bytes")
    assert first.storage_name == again.storage_name != other.storage_name
    assert store.open(first.storage_name) == b"the same bytes"
    held = store.hold("cd" * 32, b"the same bytes")
    assert held.storage_name == first.storage_name
    headers = {store.blobs.first(name, folder) for folder, name in store.blobs.stored()}
    assert len(headers) == 3 and all(header and header.startswith(FILE_MAGIC) for header in headers)


def test_empty_and_many_piece_files_round_trip(store: AttachmentStore) -> None:
    large = secrets.token_bytes(PIECE_BYTES * 2 + 1000)
    for content in (b"", large):
        name = store.save(content).storage_name
        assert store.open(name) == content
    assert len(list(store.stream(store.save(large).storage_name))) == 3


def pieces_of(store: AttachmentStore, name: str) -> list[bytes]:
    return list(store.blobs.open(name))


def rewritten(store: AttachmentStore, name: str, pieces: list[bytes]) -> None:
    store.blobs.delete(name)
    store.blobs.put(name, pieces)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda pieces: pieces[:-1], "cut short"),
        (lambda pieces: [pieces[0], pieces[2], pieces[1], pieces[3]], "does not open"),
        (lambda pieces: [*pieces, pieces[-1]], "after its last"),
        (lambda pieces: [pieces[0], pieces[1][:-1] + bytes([pieces[1][-1] ^ 1]), *pieces[2:]], "does not open"),
    ],
    ids=["truncated", "pieces-swapped", "piece-added", "byte-flipped"],
)
def test_a_tampered_file_fails_to_open_and_never_reads_as_other_bytes(
    store: AttachmentStore, change: object, problem: str
) -> None:
    name = store.save(secrets.token_bytes(PIECE_BYTES * 2 + 10)).storage_name
    pieces = pieces_of(store, name)
    assert len(pieces) == 4  # the header and three pieces
    rewritten(store, name, change(pieces))  # type: ignore[operator]
    with pytest.raises(SealBroken, match=problem):
        store.open(name)


def test_a_file_moved_to_another_name_does_not_open(store: AttachmentStore) -> None:
    first, second = store.save(b"first file").storage_name, store.save(b"second file").storage_name
    rewritten(store, second, pieces_of(store, first))
    with pytest.raises(SealBroken):
        store.open(second)


def test_a_file_cut_inside_a_piece_on_disk_fails_to_open(intake: Intake, tmp_path: Path) -> None:
    folder = FolderStore(tmp_path / "files")
    store = AttachmentStore(folder, intake.keyring)
    name = store.save(secrets.token_bytes(5000)).storage_name
    path = folder.path_for(name)
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(SealBroken):
        store.open(name)


@pytest.fixture
def rotating(database_url: str, tmp_path: Path) -> Iterator[tuple[Flask, Intake]]:
    flask_app = make_test_app(database_url, tmp_path, ENCRYPTION_KEYS=encryption_keys_json(("test", 2), ("test", 1)))
    with intake_of(flask_app) as core:
        yield flask_app, core
    core.db.dispose()


@pytest.mark.parametrize("kind", ["folder", "database"])
def test_rotate_keys_rewraps_file_headers_and_the_old_key_can_then_be_removed(
    intake: Intake, rotating: tuple[Flask, Intake], database_url: str, tmp_path: Path, kind: str
) -> None:
    rotating_app, core = rotating

    def store_with(keyring_of: Intake) -> AttachmentStore:
        blobs = FolderStore(tmp_path / "rotated") if kind == "folder" else DatabaseStore(keyring_of.db)
        return AttachmentStore(blobs, keyring_of.keyring)

    old = store_with(intake)  # only version 1
    contents = [secrets.token_bytes(size) for size in (0, 10, PIECE_BYTES + 1)]
    names = [old.save(content).storage_name for content in contents]
    held = old.hold("ef" * 32, b"held by a form")
    new = store_with(core)
    before = {name: pieces_of(new, name)[1:] for name in names}

    assert new.rotate_keys() == 4
    assert new.rotate_keys() == 0  # a rerun has nothing left
    assert {name: pieces_of(new, name)[1:] for name in names} == before  # no content sealed again

    only_new = make_test_app(database_url, tmp_path, ENCRYPTION_KEYS=encryption_keys_json(("test", 2)))
    after = store_with(only_new.extensions["intake"])
    assert [after.open(name) for name in names] == contents
    assert after.open_held("ef" * 32, held.storage_name) == b"held by a form"
    assert file_names(intake.keyring, b"x") == file_names(after.keyring, b"x")  # names stay: the index key is apart
    only_new.extensions["intake"].db.dispose()
    del rotating_app


def test_the_rotate_keys_command_reports_the_files_it_rewrapped(rotating: tuple[Flask, Intake], intake: Intake) -> None:
    rotating_app, core = rotating
    AttachmentStore(core.attachments.blobs, intake.keyring).save(b"kept under version 1")  # in its folder
    result = rotating_app.test_cli_runner().invoke(args=["rotate-keys"])
    assert result.exit_code == 0, result.output
    assert ", 1 attachment files under key-encryption key test version 2; none left" in result.output


def stored_before_sealing(store: AttachmentStore, content: bytes) -> str:
    """A file as the stores kept one before sealing: whole, in clear, named by its SHA-256."""
    name = hashlib.sha256(content).hexdigest()
    if isinstance(store.blobs, FolderStore):
        path = store.blobs.path_for(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    else:
        store.blobs.put(name, [content])  # one chunk, as a small file was
    return name


def test_a_file_stored_before_sealing_still_opens_unless_it_was_altered(store: AttachmentStore) -> None:
    name = stored_before_sealing(store, b"\x89PNG from before sealing")
    assert store.open(name) == b"\x89PNG from before sealing"
    assert store.rotate_keys() == 0  # it has no key to rewrap
    altered = stored_before_sealing(store, b"\x89PNG another")
    store.blobs.delete(altered)
    store.blobs.put(altered, [b"\x89PNG not what was stored"])
    with pytest.raises(SealBroken, match="is not a sealed file"):
        store.open(altered)
