"""Finding a report or case by its reference as people read it out on the phone (issue 19).

Case, spaces and hyphens are forgiven (a case has its first report's reference). A reference that
fails its check character was mistyped: the references one character away that pass the check,
exist, and the viewer may see are suggested; restricted ones never to anyone but a manager
(policy 4.11). No reference is ever guessed beyond one character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from intake import audit
from intake.case_tables import StaffUser
from intake.casework.lookup import may_see_restricted
from intake.context import Intake
from intake.models import Report
from intake.references import ALPHABET, parse_reference

_BODY_AND_CHECK = 8


@dataclass(frozen=True)
class Found:
    reference: str | None  # the report found, if the reference was typed right
    suggestions: tuple[str, ...] = ()  # references one character away, if it was not


def find_reference(intake: Intake, viewer: StaffUser, typed: str) -> Found:
    """The visible report with this reference, or the visible ones it was probably meant to be."""
    prefix = intake.reference_prefix
    exact = parse_reference(typed, prefix)
    candidates = [exact] if exact else one_character_away(typed, prefix)
    with intake.db.begin() as session:
        query = select(Report.reference).where(Report.reference.in_(candidates))
        if not may_see_restricted(viewer):
            query = query.where(Report.restricted.is_(False))  # policy 4.11
        found = sorted(session.scalars(query))
        audit.record(session, at=intake.clock(), actor=viewer.actor, action="reference_searched", found=len(found))
    if exact is not None:
        return Found(exact if found else None)
    return Found(None, tuple(found))


def one_character_away(typed: str, prefix: str) -> list[str]:
    """Valid references that differ from what was typed in exactly one character."""
    compact = re.sub(r"[\s\-]", "", typed).upper()
    if compact.startswith(prefix.upper()):
        compact = compact[len(prefix) :]
    if len(compact) != _BODY_AND_CHECK:
        return []
    found = []
    for position in range(_BODY_AND_CHECK):
        for char in ALPHABET:
            if char != compact[position]:
                reference = parse_reference(compact[:position] + char + compact[position + 1 :], prefix)
                if reference is not None:
                    found.append(reference)
    return found
