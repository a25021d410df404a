"""Report references: short, unambiguous, not sequential, with a check character.

``HPG-7KQ4-M9XC``: a configurable prefix, seven random characters and one check character
from an alphabet without 0/O, 1/I/L or U. The check character is Luhn mod N, which catches
every single mistyped character and almost every swap of two neighbours, so a mistyped reference
is recognised as invalid instead of matching somebody else's report.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
_BODY_LENGTH = 7
_INDEX = {char: i for i, char in enumerate(ALPHABET)}


def new_reference(prefix: str) -> str:
    """A fresh random reference with its check character."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(_BODY_LENGTH))
    return _format(prefix, body + check_character(body))


def check_character(body: str) -> str:
    """Luhn mod N over ``body``."""
    n = len(ALPHABET)
    total = 0
    factor = 2
    for char in reversed(body):
        addend = factor * _INDEX[char]
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def parse_reference(text: str, prefix: str) -> str | None:
    """The canonical reference in ``text`` as typed by a person, or None if it is not valid.

    Case, spaces and dashes are forgiven; a wrong check character is not.
    """
    compact = re.sub(r"[\s\-]", "", text).upper()
    if compact.startswith(prefix):
        compact = compact[len(prefix) :]
    if len(compact) != _BODY_LENGTH + 1 or any(char not in _INDEX for char in compact):
        return None
    if check_character(compact[:-1]) != compact[-1]:
        return None
    return _format(prefix, compact)


def find_references(text: str, prefix: str) -> list[str]:
    """Every valid reference quoted in free text (an email subject, a text message)."""
    pattern = re.compile(
        rf"(?<![A-Z0-9]){re.escape(prefix)}[\s\-]?([A-Z0-9]{{4}})[\s\-]?([A-Z0-9]{{4}})(?![A-Z0-9])",
        re.IGNORECASE,
    )
    found = []
    for match in pattern.finditer(text):
        reference = parse_reference(match[1] + match[2], prefix)
        if reference is not None and reference not in found:
            found.append(reference)
    return found


def _format(prefix: str, compact: str) -> str:
    return f"{prefix}-{compact[:4]}-{compact[4:]}"
