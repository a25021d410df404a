"""Attachment files: stored under generated names, typed by their content, never by their name."""

from __future__ import annotations

import hashlib
import os
import re
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
    """A folder of files named by the SHA-256 of their content: writing twice is harmless."""

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
        if not re.fullmatch(r"[0-9a-f]{64}", storage_name):
            raise ValueError("not a storage name")
        return self.root / storage_name[:2] / storage_name


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
