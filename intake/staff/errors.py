"""What a staff service says when it will not do what was asked."""

from __future__ import annotations


class Refused(Exception):
    """A rule stops this decision; the message says which, in words staff read on the page."""


class Hidden(LookupError):
    """No such report or case for this member of staff (missing, or restricted, policy 4.11)."""
