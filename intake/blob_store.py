"""Where attachment files live: one small interface, a local folder or the shared database.

Every instance of the service must reach every file (issue 18): a report taken by one web
instance is downloaded through another, and an unfinished form's upload on one instance is sent
from the next. The folder suits one machine (the embedded default); the database store keeps
the files in PostgreSQL, a piece a row, beside the reports that name them.

A store keeps what it is given: a file is a sequence of pieces, given a name by the caller, in a
folder (``""`` for the shared files, a holder's hash for a form's own copies). What the pieces
are is ``intake.attachments``'s business: a sealed file's header and its sealed content
(``intake.sealing.files``), so neither store ever holds a file's bytes in clear. Writing a name
that is already there is harmless; the first piece (the header) can be replaced in place, alone.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Integer, LargeBinary, String, delete, exists, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from intake.db import Database
from intake.models import Base

SHARED = ""


class BlobStore(Protocol):
    """Files of pieces, by name, in folders; every method is safe to repeat."""

    def put(self, name: str, pieces: Iterable[bytes], folder: str = SHARED, within: Session | None = None) -> None:
        """Store the pieces as they stream in, under ``name``. A name names one content, so a file already
        there by that name is kept (the database) or replaced by the new copy (the folder): either is the same.

        ``within``: the caller's transaction, for a store that can write in it (the database
        store then commits the file with the report that names it).
        """
        ...

    def open(self, name: str, folder: str = SHARED) -> Iterator[bytes]:
        """The pieces, in order; FileNotFoundError (at once) when there is no file by that name."""
        ...

    def exists(self, name: str, folder: str = SHARED) -> bool: ...

    def delete(self, name: str, folder: str = SHARED) -> None:
        """Forget this file in this folder; nothing else's copy is touched."""
        ...

    def delete_folder(self, folder: str) -> None:
        """Forget every file in a holder's folder (never the shared one)."""
        ...

    def stored(self) -> Iterator[tuple[str, str]]:
        """Every stored file, as (folder, name)."""
        ...

    def first(self, name: str, folder: str = SHARED) -> bytes | None:
        """The file's first piece (its header), or None when there is no such file."""
        ...

    def replace_first(self, name: str, folder: str, old: bytes, new: bytes) -> bool:
        """Put ``new`` in place of the first piece if it is still ``old`` (same length); False if it is not."""
        ...

    def unframed(self, name: str, folder: str = SHARED) -> bytes:
        """The file's bytes as stored, not read as pieces: a file stored before sealing was one whole."""
        ...


def checked(name: str) -> str:
    """Only 64 hex digits (a digest) name a stored file or a holder: never a path from outside."""
    if not _is_name(name):
        raise ValueError("not a storage name")
    return name


class FolderStore:
    """Files on this machine's disk: ``ab/<name>`` shared, ``held/<holder>/<name>`` held.

    Each piece is written after its length (4 bytes, big-endian), so the pieces read back as given.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, name: str, pieces: Iterable[bytes], folder: str = SHARED, within: Session | None = None) -> None:
        path = self.path_for(name, folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
        with os.fdopen(handle, "wb") as file:
            for piece in pieces:
                file.write(len(piece).to_bytes(LENGTH_BYTES, "big"))
                file.write(piece)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)

    def open(self, name: str, folder: str = SHARED) -> Iterator[bytes]:
        file = self.path_for(name, folder).open("rb")
        return _read_pieces(file)

    def exists(self, name: str, folder: str = SHARED) -> bool:
        return self.path_for(name, folder).exists()

    def delete(self, name: str, folder: str = SHARED) -> None:
        self.path_for(name, folder).unlink(missing_ok=True)

    def delete_folder(self, folder: str) -> None:
        shutil.rmtree(self.root / HELD / checked(folder), ignore_errors=True)

    def stored(self) -> Iterator[tuple[str, str]]:
        for path in sorted(self.root.glob("??/*")):
            if _is_name(path.name):
                yield SHARED, path.name
        for path in sorted(self.root.glob(f"{HELD}/*/*")):
            if _is_name(path.name) and _is_name(path.parent.name):
                yield path.parent.name, path.name

    def first(self, name: str, folder: str = SHARED) -> bytes | None:
        try:
            return next(self.open(name, folder), None)
        except FileNotFoundError:
            return None

    def replace_first(self, name: str, folder: str, old: bytes, new: bytes) -> bool:
        """In place (one write of the header's bytes, then fsync): a file deleted meanwhile stays deleted."""
        if len(new) != len(old):
            raise ValueError("a first piece is replaced only by one of the same length")
        try:
            handle = os.open(self.path_for(name, folder), os.O_RDWR)
        except FileNotFoundError:
            return False
        with os.fdopen(handle, "r+b") as file:
            if file.read(LENGTH_BYTES) != len(old).to_bytes(LENGTH_BYTES, "big") or file.read(len(old)) != old:
                return False
            os.pwrite(file.fileno(), new, LENGTH_BYTES)
            os.fsync(file.fileno())
        return True

    def unframed(self, name: str, folder: str = SHARED) -> bytes:
        return self.path_for(name, folder).read_bytes()

    def path_for(self, name: str, folder: str = SHARED) -> Path:
        if folder == SHARED:
            return self.root / checked(name)[:2] / name
        return self._folder(folder) / checked(name)

    def _folder(self, folder: str) -> Path:
        return self.root if folder == SHARED else self.root / HELD / checked(folder)


HELD = "held"
LENGTH_BYTES = 4


def _is_name(name: str) -> bool:
    return re.fullmatch(r"[0-9a-f]{64}", name) is not None


def _read_pieces(file: Any) -> Iterator[bytes]:
    """Each piece as written; a piece cut short is given as far as it goes (its check then fails)."""
    with file:
        while length := file.read(LENGTH_BYTES):
            yield file.read(int.from_bytes(length, "big"))


class AttachmentChunk(Base):
    """A piece of a stored file in the database store, in order by ``chunk`` (0: the sealed file's header)."""

    __tablename__ = "attachment_chunks"

    folder: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    chunk: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class DatabaseStore:
    """Files in the shared database, a piece a row: every instance on every machine reaches them.

    A file streams in under a temporary name and is renamed to its name once the last piece is
    in, in the transaction of the report that names it (or one of its own, for a form's held
    copy); if a file of that name is already there the new copy is dropped, so two writers agree.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    def put(self, name: str, pieces: Iterable[bytes], folder: str = SHARED, within: Session | None = None) -> None:
        if within is not None:
            _put(within, checked(name), pieces, _folder_key(folder))
            return
        with self.db.begin() as session:
            _put(session, checked(name), pieces, _folder_key(folder))

    def open(self, name: str, folder: str = SHARED) -> Iterator[bytes]:
        name, folder = checked(name), _folder_key(folder)
        first = self._chunk(name, folder, 0)
        if first is None:
            raise FileNotFoundError(name)
        return self._rest(name, folder, first)

    def _rest(self, name: str, folder: str, first: bytes) -> Iterator[bytes]:
        yield first
        number = 1
        while (piece := self._chunk(name, folder, number)) is not None:
            yield piece
            number += 1

    def _chunk(self, name: str, folder: str, number: int) -> bytes | None:
        """One chunk per short read, so a slow download never holds a connection."""
        with self.db.read() as session:
            return session.scalar(
                select(AttachmentChunk.data).where(
                    AttachmentChunk.folder == folder, AttachmentChunk.name == name, AttachmentChunk.chunk == number
                )
            )

    def exists(self, name: str, folder: str = SHARED) -> bool:
        return self._chunk(checked(name), _folder_key(folder), 0) is not None

    def delete(self, name: str, folder: str = SHARED) -> None:
        with self.db.begin() as session:
            session.execute(_where(delete(AttachmentChunk), checked(name), _folder_key(folder)))

    def delete_folder(self, folder: str) -> None:
        with self.db.begin() as session:
            session.execute(delete(AttachmentChunk).where(AttachmentChunk.folder == checked(folder)))

    def stored(self) -> Iterator[tuple[str, str]]:
        """Page by page (``LISTED`` a read), so a long walk never holds a connection."""
        after = ("", "")
        while True:
            with self.db.read() as session:
                page = session.execute(_stored_after(after)).all()
            yield from ((row.folder, row.name) for row in page)
            if len(page) < LISTED:
                return
            after = (page[-1].folder, page[-1].name)

    def first(self, name: str, folder: str = SHARED) -> bytes | None:
        return self._chunk(checked(name), _folder_key(folder), 0)

    def replace_first(self, name: str, folder: str, old: bytes, new: bytes) -> bool:
        with self.db.begin() as session:
            statement = _where(update(AttachmentChunk), checked(name), _folder_key(folder))
            result = session.execute(
                statement.where(AttachmentChunk.chunk == 0, AttachmentChunk.data == old).values(data=new)
            )
            return bool(getattr(result, "rowcount", 0))

    def unframed(self, name: str, folder: str = SHARED) -> bytes:
        return b"".join(self.open(name, folder))


LISTED = 500


def _stored_after(after: tuple[str, str]) -> Any:
    folder, name = after
    return (
        select(AttachmentChunk.folder, AttachmentChunk.name)
        .where(
            AttachmentChunk.chunk == 0,
            AttachmentChunk.name.not_like("partial-%"),
            tuple_(AttachmentChunk.folder, AttachmentChunk.name) > tuple_(folder, name),
        )
        .order_by(AttachmentChunk.folder, AttachmentChunk.name)
        .limit(LISTED)
    )


def _put(session: Session, name: str, pieces: Iterable[bytes], folder: str) -> None:
    """Stream in under a temporary name, then take ``name`` unless a file of that name is there already."""
    partial = f"partial-{secrets.token_hex(16)}"
    for number, piece in enumerate(pieces):
        session.add(AttachmentChunk(folder=folder, name=partial, chunk=number, data=piece))
    session.flush()
    stored = exists().where(AttachmentChunk.folder == folder, AttachmentChunk.name == name)
    if session.scalar(select(stored)) or not _renamed(session, partial, name, folder):
        session.execute(_where(delete(AttachmentChunk), partial, folder))


def _renamed(session: Session, partial: str, name: str, folder: str) -> bool:
    """Give the new copy its name; False when another writer stored the same bytes meanwhile."""
    try:
        with session.begin_nested():
            session.execute(_where(update(AttachmentChunk), partial, folder).values(name=name))
    except IntegrityError:
        return False
    return True


def _folder_key(folder: str) -> str:
    return folder if folder == SHARED else checked(folder)


def _where(statement: Any, name: str, folder: str) -> Any:
    return statement.where(AttachmentChunk.folder == folder, AttachmentChunk.name == name)
