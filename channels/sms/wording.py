"""The words of every reply we text, from templates/messages: references and states, never content.

Each reply is in a language (issue 15): the report's for a reply about it (the core renders those
in the report's language), the keyword's for HELP and STATUS written in another language.
"""

from __future__ import annotations

from channels.sms.keywords import STATUS_BY_LANGUAGE
from intake.public import N_, SOURCE, Status, render, using
from intake.public import gettext as _

# What a reporter is told about their report's state (policy 4.1: a response within one working day).
STATE_WORDS = {
    Status.NEW.value: N_("with our team, who will respond within one working day"),
    Status.OPEN.value: N_("open and our team is working on it"),
    Status.CLOSED.value: N_("closed"),
}
SOME_STATE = N_("with our team")


def acknowledgement(org_name: str, reference: str) -> str:
    """The first reply: the reference, the one-working-day promise and 999 (policy 4.1)."""
    return _text("acknowledgement_sms.txt", org_name=org_name, reference=reference)


def added(org_name: str, reference: str) -> str:
    """A short confirmation that a later text joined its report."""
    return _text("sms_added.txt", org_name=org_name, reference=reference)


def help_text(org_name: str, language: str | None = None) -> str:
    """How to report by text, and the emergency number; STATUS named in the reply's own language."""
    code = language or SOURCE
    return _text("sms_help.txt", language, org_name=org_name, status_word=STATUS_BY_LANGUAGE.get(code, "STATUS"))


def status(org_name: str, reference: str | None, state: str | None, language: str | None = None) -> str:
    """A report's reference and state, or that this number has none."""
    if reference is None or state is None:
        return _text("sms_status_none.txt", language, org_name=org_name)
    with using(language):
        words = _(STATE_WORDS.get(state, SOME_STATE))
    return _text("sms_status.txt", language, org_name=org_name, reference=reference, state=words)


def _text(template: str, language: str | None = None, **values: str) -> str:
    return render(template, language, **values).strip()
