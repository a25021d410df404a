"""What a staff service says when it will not do what was asked."""

from __future__ import annotations

from intake.accounts.lifecycle import Refused  # one refusal for every service staff and partners use

__all__ = ["Hidden", "Refused"]


class Hidden(LookupError):
    """No such report or case for this member of staff (missing, or restricted, policy 4.11)."""
