"""When each question applies, read from the answers so far (the page table in pages.py uses these)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from intake.public import is_uk_mobile

Answers = dict[str, Any]
Condition = Callable[[Answers], bool]


def page_answer(answers: Answers, slug: str) -> dict[str, Any]:
    """What was answered on one page, or nothing."""
    return dict(answers.get("pages", {}).get(slug, {}))


def role(answers: Answers) -> str:
    """Who is reporting (policy 4.5): victim, witness or third_party; blank before they say."""
    return str(page_answer(answers, "who").get("role", ""))


def answered(slug: str, name: str, value: str) -> Condition:
    """Asked only after this answer to that page."""
    return lambda answers: page_answer(answers, slug).get(name) == value


def third_party(answers: Answers) -> bool:
    """Someone reporting for the victim: we also ask how to reach the victim (policy 4.5)."""
    return role(answers) == "third_party"


def reporter_contactable(answers: Answers) -> bool:
    """The reporter chose to give contact details rather than stay anonymous."""
    return page_answer(answers, "contact").get("contact") == "yes"


def victim_contactable(answers: Answers) -> bool:
    """A third party said it is safe to contact the victim."""
    return third_party(answers) and page_answer(answers, "victim-contact").get("answer") == "yes"


def whom_we_contact(answers: Answers) -> str | None:
    """Who we will contact about the report, in the reporter's words: "you", "the person it happened to"
    (reported for them, policy 4.5), or nobody (None), when the pages promise action, never a reply."""
    if reporter_contactable(answers):
        return "you"
    return "the person it happened to" if victim_contactable(answers) else None


def messages_possible(prefix: str) -> Condition:
    """A phone, text or email was marked safe, so whether a message is safe must be asked."""

    def check(answers: Answers) -> bool:
        methods = set(page_answer(answers, f"{prefix}contact-methods").get("methods", []))
        return bool(methods & {"phone", "sms", "email"})

    return check


def acknowledgement_possible(answers: Answers) -> bool:
    """Policy-led caution: offer to send the reference only by a safe method where a message is safe."""
    message_safe = page_answer(answers, "messages-safe").get("answer") == "yes"
    return reporter_contactable(answers) and message_safe and bool(acknowledgement_methods(answers))


def acknowledgement_methods(answers: Answers) -> set[str]:
    """The safe ways the reference could go: email, and a text only to a UK mobile number."""
    contact = page_answer(answers, "contact-methods")
    methods = set(contact.get("methods", [])) & {"email", "sms"}
    return methods if is_uk_mobile(contact.get("phone")) else methods - {"sms"}


def consent_asked(answers: Answers) -> bool:
    """Policy 5.2 to 5.4: consent is the victim's. A third party whose victim does not know of the report
    is not asked (nobody can give it: it is recorded as not known); one who is not sure is asked what they
    know of the victim's wishes (issue 19)."""
    return not third_party(answers) or page_answer(answers, "victim-agrees").get("answer") in {"yes", "not_sure"}


def asking_wishes(answers: Answers) -> bool:
    """A third party not sure the victim knows: the consent questions ask what they know of the victim's
    wishes, with "I don't know", and what they say is never the victim's consent given (issue 19)."""
    return third_party(answers) and page_answer(answers, "victim-agrees").get("answer") == "not_sure"


def contact_consent_asked(answers: Answers) -> bool:
    """Asked of a victim or witness who gave contact details (for themselves), and of a third party
    only when the victim knows of the report and can be contacted (it is the victim's consent)."""
    if third_party(answers):
        return victim_contactable(answers) and consent_asked(answers)
    return reporter_contactable(answers)


def all_of(*checks: Condition) -> Condition:
    """Asked only when every condition holds."""
    return lambda answers: all(check(answers) for check in checks)
