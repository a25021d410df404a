"""The words of every reply we text, from templates/messages: references and states, never content."""

from __future__ import annotations

from intake.public import Status, render

# What a reporter is told about their report's state (policy 4.1: a response within one working day).
STATE_WORDS = {
    Status.NEW.value: "with our team, who will respond within one working day",
    Status.OPEN.value: "open and our team is working on it",
    Status.CLOSED.value: "closed",
}


def acknowledgement(org_name: str, reference: str) -> str:
    """The first reply: the reference, the one-working-day promise and 999 (policy 4.1)."""
    return _text("acknowledgement_sms.txt", org_name=org_name, reference=reference)


def added(org_name: str, reference: str) -> str:
    """A short confirmation that a later text joined its report."""
    return _text("sms_added.txt", org_name=org_name, reference=reference)


def help_text(org_name: str) -> str:
    """How to report by text, and the emergency number."""
    return _text("sms_help.txt", org_name=org_name)


def status(org_name: str, reference: str | None, state: str | None) -> str:
    """A report's reference and state, or that this number has none."""
    if reference is None or state is None:
        return _text("sms_status_none.txt", org_name=org_name)
    words = STATE_WORDS.get(state, "with our team")
    return _text("sms_status.txt", org_name=org_name, reference=reference, state=words)


def _text(template: str, **values: str) -> str:
    return render(template, **values).strip()
