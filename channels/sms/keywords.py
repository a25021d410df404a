"""What a text asks for: a report (the usual case), or one of the carrier keywords.

Twilio answers STOP, START and HELP itself and keeps the opt-out state for the number; we
record the same state (nothing is ever sent to an opted-out number) and never answer those.
With Advanced Opt-Out, Twilio names the keyword in ``OptOutType``.
"""

from __future__ import annotations

import re
from enum import StrEnum

# Twilio's default opt-out and opt-in keywords (a whole message, any case).
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
START_WORDS = frozenset({"START", "YES", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})
# Issue 15: HELP and STATUS in each language of the service, answered in that language (glossary:
# docs/glossary.md). English's are above; STOP and START stay Twilio's. Matched as a whole message, any case.
HELP_BY_LANGUAGE = {
    "pl": frozenset({"POMOC"}),
    "ro": frozenset({"AJUTOR"}),
    "pa": frozenset({"ਮਦਦ"}),
    "ur": frozenset({"مدد"}),
    "ar": frozenset({"مساعدة"}),
}
STATUS_BY_LANGUAGE = {"en": "STATUS", "pl": "STAN", "ro": "STARE", "pa": "ਸਥਿਤੀ", "ur": "صورتحال", "ar": "الحالة"}


class Intent(StrEnum):
    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"
    PROVIDER_HELP = "provider_help"  # Twilio answered it (Advanced Opt-Out): record only
    HELP = "help"
    STATUS = "status"
    REPORT = "report"  # a new report, or a message on one


def intent_of(body: str, opt_out_type: str | None) -> Intent:
    """The intent of one text, from its words and Twilio's ``OptOutType`` when present."""
    marked = (opt_out_type or "").strip().upper()
    if marked:
        return {"STOP": Intent.OPT_OUT, "START": Intent.OPT_IN}.get(marked, Intent.PROVIDER_HELP)
    word = re.sub(r"[\s.!]+$", "", body.strip()).upper()
    if word in STOP_WORDS:
        return Intent.OPT_OUT
    if word in START_WORDS:
        return Intent.OPT_IN
    if word in HELP_WORDS or any(word in words for words in HELP_BY_LANGUAGE.values()):
        return Intent.HELP
    if word.split(maxsplit=1)[:1] and word.split(maxsplit=1)[0] in STATUS_BY_LANGUAGE.values():
        return Intent.STATUS
    return Intent.REPORT


def keyword_language(body: str) -> str | None:
    """The language a HELP or STATUS keyword was written in; None for English's (or no keyword)."""
    word = re.sub(r"[\s.!]+$", "", body.strip()).upper()
    first = word.split(maxsplit=1)[0] if word else ""
    for code, words in HELP_BY_LANGUAGE.items():
        if word in words:
            return code
    return next((code for code, status in STATUS_BY_LANGUAGE.items() if code != "en" and status == first), None)
