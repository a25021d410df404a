"""Random markers a report carries, and how to find them again in anything stored.

Each source (a channel's report, an unsent web form, a subject access request) gets markers of its
own, so a finding names the source it came from.
Each marker is random and not an English word: no triage phrase can match it, and no other
test's data (which may linger in a database file's free pages) can contain it by chance.
A marker is looked for in every spelling a store might keep it in: as typed, lower-cased,
URL-encoded (raw SMS and API bodies), and, for a phone number, as E.164 and digits alone.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

CONSONANTS = "bcdfgjklmnpqrstvwxz"
SYLLABLE_CONSONANTS = "bdfgjklmnprstvz"
VOWELS = "aeiou"


def _word() -> str:
    """A token no dictionary or phrase list holds: "zq" and ten consonants."""
    return "zq" + "".join(secrets.choice(CONSONANTS) for _ in range(10))


def _name_part(syllables: int) -> str:
    return "".join(secrets.choice(SYLLABLE_CONSONANTS) + secrets.choice(VOWELS) for _ in range(syllables)).title()


def _letters(count: int) -> str:
    return "".join(secrets.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(count))


@dataclass(frozen=True)
class Markers:
    """What one source says, each part random: free text, a person, a file, later words."""

    word: str  # in the report's free text
    answer: str  # in its other free-text answers: when, where, who did it, safe times to call
    given_name: str
    family_name: str
    phone: str  # as a person types it: 07700 900xxx, Ofcom's drama range (the web form takes no other 07700)
    email: str  # as typed, capitals and all
    street: str  # the random part of an address
    postcode: str
    file_bytes: str  # inside an attachment's bytes
    file_name: str  # in an attachment's name
    later: str  # in a later message: an SMS follow-up, an email reply, a partner's message
    note: str  # a staff note on the case
    contact_log: str  # a contact-log entry
    staff_message: str  # a message staff send the reporter

    @classmethod
    def new(cls, phone: str) -> Markers:
        return cls(
            word=_word(),
            answer=_word(),
            given_name=_name_part(3),
            family_name=_name_part(4),
            phone=phone,
            email=f"R{_word()[2:]}@Resident.Example",
            street=_name_part(4),
            postcode=f"Z{_letters(1)}{secrets.randbelow(90) + 10} {secrets.randbelow(10)}{_letters(2)}",
            file_bytes=_word(),
            file_name=_word(),
            later=_word(),
            note=_word(),
            contact_log=_word(),
            staff_message=_word(),
        )

    @classmethod
    def for_sources(cls, sources: Iterable[str]) -> dict[str, Markers]:
        """Markers for each source, no two with the same phone number (900000, our own number, left out)."""
        names = list(sources)
        numbers = secrets.SystemRandom().sample(range(1, 1000), len(names))
        return {source: cls.new(f"07700 900{number:03d}") for source, number in zip(names, numbers, strict=True)}

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def e164(self) -> str:
        return "+44" + self.phone.replace(" ", "")[1:]

    @property
    def address(self) -> str:
        return f"Flat 4, {self.street} House"


# What each marker is called in a finding, and the spellings that count as finding it.
KINDS: dict[str, Callable[[Markers], list[str]]] = {
    "marker word": lambda m: [m.word],
    "free-text answer": lambda m: [m.answer],
    "name": lambda m: [m.given_name, m.family_name],
    "phone as typed": lambda m: [*_spellings(m.phone), m.phone.replace(" ", ""), m.phone[1:]],  # also +44 7700 ...
    "phone as E.164": lambda m: [m.e164[1:]],  # digits after the +: also finds %2B44... and 44...
    "email": lambda m: _spellings(m.email.lower()),
    "address": lambda m: [m.street],
    "postcode": lambda m: [*_spellings(m.postcode), m.postcode.replace(" ", "")],
    "attachment bytes": lambda m: [m.file_bytes],
    "attachment name": lambda m: [m.file_name],
    "later message": lambda m: [m.later],
    "staff note": lambda m: [m.note],
    "contact log": lambda m: [m.contact_log],
    "staff message": lambda m: [m.staff_message],
}


def _spellings(value: str) -> list[str]:
    return list(dict.fromkeys([value, quote(value), quote_plus(value)]))


@dataclass(frozen=True)
class Needle:
    kind: str
    source: str
    spellings: tuple[bytes, ...]  # lower-cased: a haystack is lower-cased before the search


def needles(markers: dict[str, Markers]) -> list[Needle]:
    """Every marker of every source, in every spelling it could be stored in."""
    return [
        Needle(kind, source, tuple(spelling.lower().encode() for spelling in spell(source_markers)))
        for source, source_markers in markers.items()
        for kind, spell in KINDS.items()
    ]


def found_in(haystack: bytes, all_needles: Iterable[Needle]) -> set[tuple[str, str]]:
    """(kind, source) of every marker in these bytes, case aside."""
    lowered = haystack.lower()
    return {
        (needle.kind, needle.source)
        for needle in all_needles
        if any(spelling in lowered for spelling in needle.spellings)
    }


def describe(found: set[tuple[str, str]]) -> str:
    """'marker word (email, sms), name (web)': kinds in KINDS order, each with its sources."""
    sources: dict[str, set[str]] = defaultdict(set)
    for kind, source in found:
        sources[kind].add(source)
    return ", ".join(f"{kind} ({', '.join(sorted(sources[kind]))})" for kind in KINDS if kind in sources)


def checklist(place: str, findings: dict[str, set[tuple[str, str]]]) -> str:
    """A failure message: where each marker was found, one line per table.column or file, sorted."""
    lines = [f"  {where}: {describe(found)}" for where, found in sorted(findings.items()) if found]
    count = f"{len(lines)} place" + ("" if len(lines) == 1 else "s")
    return f"Found in clear in {place} ({count}):\n" + "\n".join(lines)
