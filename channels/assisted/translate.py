"""The one mapping from the staff form's answers to a ``ReportDraft`` (keep it here, and small).

Issue 19 is turning the safety answers into three-valued answers in ``intake/drafts.py``. Until
that lands the draft takes booleans, so here "Yes" is True and "No", "Not sure" and "Not asked"
are False; a "Not sure" is kept as a review reason so staff still see it. On merge, map the
four answers straight through in ``_safety`` and drop ``_unsure``.

A third party cannot give the victim's consent (policy 4.5, 5.2 to 5.4): what they say of the
victim's wishes is kept as reported wishes (review reasons, for someone to ask the victim),
never as a consent given. Only a victim reporting for themselves gives consents here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any

from intake.drafts import ConsentDraft, Contact, Inbound, ReportDraft, ResponsiblePerson, SafetyFlags
from intake.vocabulary import Channel, PartyRole, ReporterRole

RECEIVED_BY = {
    "telephone": "by telephone",
    "office": "in person at the office",
    "safe_venue": "in person at an agreed safe venue",
    "home_visit": "on a home visit",
}
SAFETY = ("injury", "children_affected", "threat_to_life", "feels_unsafe_at_home")
SAFETY_WORKS = ("damage_needing_repair", "graffiti_to_remove")
RESPONSIBLE = ("known_to_victim", "lives_nearby", "is_tenant", "is_staff")
CONSENTS = ("contact", "share_with_police", "share_with_partners", "multi_agency_panel")
ANSWER = {"yes": True, "no": False}  # "not_sure", "not_known", "not_asked": not a yes or a no


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
        safety=SafetyFlags(**{name: answers[name] == "yes" for name in SAFETY + SAFETY_WORKS}),
        responsible=_responsible(answers),
        reporter=_reporter(answers),
        victim_aware_and_agrees=None if is_victim else ANSWER.get(answers["victim_aware_and_agrees"]),
        consents=_consents(answers, recorded_by) if is_victim else (),
        review_reasons=_unsure(answers) + (() if is_victim else _reported_wishes(answers)),
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
    known = {name: ANSWER.get(answers[f"responsible_{name}"]) for name in RESPONSIBLE}
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


def _reported_wishes(answers: Mapping[str, Any]) -> tuple[str, ...]:
    """Policy 4.5: a third party's account of the victim's wishes, kept as such: consent not known."""
    words = {"yes": "would agree", "no": "would not agree", "not_known": "does not know", "not_asked": "not asked"}
    wishes = "; ".join(f"{kind.replace('_', ' ')}: {words[answers[f'consent_{kind}']]}" for kind in CONSENTS)
    return (f"Consent not known (reported by a third party). Reported wishes of the victim: {wishes}",)


def _unsure(answers: Mapping[str, Any]) -> tuple[str, ...]:
    """Until the draft takes three-valued answers, a "Not sure" is kept where staff see it."""
    return tuple(
        f"Safety answer not sure: {name.replace('_', ' ')}"
        for name in SAFETY + SAFETY_WORKS
        if answers[name] == "not_sure"
    )


def _given(text: str | None) -> str | None:
    return text.strip() if text and text.strip() else None
