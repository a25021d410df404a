"""The columns a report or case row keeps its wrapped data key in (migration 0018).

On the row itself, generated in Python before the insert, so creating a report costs no statement
more (issue 13 pins a plain report's round trips).
"""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from intake.sealing.keyring import WrappedKey


class KeyOwner:
    """Mixin for ``reports`` and ``cases``: the data key wrapped by a key-encryption key, or nothing.

    Nothing (all three None) on a row made before encryption, or whose key was destroyed.
    """

    data_key: Mapped[str | None] = mapped_column(Text)
    data_key_kek_id: Mapped[str | None] = mapped_column(String(64))
    data_key_kek_version: Mapped[int | None] = mapped_column(Integer)

    @property
    def wrapped_key(self) -> WrappedKey | None:
        if self.data_key is None or self.data_key_kek_id is None or self.data_key_kek_version is None:
            return None
        return WrappedKey(self.data_key_kek_id, self.data_key_kek_version, self.data_key)
