"""Key-encryption keys, the data keys they wrap, and the values a data key seals (AES-256-GCM).

A data key is bound to its owner (a report or a case, by table and reference) when wrapped, and
each value to its cell (table, column, row) when sealed: moved anywhere else, it fails to open.
"""

from __future__ import annotations

import base64
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import NamedTuple

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from config.encryption_keys import EncryptionKeys, VersionedKey
from intake.sealing.finding import BlindIndex

SEALED = "sealed1:"  # the version prefix of every sealed text value: what is not prefixed is plain
SEALED_BYTES = SEALED.encode()
PLACEHOLDER = "[Unreadable: the key for this content was destroyed]"
DESTROYED = "destroyed"  # the data_key column of a row whose key was destroyed (not one never made)
NONCE_BYTES = 12
OPENED_KEYS_KEPT = 1024  # unwrapped data keys cached per process, least recently used dropped first (a few MiB at most)


class SealingError(Exception):
    """Something sealed cannot be opened; the message names where, never the content."""


class SealBroken(SealingError):
    """A value or key failed its check: tampered with, or moved from another row, column or owner."""


class MissingKeyEncryptionKey(SealingError):
    """A data key is wrapped by a key-encryption key that is not in the key settings."""


class KeyDestroyed(SealingError):
    """The owner's data key was destroyed (or never made): its sealed values cannot be read or written."""


class Owner(NamedTuple):
    """Whose data key: a report or a case, by table and a binding known before the row is written."""

    table: str  # "reports" or "cases"
    binding: str  # the reference


class Cell(NamedTuple):
    """Where a sealed value lives: a value sealed for one cell opens in no other."""

    table: str
    column: str
    row: str  # the report's reference, or the row's own random token (``new_row_token``)

    def associated_data(self) -> bytes:
        return "\x1f".join(self).encode()


@dataclass(frozen=True)
class WrappedKey:
    """A data key as stored: sealed under key-encryption key ``kek_id`` version ``kek_version``."""

    kek_id: str
    kek_version: int
    sealed: str = field(repr=False)

    def columns(self) -> dict[str, object]:
        """The row's columns (``data_key``, ``data_key_kek_id``, ``data_key_kek_version``)."""
        return {"data_key": self.sealed, "data_key_kek_id": self.kek_id, "data_key_kek_version": self.kek_version}


def new_row_token() -> str:
    """A random, unguessable row binding for a row that has no reference of its own."""
    return secrets.token_urlsafe(16)


def is_sealed(stored: str | bytes | None) -> bool:
    """Whether a stored value is sealed (by its version prefix) rather than still plain."""
    if isinstance(stored, bytes):
        return stored.startswith(SEALED_BYTES)
    return stored is not None and stored.startswith(SEALED)


class DataKey:
    """One owner's data key, unwrapped: seals and opens that owner's values.

    Without a secret (``None``: destroyed, or an old row never given one) plain values still read,
    sealed text reads as ``PLACEHOLDER``, and sealing or opening bytes raises ``KeyDestroyed``.
    """

    def __init__(self, owner: Owner, secret: bytes | None, wrapped: WrappedKey | None) -> None:
        self.owner = owner
        self.wrapped = wrapped
        self._cipher = AESGCM(secret) if secret is not None else None

    @property
    def destroyed(self) -> bool:
        return self._cipher is None

    def columns(self) -> dict[str, object]:
        """The owner row's three key columns: this key as wrapped, or all None when there is none."""
        if self.wrapped is None:
            return {"data_key": None, "data_key_kek_id": None, "data_key_kek_version": None}
        return self.wrapped.columns()

    def seal(self, cell: Cell, value: str) -> str:
        """``value`` sealed for ``cell``, as text with the version prefix."""
        return SEALED + base64.b64encode(self._seal(cell, value.encode())).decode()

    def seal_optional(self, cell: Cell, value: str | None) -> str | None:
        """``seal`` for a value that may be missing or empty: those are stored as they are."""
        return self.seal(cell, value) if value else value

    def unseal(self, cell: Cell, stored: str) -> str:
        """The text sealed for ``cell``; a plain value as it is; ``PLACEHOLDER`` when the key is gone."""
        if not stored.startswith(SEALED):
            return stored
        if self._cipher is None:
            return PLACEHOLDER
        return self._open(cell, base64.b64decode(stored[len(SEALED) :])).decode()

    def unseal_optional(self, cell: Cell, stored: str | None) -> str | None:
        return None if stored is None else self.unseal(cell, stored)

    def seal_bytes(self, cell: Cell, value: bytes) -> bytes:
        """``value`` sealed for ``cell``, as bytes with the version prefix (no base64: for blobs)."""
        return SEALED_BYTES + self._seal(cell, value)

    def unseal_bytes(self, cell: Cell, stored: bytes) -> bytes:
        """The bytes sealed for ``cell``; plain bytes as they are. ``KeyDestroyed`` when the key is gone."""
        if not stored.startswith(SEALED_BYTES):
            return stored
        return self._open(cell, stored[len(SEALED_BYTES) :])

    def _seal(self, cell: Cell, plain: bytes) -> bytes:
        if self._cipher is None:
            raise KeyDestroyed(f"{self.owner.table} {self.owner.binding} has no data key")
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + self._cipher.encrypt(nonce, plain, cell.associated_data())

    def _open(self, cell: Cell, sealed: bytes) -> bytes:
        if self._cipher is None:
            raise KeyDestroyed(f"{self.owner.table} {self.owner.binding} has no data key")
        try:
            return self._cipher.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], cell.associated_data())
        except InvalidTag:
            raise SealBroken(f"{cell.table}.{cell.column} of {cell.row} does not open under its owner's key") from None


class Keyring:
    """The key-encryption keys and blind-index keys of ``ENCRYPTION_KEYS``, with unwrapped data keys cached."""

    def __init__(self, keys: EncryptionKeys, kept: int = OPENED_KEYS_KEPT) -> None:
        self.keys = keys
        self.index = BlindIndex(keys)
        self._opened: OrderedDict[tuple[Owner, WrappedKey], DataKey] = OrderedDict()
        self._kept = kept
        self._lock = threading.Lock()

    @property
    def newest(self) -> VersionedKey:
        """The key-encryption key that wraps new data keys and rewraps old ones."""
        return self.keys.key_encryption_keys[0]

    def new_data_key(self, owner: Owner) -> DataKey:
        """A fresh random 256-bit data key for ``owner``, wrapped by the newest key-encryption key."""
        secret = AESGCM.generate_key(bit_length=256)
        made = DataKey(owner, secret, self.wrap(owner, secret))
        assert made.wrapped is not None
        self._keep(owner, made.wrapped, made)  # read back at once: no need to unwrap it
        return made

    def wrap(self, owner: Owner, secret: bytes) -> WrappedKey:
        """``secret`` sealed under the newest key-encryption key, bound to ``owner``."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = nonce + AESGCM(self.newest.secret).encrypt(nonce, secret, _bound(owner))
        return WrappedKey(self.newest.id, self.newest.version, base64.b64encode(sealed).decode())

    def open(self, owner: Owner, wrapped: WrappedKey | None) -> DataKey:
        """``owner``'s data key (cached); without one, a ``DataKey`` that reads sealed text as the placeholder."""
        if wrapped is None:
            return DataKey(owner, None, None)
        with self._lock:
            found = self._opened.get((owner, wrapped))
            if found is not None:
                self._opened.move_to_end((owner, wrapped))
                return found
        opened = DataKey(owner, self.unwrap(owner, wrapped), wrapped)
        self._keep(owner, wrapped, opened)
        return opened

    def _keep(self, owner: Owner, wrapped: WrappedKey, opened: DataKey) -> None:
        with self._lock:
            self._opened[(owner, wrapped)] = opened
            while len(self._opened) > self._kept:
                self._opened.popitem(last=False)

    def unwrap(self, owner: Owner, wrapped: WrappedKey) -> bytes:
        """The data key's secret; ``MissingKeyEncryptionKey`` or ``SealBroken`` when it cannot be had."""
        kek = self._kek(wrapped)
        sealed = base64.b64decode(wrapped.sealed)
        try:
            return AESGCM(kek.secret).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _bound(owner))
        except InvalidTag:
            raise SealBroken(
                f"the data key of {owner.table} {owner.binding} does not open under "
                f"key-encryption key {wrapped.kek_id} version {wrapped.kek_version}: a wrong key, or a moved one"
            ) from None

    def rewrap(self, owner: Owner, wrapped: WrappedKey) -> WrappedKey:
        """The same data key wrapped by the newest key-encryption key (no value is sealed again)."""
        return self.wrap(owner, self.unwrap(owner, wrapped))

    def forget(self, owner: Owner) -> None:
        """Drop ``owner``'s cached data key (it was destroyed)."""
        with self._lock:
            for cached in [cached for cached in self._opened if cached[0] == owner]:
                del self._opened[cached]

    def _kek(self, wrapped: WrappedKey) -> VersionedKey:
        for kek in self.keys.key_encryption_keys:
            if kek.id == wrapped.kek_id and kek.version == wrapped.kek_version:
                return kek
        raise MissingKeyEncryptionKey(
            f"key-encryption key {wrapped.kek_id} version {wrapped.kek_version} is not in ENCRYPTION_KEYS"
        )


def _bound(owner: Owner) -> bytes:
    return Cell(owner.table, "data_key", owner.binding).associated_data()
