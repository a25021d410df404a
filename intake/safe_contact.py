"""Whether a party may be sent a message at all, by text or email.

Never by a method they did not mark safe (some reporters are put at risk by a text or email
from us), only when they said a message is safe, and never when their latest answer on contact
(policy 5.2) is a refusal or was withdrawn. Staff messages and texts both ask here.
"""

from __future__ import annotations

from collections.abc import Iterable

from intake.models import Consent, Party
from intake.vocabulary import ConsentKind


def may_message(party: Party, consents: Iterable[Consent], method: str) -> bool:
    """True only where every one of the party's answers allows a message by ``method``."""
    return method in party.safe_methods and party.message_safe is True and not contact_refused(party, consents)


def contact_refused(party: Party, consents: Iterable[Consent]) -> bool:
    """The party's latest answer on contact is a refusal, or was withdrawn."""
    theirs = [
        c
        for c in consents
        if c.report_id == party.report_id and c.party_role == party.role and c.kind == ConsentKind.CONTACT.value
    ]
    latest = max(theirs, key=lambda c: (c.recorded_at, c.id), default=None)
    return latest is not None and (not latest.given or latest.withdrawn_at is not None)
