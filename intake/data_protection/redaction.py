"""Redacting other people from what a subject receives (DPA 2018 Schedule 2 Part 3 paragraph 16).

Other people's names, phone numbers, emails and addresses, and their role as the source of
information, are withheld by default. Each redaction has a stable key, is shown to the reviewer
with what it hides, and can be released with a reason; the package shows only the released ones.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import phonenumbers

from intake.data_protection.people import Person

EMAIL = re.compile(r"[^@\s<>()\[\],;:\"']+@[^@\s<>()\[\],;:\"']+\.[A-Za-z]{2,}")
NAME_PART_MIN = 3


@dataclass(frozen=True)
class Redaction:
    key: str
    what: str  # "name", "phone", "email", "address", "source", "description"
    whose: str  # "another person (witness)", "who reported it", ...: for the reviewer, never in the package
    original: str  # shown to the reviewer only, never in the package unless released
    released: bool


@dataclass(frozen=True)
class Other:
    """Someone else on the record: their details, and how they are described to the reviewer."""

    whose: str
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None


@dataclass
class Redactor:
    """Withholds other people's details from one report's text, remembering each redaction."""

    request_id: int
    scope: str  # the report's reference: keys are stable per request and report
    subject: Person
    released: frozenset[str]
    others: list[Other] = field(default_factory=list)
    found: dict[str, Redaction] = field(default_factory=dict)

    def withhold(self, what: str, whose: str, original: str) -> str | None:
        """A whole value (a field, a role as a source): None when withheld, else the original."""
        redaction = self._note(what, whose, original)
        return original if redaction.released else None

    def text(self, words: str | None) -> str | None:
        """Free text with other people's identifiers replaced by a placeholder unless released."""
        if words is None:
            return None
        for value, what, whose in self._identifiers(words):
            redaction = self._note(what, whose, value)
            if not redaction.released:
                words = re.sub(re.escape(value), f"[withheld: another person's {what}]", words, flags=re.IGNORECASE)
        return words

    def _note(self, what: str, whose: str, original: str) -> Redaction:
        key = hashlib.sha256(f"{self.request_id}|{self.scope}|{what}|{original.casefold()}".encode()).hexdigest()[:16]
        self.found.setdefault(key, Redaction(key, what, whose, original, key in self.released))
        return self.found[key]

    def _identifiers(self, words: str) -> list[tuple[str, str, str]]:
        found = [*self._known(words), *self._phones(words), *self._emails(words)]
        return sorted(set(found), key=lambda item: -len(item[0]))

    def _known(self, words: str) -> list[tuple[str, str, str]]:
        found = []
        lowered = words.casefold()
        for other in self.others:
            name_released = bool(other.name) and self._note("name", other.whose, other.name or "").released
            for value, what in _details(other):
                if what == "name" and name_released:
                    continue  # the whole name was released, so its parts are too
                if value.casefold() in lowered and not self._mine(value):
                    found.append((value, what, other.whose))
        return found

    def _phones(self, words: str) -> list[tuple[str, str, str]]:
        matches = phonenumbers.PhoneNumberMatcher(words, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
        found = []
        for match in matches:
            number = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            if number != self.subject.phone:
                found.append((match.raw_string, "phone number", "another person"))
        return found

    def _emails(self, words: str) -> list[tuple[str, str, str]]:
        return [
            (address, "email address", "another person")
            for address in EMAIL.findall(words)
            if address.lower() != (self.subject.email or "")
        ]

    def _mine(self, value: str) -> bool:
        mine = {part.casefold() for part in (self.subject.name or "").split()}
        return value.casefold() in mine or (self.subject.name or "").casefold() == value.casefold()


def _details(other: Other) -> list[tuple[str, str]]:
    details = [(other.name, "name"), (other.phone, "phone number"), (other.email, "email address")]
    details.append((other.address, "address"))
    if other.name:
        details.extend((part, "name") for part in other.name.split() if len(part) >= NAME_PART_MIN)
    if other.phone and other.phone.startswith("+44"):
        details.append(("0" + other.phone[3:], "phone number"))  # as people write it: 07700 900123
    return [(value.strip(), what) for value, what in details if value and value.strip()]
