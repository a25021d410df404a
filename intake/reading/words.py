"""Reading a resident's own words: normalise the text, then find the phrases of a phrase book in it.

The phrase book is data (``config/signals/*.txt``, one file a language), so adding words or a
language is an edit to a text file, not to code. Matching is plain ``re`` over normalised words:
no network service, no model, and the same answer every time for the same words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from config import CONFIG_DIR

PHRASE_DIR = CONFIG_DIR / "signals"
BOUNDARY = "|"  # stands between clauses: a negation never reaches across it
NEGATION_REACH = 3  # words before a phrase in which "no", "not", "nobody" ... undo it
GAP_WORDS = 3  # what ".." in a phrase stands for: up to this many other words
READING = frozenset({"spelling", "negation", "boundary", "unnegated"})  # how to read, not what it means
_WORD = re.compile(r"[a-z0-9]+|[.!?;:,()\n]")
_APOSTROPHES = re.compile("['\u2019\u2018`]")


@dataclass(frozen=True)
class Phrase:
    signal: str
    clause: str  # the policy clause the phrase serves, e.g. "4.4"
    text: str  # as written in the file
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class PhraseBook:
    phrases: tuple[Phrase, ...]
    spellings: dict[str, str] = field(default_factory=dict)
    negations: tuple[tuple[str, ...], ...] = ()
    boundaries: frozenset[str] = frozenset()
    unnegated: frozenset[str] = frozenset()  # signals a mention carries even after "no" ("no blacks")


@dataclass(frozen=True)
class Found:
    """One signal found in a text, with the words that triggered it."""

    signal: str
    clause: str
    words: str


def normalise(text: str, book: PhraseBook) -> list[str]:
    """Lower-case words without accents or apostrophes, misspellings put right, clauses marked."""
    words: list[str] = []
    for token in _WORD.findall(_plain(text)):
        if token.isalnum() and token not in book.boundaries:
            words.extend(book.spellings.get(token, token).split())
        elif not words or words[-1] != BOUNDARY:
            words.append(BOUNDARY)
    return words


def find(text: str, book: PhraseBook) -> list[Found]:
    """Every signal whose phrase occurs in ``text`` and is not negated; one entry a signal."""
    words = normalise(text, book)
    joined = " " + " ".join(words) + " "
    found: dict[str, Found] = {}
    for phrase in book.phrases:
        if phrase.signal in found:
            continue
        for match in phrase.pattern.finditer(joined):
            if phrase.signal in book.unnegated or not _negated(joined[: match.start()], book):
                found[phrase.signal] = Found(phrase.signal, phrase.clause, match.group(0).strip())
                break
    return list(found.values())


def _negated(before: str, book: PhraseBook) -> bool:
    """Simple negation: "no one was hurt", "not injured", "nobody threatened us"."""
    clause = before.rsplit(BOUNDARY, 1)[-1].split()
    reach = clause[-NEGATION_REACH:]
    return any(_contains(reach, cue) for cue in book.negations)


def _contains(words: list[str], cue: tuple[str, ...]) -> bool:
    size = len(cue)
    return any(tuple(words[i : i + size]) == cue for i in range(len(words) - size + 1))


def compile_phrase(text: str) -> re.Pattern[str]:
    """``burn*`` is a word that may go on (burn, burning, burnt); ``..`` is up to three other words;
    ``#`` is a number ("# kids" finds "3 kids")."""
    parts = []
    for word in text.split():
        if word == "..":
            parts.append(rf"(?:[a-z0-9]+ ){{0,{GAP_WORDS}}}")
        elif word == "#":
            parts.append(r"[0-9]+ ")
        elif word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"[a-z0-9]* ")
        else:
            parts.append(re.escape(word) + " ")
    return re.compile(" " + "".join(parts))


@cache
def phrase_book(directory: Path = PHRASE_DIR) -> PhraseBook:
    """Every phrase file in ``directory`` (one a language), read once."""
    lines = [line for path in sorted(directory.glob("*.txt")) for line in _entries(path)]
    return build_book(lines)


def build_book(entries: Iterable[tuple[str, str, str]]) -> PhraseBook:
    """A phrase book from (signal, clause, phrase) entries; the ``READING`` entries say how to
    read the words rather than what they mean."""
    entries = [(signal, clause, _plain(text)) for signal, clause, text in entries]
    spellings = dict(_spelling(text) for signal, _, text in entries if signal == "spelling")
    negations = tuple(tuple(text.split()) for signal, _, text in entries if signal == "negation")
    boundaries = frozenset(text for signal, _, text in entries if signal == "boundary")
    unnegated = frozenset(text for signal, _, text in entries if signal == "unnegated")
    phrases = tuple(
        Phrase(signal, clause, text, compile_phrase(_respelled(text, spellings)))
        for signal, clause, text in entries
        if signal not in READING
    )
    return PhraseBook(phrases, spellings, negations, boundaries, unnegated)


def _plain(text: str) -> str:
    """A phrase written as a person would ("don't", "café") read as the text will be."""
    plain = unicodedata.normalize("NFKD", text)
    return _APOSTROPHES.sub("", "".join(c for c in plain if not unicodedata.combining(c)).casefold())


def _spelling(text: str) -> tuple[str, str]:
    wrong, right = (side.strip() for side in text.split("=", 1))
    return wrong, right


def _respelled(text: str, spellings: dict[str, str]) -> str:
    return " ".join(spellings.get(word, word) for word in text.split())


def _entries(path: Path) -> Iterator[tuple[str, str, str]]:
    """``signal | clause | phrase`` lines; blank lines and lines starting ``#`` (comments) are skipped."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not all(parts):
            raise ValueError(f"{path.name} line {number}: expected 'signal | clause | phrase'")
        yield parts[0], parts[1], parts[2]
