"""The retention schedule as data (``config/retention.toml``): a pure reading of it, and due dates.

Each class of record has a trigger (case closed, sent, last activity, or kept), a period and an
action. Every class triggered by a case's closing is purged in one act per case, so they share
one period; the loader refuses a file where they do not.
"""

from __future__ import annotations

import calendar
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from config import ConfigError

SETTING = "RETENTION_SCHEDULE_FILE"


class Trigger(StrEnum):
    CASE_CLOSED = "case_closed"
    SENT = "sent"
    LAST_ACTIVITY = "last_activity"
    KEPT = "kept"  # never falls due


class Action(StrEnum):
    ANONYMISE = "anonymise"
    ERASE = "erase"
    KEEP = "keep"


@dataclass(frozen=True)
class Period:
    years: int = 0
    months: int = 0
    days: int = 0
    minutes: int = 0

    def after(self, instant: datetime) -> datetime:
        """The instant this period after ``instant``: calendar years and months, the day clamped."""
        months = instant.month - 1 + self.months + 12 * self.years
        year, month = instant.year + months // 12, months % 12 + 1
        day = min(instant.day, calendar.monthrange(year, month)[1])
        return instant.replace(year=year, month=month, day=day) + timedelta(days=self.days, minutes=self.minutes)

    def before(self, instant: datetime) -> datetime:
        """The latest instant whose period has run out by ``instant``: a record closed then is due now."""
        months = instant.month - 1 - self.months - 12 * self.years
        year, month = instant.year + months // 12, months % 12 + 1
        day = min(instant.day, calendar.monthrange(year, month)[1])
        return instant.replace(year=year, month=month, day=day) - timedelta(days=self.days, minutes=self.minutes)

    def words(self) -> str:
        for amount, unit in (
            (self.years, "year"),
            (self.months, "month"),
            (self.days, "day"),
            (self.minutes, "minute"),
        ):
            if amount:
                return f"{amount} {unit}{'s' if amount != 1 else ''}"
        return "none"


@dataclass(frozen=True)
class RecordClass:
    name: str
    label: str
    trigger: Trigger
    period: Period
    action: Action
    needs_approval: bool


@dataclass(frozen=True)
class Schedule:
    classes: tuple[RecordClass, ...]

    def by_trigger(self, trigger: Trigger) -> tuple[RecordClass, ...]:
        return tuple(record_class for record_class in self.classes if record_class.trigger == trigger)

    def by_trigger_case(self) -> tuple[RecordClass, ...]:
        """The classes purged together when a closed case falls due."""
        return self.by_trigger(Trigger.CASE_CLOSED)

    @property
    def case_period(self) -> Period:
        """How long a closed case's content is kept (policy 5.5): six years by default."""
        return self.by_trigger(Trigger.CASE_CLOSED)[0].period

    def named(self, name: str) -> RecordClass | None:
        return next((record_class for record_class in self.classes if record_class.name == name), None)


def load_schedule(path: Path) -> Schedule:
    """Read and check the schedule; a malformed one stops start-up naming the setting."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(SETTING, f"cannot be read as TOML: {error}") from None
    raw = data.get("classes")
    if not isinstance(raw, list) or not raw:
        raise ConfigError(SETTING, "must list at least one [[classes]] entry")
    schedule = Schedule(tuple(_record_class(entry) for entry in raw))
    _check(schedule)
    return schedule


def _record_class(entry: Any) -> RecordClass:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise ConfigError(SETTING, "has a class without a name")
    name = entry["name"]
    try:
        trigger, action = Trigger(str(entry.get("trigger"))), Action(str(entry.get("action")))
    except ValueError:
        raise ConfigError(SETTING, f"class {name!r} has an unknown trigger or action") from None
    period = Period(**{unit: _whole(entry, unit, name) for unit in ("years", "months", "days", "minutes")})
    if trigger != Trigger.KEPT and period == Period():
        raise ConfigError(SETTING, f"class {name!r} needs a period")
    approval = entry.get("approval", "manager")
    if approval not in ("manager", "none"):
        raise ConfigError(SETTING, f"class {name!r}: approval is 'manager' or 'none'")
    return RecordClass(name, str(entry.get("label", name)), trigger, period, action, approval == "manager")


def _whole(entry: dict[str, Any], unit: str, name: str) -> int:
    value = entry.get(unit, 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(SETTING, f"class {name!r}: {unit} must be a whole number")
    return value


def _check(schedule: Schedule) -> None:
    case_classes = schedule.by_trigger(Trigger.CASE_CLOSED)
    if not case_classes:
        raise ConfigError(SETTING, "needs the case classes (trigger 'case_closed')")
    if len({record_class.period for record_class in case_classes}) != 1:
        raise ConfigError(SETTING, "the case_closed classes are purged together, so they need one period")
    if len({record_class.name for record_class in schedule.classes}) != len(schedule.classes):
        raise ConfigError(SETTING, "has two classes with the same name")
