"""The keys that keep stored reports unreadable (docs/encryption.md): read from outside the database.

``ENCRYPTION_KEYS`` (JSON in the environment) or ``ENCRYPTION_KEY_FILE`` (the same JSON in a file,
default ``instance/encryption-keys.json``)::

    {"key_encryption_keys": [{"id": "main", "version": 1, "key": "<32 bytes, base64>"}],
     "blind_index_keys": [{"version": 1, "key": "<32 bytes, base64>"}]}

Several key-encryption keys may be listed while one rotates in; the highest version wraps new data
keys. As with ``SECRET_KEY``, only the ``flask`` command (``make run``) makes a development file up,
once, mode 0600; a production start without a key setting stops with one line.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KEY_BYTES = 32  # AES-256 and HMAC-SHA-256 keys alike

log = logging.getLogger(__name__)


class KeySettingError(ValueError):
    """The key JSON is malformed: the message names what, never a key."""


@dataclass(frozen=True)
class VersionedKey:
    """One key: a key-encryption key (``id`` names it) or a blind-index key (``id`` is ``index``)."""

    id: str
    version: int
    secret: bytes = field(repr=False)  # never a key in a log line or a traceback


@dataclass(frozen=True)
class EncryptionKeys:
    """The key-encryption keys and the blind-index keys, each list newest first."""

    key_encryption_keys: tuple[VersionedKey, ...]
    blind_index_keys: tuple[VersionedKey, ...]


def parse_keys(text: str) -> EncryptionKeys:
    """The key JSON, checked: at least one key of each kind, 32 bytes each, versions unique."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        raise KeySettingError("is not JSON") from None
    if not isinstance(document, dict):
        raise KeySettingError("must be a JSON object with key_encryption_keys and blind_index_keys")
    return EncryptionKeys(
        key_encryption_keys=_keys(document, "key_encryption_keys", named=True),
        blind_index_keys=_keys(document, "blind_index_keys", named=False),
    )


def _keys(document: dict[str, Any], kind: str, *, named: bool) -> tuple[VersionedKey, ...]:
    entries = document.get(kind)
    if not isinstance(entries, list) or not entries:
        raise KeySettingError(f"needs at least one entry in {kind}")
    keys = tuple(sorted((_key(entry, kind, named) for entry in entries), key=lambda key: -key.version))
    if len({key.version for key in keys}) != len(keys):
        raise KeySettingError(f"has two {kind} with one version")
    return keys


def _key(entry: Any, kind: str, named: bool) -> VersionedKey:
    if not isinstance(entry, dict) or not isinstance(entry.get("version"), int) or entry["version"] < 1:
        raise KeySettingError(f"has an entry in {kind} without a whole-number version of 1 or more")
    key_id = entry.get("id") if named else "index"
    if not isinstance(key_id, str) or not key_id.strip() or len(key_id) > 64:
        raise KeySettingError(f"has an entry in {kind} without an id (up to 64 characters)")
    try:
        secret = base64.b64decode(str(entry.get("key", "")), validate=True)
    except binascii.Error:
        secret = b""
    if len(secret) != KEY_BYTES:
        raise KeySettingError(f"has {kind} version {entry['version']} whose key is not 32 bytes in base64")
    return VersionedKey(key_id.strip(), entry["version"], secret)


def new_key_document() -> str:
    """A fresh key JSON: one key-encryption key and one blind-index key, version 1."""
    document = {
        "key_encryption_keys": [{"id": "development", "version": 1, "key": _random_key()}],
        "blind_index_keys": [{"version": 1, "key": _random_key()}],
    }
    return json.dumps(document, indent=2) + "\n"


def _random_key() -> str:
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def instance_key_file(path: Path) -> str:
    """The key JSON kept at ``path``, made (random, mode 0600) by whichever process asks first.

    Written whole to a private file, then linked into place (as ``instance_secret_key``), so
    processes starting together all read one file. The process that made it says so, once.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(new_key_document())
        try:
            os.link(draft, path)
            log.warning("made a development encryption key file at %s (mode 0600): keep it with the database", path)
        except FileExistsError:
            pass  # another process was first: use its keys
        finally:
            draft.unlink()
    return path.read_text()
