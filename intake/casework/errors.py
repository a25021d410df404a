"""What a staff service says when it will not do what was asked."""

from __future__ import annotations

from intake.accounts.lifecycle import Refused  # one refusal for every service staff and partners use

__all__ = ["Gone", "Hidden", "Refused"]


class Hidden(LookupError):
    """No such report or case for this member of staff (missing, or restricted, policy 4.11)."""


class Gone(LookupError):
    """Something recorded whose content was destroyed with its key (an attachment of a purged case)."""
