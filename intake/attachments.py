"""Attachment files: stored under generated names, typed by their content, never by their name."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import filetype

MAX_FILENAME_LENGTH = 200


@dataclass(frozen=True)
class StoredFile:
    storage_name: str
    sha256: str
    size: int
    content_type: str


class AttachmentStore:
    """A folder of files named by the SHA-256 of their content: writing twice is harmless.

    Reports' files live in the shared, content-named part and are never deleted by a form.
    Files an unfinished form holds live apart, one folder per holder (``held/<holder>/``), so
    clearing one form can never take a file that another form, or a report being sent, still
    needs, even when both hold the same bytes.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, content: bytes) -> StoredFile:
        digest = hashlib.sha256(content).hexdigest()
        path = self.path_for(digest)
        if not path.exists():
            _write_atomically(path, content)
        return StoredFile(digest, digest, len(content), sniff_content_type(content))

    def open(self, storage_name: str) -> bytes:
        return self.path_for(storage_name).read_bytes()

    def path_for(self, storage_name: str) -> Path:
        return self.root / _checked(storage_name)[:2] / storage_name

    def hold(self, holder: str, content: bytes) -> StoredFile:
        """Keep a file for one holder only (an unfinished form), until it is sent or released."""
        digest = hashlib.sha256(content).hexdigest()
        _write_atomically(self.held_path(holder, digest), content)
        return StoredFile(digest, digest, len(content), sniff_content_type(content))

    def open_held(self, holder: str, storage_name: str) -> bytes:
        return self.held_path(holder, storage_name).read_bytes()

    def release(self, holder: str, storage_name: str) -> None:
        """This holder no longer needs this file; nobody else's copy is touched."""
        self.held_path(holder, storage_name).unlink(missing_ok=True)

    def release_all(self, holder: str) -> None:
        """Delete every file this holder kept (the form was left, sent or cleared as idle)."""
        shutil.rmtree(self.root / HELD / _checked(holder), ignore_errors=True)

    def held_path(self, holder: str, storage_name: str) -> Path:
        return self.root / HELD / _checked(holder) / _checked(storage_name)


HELD = "held"


def _checked(name: str) -> str:
    """Only a SHA-256 in hex names a stored file or a holder: never a path from outside."""
    if not re.fullmatch(r"[0-9a-f]{64}", name):
        raise ValueError("not a storage name")
    return name


def sniff_content_type(content: bytes) -> str:
    """The type the bytes really are; text if they decode as UTF-8, else opaque bytes."""
    kind = filetype.guess(content)
    if kind is not None:
        return str(kind.mime)
    try:
        content[:65536].decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


def sanitise_filename(name: str | None) -> str:
    """The sender's file name made safe to show and to offer as a download name; never a path."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C")
    cleaned = cleaned.strip(" .")
    return cleaned[:MAX_FILENAME_LENGTH] or "attachment"


def _write_atomically(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent)
    with os.fdopen(handle, "wb") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
