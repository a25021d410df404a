"""Attachment files sealed at rest: a small header holding the file's own key, then authenticated pieces.

A stored file is a sequence of pieces (``intake.blob_store`` keeps them in order, on disk or as
rows). The first is the header: ``FILE_MAGIC``, then the file's random 256-bit key wrapped by the
newest key-encryption key and bound to the file's name, with that KEK's id and version, padded to
``HEADER_BYTES`` so it can be rewritten in place when the KEK rotates (no content is sealed
again). Every later piece is up to ``PIECE_BYTES`` of content sealed with AES-256-GCM under the
file key; its associated data names the file, the piece's index and whether it is the last, so
a piece moved to another place or another file, a file cut short, or one with pieces added after
its last, fails to open (``SealBroken``) instead of reading as wrong bytes.

A file is named by a keyed digest of its content under the blind-index key (``file_names``), not
a plain hash: equal content still gets an equal name (writing it twice is harmless), but the name
no longer confirms that a known file is present.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from intake.sealing.keyring import NONCE_BYTES, Keyring, Owner, SealBroken, WrappedKey

FILE_MAGIC = b"sealedfile1\n"
HEADER_BYTES = 512
PIECE_BYTES = 256 * 1024
FILES = "attachment_files"
MORE, LAST = 0, 1
NOT_SEALED = "is not a sealed file"


def file_names(keyring: Keyring, content: bytes) -> list[str]:
    """The names ``content`` may be stored under, one per blind-index key, newest (the one to use) first."""
    return [
        hmac.new(key.secret, FILES.encode() + b"\x1f" + content, hashlib.sha256).hexdigest()
        for key in keyring.keys.blind_index_keys
    ]


def file_owner(name: str) -> Owner:
    """Whose key: the stored file, by its name (the key opens under no other name)."""
    return Owner(FILES, name)


def sealed_pieces(keyring: Keyring, name: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The header, then ``chunks`` sealed piece by piece under a fresh file key, the last one marked."""
    secret = AESGCM.generate_key(bit_length=256)
    yield header_of(keyring.wrap(file_owner(name), secret))
    cipher = AESGCM(secret)
    index, pending = 0, None
    for plain in _pieces_of(chunks):
        if pending is not None:
            yield _sealed(cipher, name, index, MORE, pending)
            index += 1
        pending = plain
    yield _sealed(cipher, name, index, LAST, pending or b"")


def opened_pieces(keyring: Keyring, name: str, pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The content of a stored file, a piece at a time; ``SealBroken`` the moment anything is wrong."""
    header = next(pieces, None)
    if header is None:
        raise SealBroken(f"attachment file {name} is empty: it has no header")
    cipher = AESGCM(keyring.unwrap(file_owner(name), wrapped_in(name, header)))
    finished = False
    for index, piece in enumerate(pieces):
        if finished:
            raise SealBroken(f"attachment file {name} has pieces after its last one")
        if len(piece) < 1 + NONCE_BYTES or piece[0] not in (MORE, LAST):
            raise SealBroken(f"attachment file {name} piece {index} is malformed")
        finished = piece[0] == LAST
        try:
            yield cipher.decrypt(piece[1 : 1 + NONCE_BYTES], piece[1 + NONCE_BYTES :], _placed(name, index, piece[0]))
        except InvalidTag:
            raise SealBroken(
                f"attachment file {name} piece {index} does not open: altered, moved or from another file"
            ) from None
    if not finished:
        raise SealBroken(f"attachment file {name} is cut short: it ends before its last piece")


def header_of(wrapped: WrappedKey) -> bytes:
    """The header piece for a file key wrapped as ``wrapped``, always ``HEADER_BYTES`` long."""
    body = json.dumps({"kek_id": wrapped.kek_id, "kek_version": wrapped.kek_version, "key": wrapped.sealed})
    header = FILE_MAGIC + body.encode()
    if len(header) > HEADER_BYTES:
        raise ValueError("a key-encryption key id too long for a file header")
    return header.ljust(HEADER_BYTES, b" ")


def wrapped_in(name: str, header: bytes) -> WrappedKey:
    """The wrapped file key a header holds; ``SealBroken`` when it is not a sealed file's header."""
    if not header.startswith(FILE_MAGIC):
        raise SealBroken(f"attachment file {name} {NOT_SEALED}")
    try:
        body = json.loads(header[len(FILE_MAGIC) :])
        return WrappedKey(str(body["kek_id"]), int(body["kek_version"]), str(body["key"]))
    except (ValueError, KeyError, TypeError):
        raise SealBroken(f"attachment file {name} has a damaged header") from None


def rewrapped_header(keyring: Keyring, name: str, header: bytes) -> bytes | None:
    """The header with the file key rewrapped by the newest KEK; None when it is already under it."""
    wrapped = wrapped_in(name, header)
    newest = keyring.newest
    if (wrapped.kek_id, wrapped.kek_version) == (newest.id, newest.version):
        return None
    return header_of(keyring.rewrap(file_owner(name), wrapped))


def _sealed(cipher: AESGCM, name: str, index: int, flag: int, plain: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return bytes([flag]) + nonce + cipher.encrypt(nonce, plain, _placed(name, index, flag))


def _placed(name: str, index: int, flag: int) -> bytes:
    return f"{FILES}\x1f{name}\x1f{index}\x1f{flag}".encode()


def _pieces_of(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The content in pieces of at most PIECE_BYTES (none for empty content)."""
    if isinstance(chunks, bytes):
        chunks = [chunks]
    for chunk in chunks:
        for start in range(0, len(chunk), PIECE_BYTES):
            yield chunk[start : start + PIECE_BYTES]
