"""The one mapping from the staff form's answers to a ``ReportDraft`` (keep it here, and small).

Answers are kept as said (issue 19): yes, no, not sure, not asked; "not known" on the person
responsible is "not sure".

A third party cannot give the victim's consent (policy 4.5, 5.2 to 5.4): what they say of the
victim's wishes is kept as reported wishes with consent not known (and as a review reason, for
someone to ask the victim), never as a consent given. Only a victim reporting for themselves gives
consents here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any

from intake.public import (
    RESPONSIBLE_ANSWERS,
    SAFETY_ANSWERS,
    Answer,
    Channel,
    ConsentBasis,
    ConsentDraft,
    Contact,
    Inbound,
    PartyRole,
    ReportDraft,
    ReporterRole,
    ResponsiblePerson,
    SafetyFlags,
)

RECEIVED_BY = {
    "telephone": "by telephone",
    "office": "in person at the office",
    "safe_venue": "in person at an agreed safe venue",
    "home_visit": "on a home visit",
}
CONSENTS = ("contact", "share_with_police", "share_with_partners", "multi_agency_panel")
ANSWER = {"yes": True, "no": False}  # "not_sure", "not_known", "not_asked": not a yes or a no
SAID = {"not_known": Answer.NOT_SURE}  # the form's "not known" is the vocabulary's "not sure"


def report_draft(answers: Mapping[str, Any], inbound: Inbound, *, recorded_by: str) -> ReportDraft:
    """The report a member of staff recorded, as a draft for ``intake.services.submit_report``."""
    role = answers["reporter_role"]
    is_victim = role == ReporterRole.VICTIM
    return ReportDraft(
        inbound=inbound,
        reporter_role=role,
        description=f"(Taken {RECEIVED_BY[answers['how_received']]} by staff.)\n\n{answers['description']}",
        characteristics=tuple(answers.get("characteristics") or ()),
        incident_types=tuple(answers.get("incident_types") or ()),
        occurred_text=_given(answers.get("occurred_text")),
        location=_given(answers.get("location")),
        postcode=_given(answers.get("postcode")),
        safety=SafetyFlags(**{name: _said(answers[name]) for name in SAFETY_ANSWERS}),
        responsible=_responsible(answers),
        reporter=_reporter(answers),
        victim_aware_and_agrees=Answer.NOT_ASKED if is_victim else _said(answers["victim_aware_and_agrees"]),
        consents=_consents(answers, recorded_by) if is_victim else _wishes(answers, recorded_by),
        review_reasons=() if is_victim else _reported_wishes(answers),
    )


def inbound(token: str, raw: bytes, started_at: datetime) -> Inbound:
    """The posted form under its one-time token; the clocks run from when the call or visit began."""
    return Inbound(
        channel=Channel.ASSISTED,
        key=f"form:{token}",
        raw=raw,
        content_type="application/x-www-form-urlencoded",
        received_at=started_at,
    )


def local_time(entered: datetime, zone: tzinfo) -> datetime:
    """A date and time typed by staff, read in the landlord's time zone."""
    return entered.replace(tzinfo=zone) if entered.tzinfo is None else entered


def _responsible(answers: Mapping[str, Any]) -> ResponsiblePerson:
    known = {name: _said(answers[f"responsible_{name}"]) for name in RESPONSIBLE_ANSWERS}
    return ResponsiblePerson(**known, description=_given(answers.get("responsible_description")))


def _reporter(answers: Mapping[str, Any]) -> Contact:
    return Contact(
        name=_given(answers.get("name")),
        phone=_given(answers.get("phone")),
        email=_given(answers.get("email")),
        address=_given(answers.get("address")),
        safe_methods=tuple(answers.get("safe_methods") or ()),
        safe_times=_given(answers.get("safe_times")),
        message_safe=ANSWER.get(answers["message_safe"]),
        named_person=_given(answers.get("named_person")),
        anonymous=answers["anonymous"] == "yes",
    )


def _consents(answers: Mapping[str, Any], recorded_by: str) -> tuple[ConsentDraft, ...]:
    """The victim's own answers; "does not know" and "not asked" record no consent (so none is given)."""
    given = {kind: ANSWER.get(answers[f"consent_{kind}"]) for kind in CONSENTS}
    return tuple(
        ConsentDraft(kind=kind, given=answer, party=PartyRole.VICTIM, recorded_by=recorded_by)
        for kind, answer in given.items()
        if answer is not None
    )


def _wishes(answers: Mapping[str, Any], recorded_by: str) -> tuple[ConsentDraft, ...]:
    """Policy 4.5: each consent a third party speaks to is not known, with what they said of the victim's wishes."""
    return tuple(
        ConsentDraft(
            kind, False, PartyRole.VICTIM, recorded_by, ConsentBasis.NOT_KNOWN, _said(answers[f"consent_{kind}"])
        )
        for kind in CONSENTS
    )


def _said(code: str) -> Answer:
    """A radio answer kept as said."""
    return SAID.get(code) or Answer(code)


def _reported_wishes(answers: Mapping[str, Any]) -> tuple[str, ...]:
    """Policy 4.5: a third party's account of the victim's wishes, kept as such: consent not known."""
    words = {"yes": "would agree", "no": "would not agree", "not_known": "does not know", "not_asked": "not asked"}
    wishes = "; ".join(f"{kind.replace('_', ' ')}: {words[answers[f'consent_{kind}']]}" for kind in CONSENTS)
    return (f"Consent not known (reported by a third party). Reported wishes of the victim: {wishes}",)


def _given(text: str | None) -> str | None:
    return text.strip() if text and text.strip() else None
