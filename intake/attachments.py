"""Attachment files: stored under generated names, typed by their content, never by their name."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import filetype
from sqlalchemy.orm import Session

from intake.blob_store import BlobStore

MAX_FILENAME_LENGTH = 200


@dataclass(frozen=True)
class StoredFile:
    storage_name: str
    sha256: str
    size: int
    content_type: str


class AttachmentStore:
    """Attachments named by the SHA-256 of their content, in a BlobStore: writing twice is harmless.

    Reports' files live in the shared, content-named part and are never deleted by a form.
    Files an unfinished form holds live apart, one folder per holder, so clearing one form can
    never take a file that another form, or a report being sent, still needs, even when both
    hold the same bytes. Where the bytes live (this machine's folder, or the shared database so
    that every instance reaches them) is the ``ATTACHMENT_STORE`` setting's choice.
    """

    def __init__(self, blobs: BlobStore) -> None:
        self.blobs = blobs

    def save(self, content: bytes, within: Session | None = None) -> StoredFile:
        """Keep a report's file; ``within`` the report's own transaction where the store can."""
        digest = hashlib.sha256(content).hexdigest()
        if not self.blobs.exists(digest):
            self.blobs.put([content], within=within)
        return StoredFile(digest, digest, len(content), sniff_content_type(content))

    def open(self, storage_name: str) -> bytes:
        return b"".join(self.blobs.open(storage_name))

    def delete(self, storage_name: str) -> None:
        """Forget a report's file (a purge under the retention schedule); a form's held copies are its own."""
        self.blobs.delete(storage_name)

    def exists(self, storage_name: str) -> bool:
        return self.blobs.exists(storage_name)

    def stream(self, storage_name: str) -> Iterator[bytes]:
        """The bytes a chunk at a time, for a download that need not sit in memory."""
        return self.blobs.open(storage_name)

    def hold(self, holder: str, content: bytes) -> StoredFile:
        """Keep a file for one holder only (an unfinished form), until it is sent or released."""
        digest = self.blobs.put([content], folder=holder)
        return StoredFile(digest, digest, len(content), sniff_content_type(content))

    def open_held(self, holder: str, storage_name: str) -> bytes:
        return b"".join(self.blobs.open(storage_name, folder=holder))

    def release(self, holder: str, storage_name: str) -> None:
        """This holder no longer needs this file; nobody else's copy is touched."""
        self.blobs.delete(storage_name, folder=holder)

    def release_all(self, holder: str) -> None:
        """Delete every file this holder kept (the form was left, sent or cleared as idle)."""
        self.blobs.delete_folder(holder)


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
