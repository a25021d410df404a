"""Attachment files: stored under generated names, typed by their content, never by their name."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import filetype
from sqlalchemy.orm import Session

from intake.blob_store import SHARED, BlobStore
from intake.sealing.files import FILE_MAGIC, NOT_SEALED, file_names, opened_pieces, rewrapped_header, sealed_pieces
from intake.sealing.keyring import Keyring, SealBroken

MAX_FILENAME_LENGTH = 200


@dataclass(frozen=True)
class StoredFile:
    storage_name: str  # a keyed digest of the content (``intake.sealing.files.file_names``), never a plain hash
    size: int
    content_type: str


class AttachmentStore:
    """Attachments sealed at rest in a BlobStore, named by a keyed digest of their content.

    Every file is stored sealed under a key of its own (``intake.sealing.files``): neither the
    folder nor the database store ever holds its bytes in clear, and it opens only here, for the
    routes that already check who may have it. Equal content gets an equal name, so writing the
    same bytes twice is harmless.

    Reports' files live in the shared part and are never deleted by a form. Files an unfinished
    form holds live apart, one folder per holder, so clearing one form can never take a file that
    another form, or a report being sent, still needs, even when both hold the same bytes. Where
    the files live (this machine's folder, or the shared database so that every instance reaches
    them) is the ``ATTACHMENT_STORE`` setting's choice.
    """

    def __init__(self, blobs: BlobStore, keyring: Keyring) -> None:
        self.blobs = blobs
        self.keyring = keyring

    def save(self, content: bytes, within: Session | None = None) -> StoredFile:
        """Keep a report's file; ``within`` the report's own transaction where the store can."""
        names = file_names(self.keyring, content)
        name = next((name for name in names if self.blobs.exists(name)), None)
        if name is None:
            name = names[0]
            self.blobs.put(name, sealed_pieces(self.keyring, name, [content]), within=within)
        return self._stored(name, content)

    def open(self, storage_name: str) -> bytes:
        return self._opened(storage_name, SHARED)

    def delete(self, storage_name: str) -> None:
        """Forget a report's file (a purge under the retention schedule); a form's held copies are its own."""
        self.blobs.delete(storage_name)

    def exists(self, storage_name: str) -> bool:
        return self.blobs.exists(storage_name)

    def stream(self, storage_name: str) -> Iterator[bytes]:
        """The bytes a piece at a time, for a download that need not sit in memory.

        FileNotFoundError at once when there is no such file; ``SealBroken`` as soon as a piece
        does not open (altered, moved, or the file cut short), never wrong bytes.
        """
        return opened_pieces(self.keyring, storage_name, self.blobs.open(storage_name))

    def hold(self, holder: str, content: bytes) -> StoredFile:
        """Keep a file for one holder only (an unfinished form), until it is sent or released."""
        name = file_names(self.keyring, content)[0]
        self.blobs.put(name, sealed_pieces(self.keyring, name, [content]), folder=holder)
        return self._stored(name, content)

    def open_held(self, holder: str, storage_name: str) -> bytes:
        return self._opened(storage_name, holder)

    def release(self, holder: str, storage_name: str) -> None:
        """This holder no longer needs this file; nobody else's copy is touched."""
        self.blobs.delete(storage_name, folder=holder)

    def release_all(self, holder: str) -> None:
        """Delete every file this holder kept (the form was left, sent or cleared as idle)."""
        self.blobs.delete_folder(holder)

    def rotate_keys(self) -> int:
        """Rewrap every file's key under the newest key-encryption key, header by header; how many.

        Only each file's header changes (in place), never its content. A file already under the
        newest key is skipped, so a stopped run continues where it stopped when run again, and a
        file deleted or rewritten meanwhile is left as it now is.
        """
        rewrapped = 0
        for folder, name in self.blobs.stored():
            header = self.blobs.first(name, folder)
            if header is None or not header.startswith(FILE_MAGIC):
                continue  # gone meanwhile, or stored before sealing: no key to rewrap
            new = rewrapped_header(self.keyring, name, header)
            if new is not None and self.blobs.replace_first(name, folder, header, new):
                rewrapped += 1
        return rewrapped

    def plain_files(self) -> list[str]:
        """The reports' files stored in clear before sealing (no sealed header), by name (their SHA-256).

        A form's held copies are not listed: the form names them in answers only its cookie opens,
        and an idle form's files are cleared with it.
        """
        found = []
        for folder, name in self.blobs.stored():
            header = self.blobs.first(name, folder) if folder == SHARED else None
            if header is not None and not header.startswith(FILE_MAGIC):
                found.append(name)
        return found

    def seal_plain(self, name: str, within: Session) -> str | None:
        """A file stored in clear before sealing, kept sealed under its keyed name (``within`` the caller's
        transaction where the store can); that name, or None if its bytes no longer have the SHA-256 that
        named it (it is left as it is: it would not open either). The plain file is not deleted here."""
        whole = self.blobs.unframed(name)
        if hashlib.sha256(whole).hexdigest() != name:
            return None
        return self.save(whole, within=within).storage_name

    def _opened(self, name: str, folder: str) -> bytes:
        """The whole file, opened; one stored in clear before sealing only if its bytes still have the
        SHA-256 that named it (so a sealed file cut down to no header is never served as it is)."""
        try:
            return b"".join(opened_pieces(self.keyring, name, self.blobs.open(name, folder)))
        except SealBroken as error:
            if error.args[0].endswith(NOT_SEALED):
                whole = self.blobs.unframed(name, folder)
                if hashlib.sha256(whole).hexdigest() == name:
                    return whole
            raise

    @staticmethod
    def _stored(name: str, content: bytes) -> StoredFile:
        return StoredFile(name, len(content), sniff_content_type(content))


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
