"""Model attributes read and written in clear, stored sealed: the process's keyring and the descriptor.

A TypeDecorator never sees the row, so it cannot bind a value to it; a descriptor on the model can.
``report.description`` reads the ``description`` column (mapped as ``description_sealed``) and opens
it under the report's own key, bound to ``reports.description.<reference>``. One process runs one
app's keys: the app factory installs its keyring once its keys are checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar, overload

from intake.sealing.finding import BlindIndex
from intake.sealing.keyring import Cell, DataKey, Keyring

T = TypeVar("T", str, "str | None")
_installed: list[Keyring] = []


def install(keyring: Keyring) -> None:
    """The keyring model attributes seal and open with in this process (the app factory's)."""
    _installed[:] = [keyring]


def installed() -> Keyring:
    if not _installed:
        raise RuntimeError("no keyring installed: build the app (intake.app.create_app) first")
    return _installed[0]


def blind_index() -> BlindIndex:
    """The process's blind index, for look-ups in read-side queries."""
    return installed().index


@dataclass(frozen=True)
class SealedColumn:
    """One sealed text column: on ``model``, read in clear as ``name`` (its cell's column), stored in ``stored``."""

    model: type
    name: str
    stored: str


_registry: list[SealedColumn] = []


def sealed_columns() -> tuple[SealedColumn, ...]:
    """Every column a ``SealedText`` descriptor seals, registered as each model class is made.

    What ``reseal-data-key`` seals again under a new key (with the raw inbound items' bytes,
    declared in ``intake.sealing.reseal``): a column declared with ``SealedText`` is never missed.
    """
    return tuple(_registry)


class Sealable(Protocol):
    """A row whose values are sealed: it knows its data key and the cell of each of its columns."""

    def sealing_key(self) -> DataKey: ...

    def cell(self, column: str) -> Cell: ...


class SealedText(Generic[T]):
    """A text attribute stored sealed in the mapped attribute ``stored`` (the column of the same name).

    Empty and missing values stay as they are (nothing to hide, and a purge's blanks read as blanks);
    everything else is sealed for this row's cell as it is set and opened as it is read. At class
    level it is the descriptor itself: compare stored values through blind indexes, never this.
    """

    def __init__(self, stored: str) -> None:
        self.stored = stored
        self.column = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.column = name
        _registry.append(SealedColumn(owner, name, self.stored))

    @overload
    def __get__(self, instance: None, owner: type) -> SealedText[T]: ...

    @overload
    def __get__(self, instance: Sealable, owner: type) -> T: ...

    def __get__(self, instance: Sealable | None, owner: type) -> SealedText[T] | T:
        if instance is None:
            return self
        stored: T = getattr(instance, self.stored)
        if not stored:
            return stored
        return instance.sealing_key().unseal(instance.cell(self.column), stored)

    def __set__(self, instance: Sealable, value: T) -> None:
        if value:
            value = instance.sealing_key().seal(instance.cell(self.column), value)
        setattr(instance, self.stored, value)
