"""The submit step: the answers in force become one ReportDraft, sent in through the core once.

The one-time token in the check-answers form is the inbound key, so a double click or the
back button after sending finds the first report instead of making a second.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from channels.web.answer_store import files_holder
from channels.web.conditions import Answers, page_answer, role
from channels.web.pages import applicable
from intake.public import (
    Acknowledgement,
    Answer,
    AttachmentDraft,
    ConsentBasis,
    ConsentDraft,
    Contact,
    Inbound,
    Interpreter,
    ReportDraft,
    ResponsiblePerson,
    SafetyFlags,
    Submission,
    answer_of,
    current_intake,
    normalise_email,
    normalise_phone,
    submit_report,
)

CONSENT_PAGES = {
    "consent-contact": "contact",
    "consent-police": "share_with_police",
    "consent-partners": "share_with_partners",
    "consent-panel": "multi_agency_panel",
}


def send(answers: Answers) -> Submission:
    """Submit the report these answers describe, under the answers' one-time token."""
    return submit_report(current_intake(), build_draft(answers_in_force(answers)))


def answers_in_force(answers: Answers) -> Answers:
    """Only the pages that apply to the final answers: a changed answer can make earlier ones moot."""
    pages = {page.slug: answers["pages"][page.slug] for page in applicable(answers) if page.slug in answers["pages"]}
    return {**answers, "pages": pages}


def build_draft(answers: Answers) -> ReportDraft:
    """Every answer mapped onto the draft's fields (the core checks and triages it)."""
    reporter = _contact(answers, "")
    return ReportDraft(
        inbound=_inbound(answers),
        reporter_role=role(answers) or "unknown",
        description=page_answer(answers, "in-your-own-words").get("description") or "",
        characteristics=tuple(page_answer(answers, "why").get("characteristics", [])),
        incident_types=tuple(page_answer(answers, "what-happened").get("incident_types", [])),
        occurred_at=_occurred_at(page_answer(answers, "when").get("occurred_on")),
        occurred_text=page_answer(answers, "when").get("occurred_text") or None,
        occurred_date_only=bool(page_answer(answers, "when").get("occurred_on")),  # the form asks no time
        **_where(answers),
        safety=_safety(answers),
        responsible=_responsible(page_answer(answers, "person-responsible")),
        reporter=reporter,
        victim=_contact(answers, "victim-") if role(answers) == "third_party" else None,
        victim_aware_and_agrees=_said(answers, "victim-agrees"),
        consents=_consents(answers),
        attachments=_attachments(answers),
        acknowledgement=_acknowledgement(answers, reporter),
        **_languages(answers),
    )


def _languages(answers: Answers) -> dict[str, Any]:
    """Issue 15: the language the form was filled in, and the reporter's for contact, as they said."""
    said = page_answer(answers, "contact-methods")
    chosen = said.get("contact_language")
    contact = (said.get("other_language") or None) if chosen == "other" else chosen
    return {
        "language": answers.get("language", "en"),
        "contact_language": contact,
        "interpreter": said.get("interpreter") or Interpreter.NOT_ASKED.value,
    }


def _inbound(answers: Answers) -> Inbound:
    """The raw item: the answers as JSON (files by their stored names), under the one-time token."""
    raw = {"pages": answers["pages"], "attachments": answers.get("attachments", [])}
    return Inbound("web", answers["token"], json.dumps(raw, ensure_ascii=False).encode(), "application/json")


def _occurred_at(day: str | None) -> datetime | None:
    """A date without a time: the start of that day where the landlord is."""
    if not day:
        return None
    return datetime.combine(date.fromisoformat(day), time(0), tzinfo=current_intake().calendar.timezone)


def _where(answers: Answers) -> dict[str, Any]:
    kind = page_answer(answers, "where").get("where")
    if kind == "address":
        address = page_answer(answers, "address")
        return {"location": address.get("address") or None, "postcode": address.get("postcode") or None}
    if kind == "area":
        return {"location": page_answer(answers, "place").get("area") or None}
    return {"location_withheld": kind == "withheld"}


def _yes(answers: Answers, slug: str) -> bool:
    return page_answer(answers, slug).get("answer") == "yes"


def _said(answers: Answers, slug: str) -> Answer:
    """The page's answer as said (yes, no, not sure); a page never shown is "not asked" (issue 19)."""
    return answer_of(page_answer(answers, slug).get("answer"))


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _safety(answers: Answers) -> SafetyFlags:
    """Policy 4.4 and 4.10: the answers that drive triage."""
    return SafetyFlags(
        injury=_said(answers, "anyone-hurt"),
        children_affected=_said(answers, "children"),
        feels_unsafe_at_home=_said(answers, "unsafe-at-home"),
        damage_needing_repair=_said(answers, "damage"),
        graffiti_to_remove=_said(answers, "graffiti"),
    )


def _responsible(answer: dict[str, Any]) -> ResponsiblePerson:
    """Each box ticked is a yes; "I don't know" is not sure for all; a box left empty is not said."""
    known = set(answer.get("known", []))
    unticked = Answer.NOT_SURE if "dont_know" in known else Answer.NOT_ASKED
    tenant = Answer.NO if "not_tenant" in known else unticked

    def ticked(code: str, otherwise: Answer = unticked) -> Answer:
        return Answer.YES if code in known else otherwise

    return ResponsiblePerson(
        known_to_victim=ticked("known_to_victim"),
        lives_nearby=ticked("lives_nearby"),
        is_tenant=ticked("is_tenant", tenant),
        is_staff=ticked("is_staff"),
        description=answer.get("description") or None,
    )


def _contact(answers: Answers, prefix: str) -> Contact:
    """One party's contact details; anonymous (reporter) or unreachable (victim) when they said no."""
    if prefix == "" and page_answer(answers, "contact").get("contact") != "yes":
        return Contact(anonymous=True)
    methods = page_answer(answers, f"{prefix}contact-methods")
    return Contact(
        name=page_answer(answers, f"{prefix}your-name" if not prefix else "victim-name").get("name") or None,
        phone=methods.get("phone") or None,
        email=methods.get("email") or None,
        address=methods.get("address") or None,
        safe_methods=tuple(methods.get("methods", [])),
        safe_times=methods.get("safe_times") or None,
        message_safe=_yes_no(page_answer(answers, f"{prefix}messages-safe").get("answer")),
        named_person=methods.get("named_person") or None,
    )


def _consents(answers: Answers) -> tuple[ConsentDraft, ...]:
    """Policy 5.2 to 5.4: each consent as answered; a witness consents for themselves. A third party
    reports the victim's wishes; when the victim does not know of the report, or the reporter is not
    sure, the consent is not known (reported by a third party), never given (issue 19)."""
    if role(answers) != "third_party":
        party = "reporter" if role(answers) == "witness" else "victim"
        return tuple(
            ConsentDraft(kind=kind, given=_yes(answers, slug), party=party, recorded_by="reporter")
            for slug, kind in CONSENT_PAGES.items()
            if slug in answers["pages"]
        )
    knows = _said(answers, "victim-agrees") is Answer.YES
    basis = ConsentBasis.REPORTED_WISHES if knows else ConsentBasis.NOT_KNOWN
    return tuple(
        ConsentDraft(kind, knows and _yes(answers, slug), "victim", "reporter", basis, _reported(answers, slug))
        for slug, kind in CONSENT_PAGES.items()
        if slug in answers["pages"] or not knows
    )


def _reported(answers: Answers, slug: str) -> Answer | None:
    """What the third party said of the victim's wishes; None where the question was not asked."""
    return _said(answers, slug) if slug in answers["pages"] else None


def _attachments(answers: Answers) -> tuple[AttachmentDraft, ...]:
    """The form's own held copies; the core stores the report's copies with the report."""
    store, holder = current_intake().attachments, files_holder(answers)
    return tuple(
        AttachmentDraft(held["filename"], store.open_held(holder, held["storage_name"]), held["content_type"])
        for held in answers.get("attachments", [])
    )


def _acknowledgement(answers: Answers, reporter: Contact) -> Acknowledgement | None:
    """Only by a method the reporter marked safe, to the address they gave, when messages are safe."""
    method = page_answer(answers, "send-reference").get("send")
    if method not in {"email", "sms"} or method not in reporter.safe_methods or reporter.message_safe is not True:
        return None
    # The same normalised address the core stores for the reporter (and checks opt-outs against).
    ignored: list[str] = []
    if method == "email":
        recipient = normalise_email(reporter.email, "reporter", ignored)
    else:
        recipient = normalise_phone(reporter.phone, "reporter", ignored)
    return Acknowledgement(method, recipient) if recipient and not ignored else None
