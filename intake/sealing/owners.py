"""The columns a report or case row keeps its wrapped data key in (migration 0018).

On the row itself, generated in Python before the insert, so creating a report costs no statement
more (issue 13 pins a plain report's round trips).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Integer, String, Text, inspect
from sqlalchemy.orm import Mapped, mapped_column

from intake.sealing.keyring import DESTROYED, Cell, DataKey, KeyDestroyed, Keyring, Owner, WrappedKey, new_row_token
from intake.sealing.sealed import installed


class WrappedKeyColumns:
    """Mixin: a data key wrapped by a key-encryption key, on the row itself, or nothing.

    Nothing (all three None) on a row made before encryption; ``DESTROYED`` in ``data_key`` (and
    the other two None) on a row whose key was destroyed.
    """

    data_key: Mapped[str | None] = mapped_column(Text)
    data_key_kek_id: Mapped[str | None] = mapped_column(String(64))
    data_key_kek_version: Mapped[int | None] = mapped_column(Integer)

    @property
    def wrapped_key(self) -> WrappedKey | None:
        if self.data_key is None or self.data_key_kek_id is None or self.data_key_kek_version is None:
            return None
        return WrappedKey(self.data_key_kek_id, self.data_key_kek_version, self.data_key)

    @property
    def key_destroyed(self) -> bool:
        """Its key was destroyed: what it sealed reads as the placeholder, and its files are gone."""
        return self.data_key == DESTROYED


class KeyOwner(WrappedKeyColumns):
    """Mixin for ``reports`` and ``cases`` (and raw inbound items): the row's own data key."""

    if TYPE_CHECKING:
        __tablename__: str
        reference: str

    @property
    def owner(self) -> Owner:
        return Owner(self.__tablename__, self.reference)

    def sealing_key(self) -> DataKey:
        """This row's data key, opened with the process's keyring (cached)."""
        return installed().open(self.owner, self.wrapped_key)

    def writable_key(self, keyring: Keyring) -> DataKey:
        """This row's data key to seal new values with; one is made (written at the next flush) if it has none.

        A row from before encryption, or whose key was destroyed, seals what it receives from then
        on under a fresh key: what was destroyed stays unreadable.
        """
        if self.data_key == DESTROYED:
            raise KeyDestroyed(f"{self.owner.table} {self.owner.binding} had its data key destroyed")
        if self.wrapped_key is None:
            made = keyring.new_data_key(self.owner)
            for name, value in made.columns().items():
                setattr(self, name, value)
            return made
        return keyring.open(self.owner, self.wrapped_key)

    def cell(self, column: str) -> Cell:
        """Where a value of this row's ``column`` lives: bound to the reference."""
        return Cell(self.__tablename__, column, self.reference)


class OwnKeyRow(KeyOwner):
    """Mixin for a row with a data key of its own and no reference: a subject-access request, an
    account that signs in, a partner invitation (migration 0024).

    The key and its values are bound to the row's random ``seal_token``. Both are made in Python the
    first time a value is sealed on the row (``key_to_seal``, which ``SealedText`` uses when setting),
    so a new row costs no statement more and a row from before gets its key when first written.
    ``flask rotate-keys`` finds every mapped subclass (``intake.sealing.upkeep``).
    """

    seal_token: Mapped[str | None] = mapped_column(String(32))

    @property
    def owner(self) -> Owner:
        return Owner(self.__tablename__, self.seal_token or "")

    def key_to_seal(self) -> DataKey:
        """This row's key to seal a value with, made (with the row's token) if it has none."""
        if self.seal_token is None:
            self.seal_token = new_row_token()
        return self.writable_key(installed())

    def cell(self, column: str) -> Cell:
        """Where a value of this row's ``column`` lives: bound to the row's token."""
        return Cell(self.__tablename__, column, self.seal_token or "")


class SealedRow:
    """Mixin for a row whose sealed values are bound to it by a random ``seal_token`` (issue 16)."""

    if TYPE_CHECKING:
        __tablename__: str

    seal_token: Mapped[str | None] = mapped_column(String(32))

    def cell(self, column: str) -> Cell:
        """Where a value of this row's ``column`` lives: bound to the row's token."""
        return Cell(self.__tablename__, column, self.seal_token or "")


class ReportRecord(SealedRow):
    """A row sealed under its report's data key (a party, a message, a first response)."""

    if TYPE_CHECKING:
        report: KeyOwner

    def sealing_key(self) -> DataKey:
        return self.report.sealing_key()

    def ready_to_seal(self, keyring: Keyring | None = None) -> None:
        """Before setting a sealed value on a row that may predate it: the report gets a key if it has
        none (``KeyDestroyed`` if it was destroyed), the row a ``seal_token`` if it has none."""
        self.report.writable_key(keyring or installed())
        self.seal_token = self.seal_token or new_row_token()


class ReportRecordOrOwnKey(WrappedKeyColumns, SealedRow):
    """A row sealed under its report's data key when it has a report, else under a key of its own.

    An outbox message: one about a report reads as the placeholder once the report's key (or its
    case's) is destroyed; one about no report (or written after its report's key was destroyed)
    carries its own key in ``data_key``, bound to ``<table>`` and the row's ``seal_token``.
    """

    if TYPE_CHECKING:
        report: KeyOwner | None

    @property
    def own_owner(self) -> Owner:
        return Owner(self.__tablename__, self.seal_token or "")

    def sealing_key(self) -> DataKey:
        if self.data_key is not None:  # its own key, or the word DESTROYED
            return installed().open(self.own_owner, self.wrapped_key)
        if self.report is not None:
            return self.report.sealing_key()
        if inspect(self).has_identity:
            return installed().open(self.own_owner, None)  # from before encryption: plain values read as they are
        return self.own_key(installed())  # a new row made as an object, without its report at hand

    def own_key(self, keyring: Keyring) -> DataKey:
        """The row's own key, made (written at the next flush) if it has none."""
        if self.data_key is not None:
            return keyring.open(self.own_owner, self.wrapped_key)
        self.seal_token = self.seal_token or new_row_token()
        made = keyring.new_data_key(self.own_owner)
        for name, value in made.columns().items():
            setattr(self, name, value)
        return made
