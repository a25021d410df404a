"""Where attachment bytes live: one small interface, a local folder or the shared database.

Every instance of the service must reach every file (issue 18): a report taken by one web
instance is downloaded through another, and an unfinished form's upload on one instance is sent
from the next. The folder suits one machine (the embedded default); the database store keeps
the bytes in PostgreSQL, in chunks, beside the reports that name them. Both name a file by the
SHA-256 of its content, so writing the same bytes twice is harmless, and both keep files in
folders: ``""`` for the shared, content-named files, a holder's hash for a form's own copies.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Integer, LargeBinary, String, delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from intake.db import Database
from intake.models import Base

CHUNK_BYTES = 256 * 1024
SHARED = ""


class BlobStore(Protocol):
    """Bytes named by their SHA-256, in folders; every method is safe to repeat."""

    def put(self, chunks: Iterable[bytes], folder: str = SHARED, within: Session | None = None) -> str:
        """Store the bytes as they stream in; their SHA-256 (hex), which names them.

        ``within``: the caller's transaction, for a store that can write in it (the database
        store then commits the bytes with the report that names them).
        """
        ...

    def open(self, name: str, folder: str = SHARED) -> Iterator[bytes]:
        """The bytes, a chunk at a time; FileNotFoundError when there are none by that name."""
        ...

    def exists(self, name: str, folder: str = SHARED) -> bool: ...

    def delete(self, name: str, folder: str = SHARED) -> None:
        """Forget these bytes in this folder; nothing else's copy is touched."""
        ...

    def delete_folder(self, folder: str) -> None:
        """Forget every file in a holder's folder (never the shared one)."""
        ...


def checked(name: str) -> str:
    """Only a SHA-256 in hex names a stored file or a holder: never a path from outside."""
    if not re.fullmatch(r"[0-9a-f]{64}", name):
        raise ValueError("not a storage name")
    return name


class FolderStore:
    """Files on this machine's disk: ``ab/<sha256>`` shared, ``held/<holder>/<sha256>`` held."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, chunks: Iterable[bytes], folder: str = SHARED, within: Session | None = None) -> str:
        directory = self._folder(folder)
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=directory)
        digest = hashlib.sha256()
        with os.fdopen(handle, "wb") as file:
            for chunk in chunks:
                digest.update(chunk)
                file.write(chunk)
            file.flush()
            os.fsync(file.fileno())
        path = self.path_for(digest.hexdigest(), folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temporary, path)
        return digest.hexdigest()

    def open(self, name: str, folder: str = SHARED) -> Iterator[bytes]:
        file = self.path_for(name, folder).open("rb")
        return _read_in_chunks(file)

    def exists(self, name: str, folder: str = SHARED) -> bool:
        return self.path_for(name, folder).exists()

    def delete(self, name: str, folder: str = SHARED) -> None:
        self.path_for(name, folder).unlink(missing_ok=True)

    def delete_folder(self, folder: str) -> None:
        shutil.rmtree(self.root / HELD / checked(folder), ignore_errors=True)

    def path_for(self, name: str, folder: str = SHARED) -> Path:
        if folder == SHARED:
            return self.root / checked(name)[:2] / name
        return self._folder(folder) / checked(name)

    def _folder(self, folder: str) -> Path:
        return self.root if folder == SHARED else self.root / HELD / checked(folder)


HELD = "held"


def _read_in_chunks(file: Any) -> Iterator[bytes]:
    with file:
        while chunk := file.read(CHUNK_BYTES):
            yield chunk


class AttachmentChunk(Base):
    """A piece of an attachment's bytes in the database store, in order by ``chunk``."""

    __tablename__ = "attachment_chunks"

    folder: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    chunk: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class DatabaseStore:
    """Bytes in the shared database, in chunks: every instance on every machine reaches them.

    A file streams in under a temporary name and is renamed to its SHA-256 once the last chunk
    is in, in the transaction of the report that names it (or one of its own, for a form's held
    copy); if the same bytes are already there the new copy is dropped, so two writers agree.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    def put(self, chunks: Iterable[bytes], folder: str = SHARED, within: Session | None = None) -> str:
        if within is not None:
            return _put(within, chunks, _folder_key(folder))
        with self.db.begin() as session:
            return _put(session, chunks, _folder_key(folder))

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


def _put(session: Session, chunks: Iterable[bytes], folder: str) -> str:
    """Stream in under a temporary name, then take the SHA-256 name unless those bytes are there already."""
    partial, digest = f"partial-{secrets.token_hex(16)}", hashlib.sha256()
    for number, piece in enumerate(_rechunked(chunks)):
        digest.update(piece)
        session.add(AttachmentChunk(folder=folder, name=partial, chunk=number, data=piece))
    session.flush()
    name = digest.hexdigest()
    stored = exists().where(AttachmentChunk.folder == folder, AttachmentChunk.name == name)
    if session.scalar(select(stored)) or not _renamed(session, partial, name, folder):
        session.execute(_where(delete(AttachmentChunk), partial, folder))
    return name


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


def _rechunked(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The stream in pieces of at most CHUNK_BYTES; one empty piece for empty content."""
    if isinstance(chunks, bytes):
        chunks = [chunks]
    produced = False
    for chunk in chunks:
        for start in range(0, len(chunk), CHUNK_BYTES):
            produced = True
            yield chunk[start : start + CHUNK_BYTES]
    if not produced:
        yield b""
