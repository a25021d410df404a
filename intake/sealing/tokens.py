"""A data key made from a secret token that is never stored: only the token's holder opens what it seals.

For what belongs to one visitor alone, such as a web form's unfinished answers, found by a hash of
the random id in their cookie: the key is derived from that id (HKDF-SHA-256, bound to the owner),
so a copy of the database, with or without the key-encryption keys, cannot read the answers. When
the cookie is gone, so is the key (the answers are cleared within the hour anyway).
"""

from __future__ import annotations

from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from intake.sealing.keyring import Cell, DataKey, Owner


def token_key(owner: Owner, token: str) -> DataKey:
    """The data key ``token`` gives ``owner`` (the same token and owner, the same key; nothing stored)."""
    derive = HKDF(algorithm=SHA256(), length=32, salt=None, info=Cell(*owner, "token").associated_data())
    return DataKey(owner, derive.derive(token.encode()), None)
