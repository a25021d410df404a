"""One translation for both ways in: the on-behalf form and the API build the same JSON shape.

The victim's wishes are recorded as reported by a third party, attributed to whoever recorded
them (policy 5.2 to 5.4); unless the victim knows of the report and agrees, consent is not known,
never given (issue 19); "contact only through the partner" becomes a safe method through a
named person, so the landlord never contacts the victim by a method they did not agree to.
"""

from __future__ import annotations

from typing import Any

from channels.partner.schema import SAFETY_FLAGS
from intake.public import (
    RESPONSIBLE_ANSWERS,
    Channel,
    ConsentBasis,
    ConsentDraft,
    ConsentKind,
    Contact,
    ContactMethod,
    Inbound,
    PartyRole,
    ReportDraft,
    ReporterRole,
    ResponsiblePerson,
    SafetyFlags,
    answer_of,
    clean_text,
)

WORDS_NOTE = {
    "victim": "In the victim's own words, as told to the partner.",
    "partner": "In the partner's words, summarising what the victim said.",
}


def report_draft(
    body: dict[str, Any],
    inbound: Inbound,
    *,
    organisation_id: int,
    organisation_name: str,
    recorded_by: str,
    partner_user_id: int | None = None,
) -> ReportDraft:
    """The report the partner made, as a draft for ``intake.services.submit_report``."""
    reasons: list[str] = []
    consents = body["consents"]
    knows = body["victim_aware_and_agrees"] is True
    return ReportDraft(
        inbound=inbound,
        reporter_role=ReporterRole.THIRD_PARTY,
        description=_description(body, reasons),
        characteristics=tuple(body.get("characteristics", ())),
        incident_types=tuple(body.get("incident_types", ())),
        occurred_text=body.get("occurred_text"),
        location=body.get("location"),
        postcode=_clean(body.get("postcode"), "postcode", reasons),
        safety=SafetyFlags(**{flag: body.get("safety", {}).get(flag, False) for flag in SAFETY_FLAGS}),
        responsible=_responsible(body.get("responsible", {}), reasons),
        victim=_victim(
            body.get("victim", {}),
            contact_directly=knows and consents[ConsentKind.CONTACT] is True,
            via=organisation_name,
        ),
        victim_aware_and_agrees=answer_of(body["victim_aware_and_agrees"]),
        consents=_consents(consents, knows, recorded_by),
        partner_organisation_id=organisation_id,
        partner_user_id=partner_user_id,
        partner_case_reference=_clean(body.get("partner_case_reference"), "partner case reference", reasons),
        review_reasons=tuple(reasons),
    )


def inbound(key: str, raw: bytes, content_type: str) -> Inbound:
    """The raw item as posted, under its organisation-scoped key, so a repeat is a duplicate."""
    return Inbound(channel=Channel.PARTNER, key=key, raw=raw, content_type=content_type)


def _description(body: dict[str, Any], reasons: list[str]) -> str:
    text = clean_text(body["description"], "description", reasons)
    note = WORDS_NOTE.get(body.get("words_of", ""))
    return f"({note})\n\n{text}" if note else text


def _consents(wishes: dict[str, bool | str], knows: bool, recorded_by: str) -> tuple[ConsentDraft, ...]:
    """A partner reports the victim's wishes: consent given only when the victim knows and agrees."""
    basis = ConsentBasis.REPORTED_WISHES if knows else ConsentBasis.NOT_KNOWN
    return tuple(
        ConsentDraft(kind, knows and wishes[kind] is True, PartyRole.VICTIM, recorded_by, basis, answer_of(said))
        for kind, said in sorted(wishes.items())
    )


def _responsible(answers: dict[str, Any], reasons: list[str]) -> ResponsiblePerson:
    known = {name: answer_of(answers.get(name)) for name in RESPONSIBLE_ANSWERS}
    return ResponsiblePerson(**known, description=_clean(answers.get("description"), "responsible", reasons))


def _victim(details: dict[str, Any], *, contact_directly: bool, via: str) -> Contact:
    """Policy 5.4: without consent to direct contact, the landlord contacts the victim only through the partner."""
    methods = tuple(details.get("safe_methods", ())) if contact_directly else (ContactMethod.THROUGH_NAMED_PERSON,)
    return Contact(
        name=details.get("name"),
        phone=details.get("phone"),
        email=details.get("email"),
        address=details.get("address"),
        safe_methods=methods,
        safe_times=details.get("safe_times"),
        message_safe=details.get("message_safe"),
        named_person=None if contact_directly else f"{via} (the partner that reported)",
        anonymous=bool(details.get("anonymous", False)),
    )


def _clean(text: str | None, field: str, reasons: list[str]) -> str | None:
    """Fields the core stores as given: made storable here (no NUL, no broken surrogates)."""
    if text is None or not text.strip():
        return None
    return clean_text(text.strip(), field, reasons)
