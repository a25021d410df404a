"""Checking a draft: what can be made clean is, and what cannot is kept and flagged for review.

Nothing here refuses a report for its content (policy 4.3: accepted as the reporter defines
it). It only refuses a draft that cannot be stored at all: no channel or no unique key. Every
string bound for a column is made storable and cut to the column's length here, at the core's
boundary, so that what SQLite accepts is never refused by PostgreSQL (``intake.storable``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

import phonenumbers

from intake.drafts import Acknowledgement, ConsentDraft, Contact, DraftError, Inbound, ReportDraft
from intake.languages import SOURCE
from intake.languages import known as known_language
from intake.models import (
    EMAIL_LIMIT,
    NAME_LIMIT,
    PHONE_LIMIT,
    RECIPIENT_LIMIT,
    Consent,
    InboundItem,
    OutboxMessage,
    Report,
)
from intake.storable import bounded, column_limit, storable, storable_key
from intake.vocabulary import (
    Channel,
    Characteristic,
    ConsentKind,
    ContactMethod,
    IncidentType,
    Interpreter,
    PartyRole,
    ReporterRole,
    codes,
)

DEFAULT_PHONE_REGION = "GB"


@dataclass(frozen=True)
class Checked:
    """A value made clean, with the reasons a person should look at it."""

    draft: ReportDraft
    review_reasons: tuple[str, ...]


def check_inbound(inbound: Inbound) -> Inbound:
    """The inbound item with keys that can be stored; refused only without a channel or a key.

    A key too long or not storable is kept as a digest of itself, so a repeat still matches.
    """
    if not inbound.channel:
        raise DraftError("inbound item has no channel")
    if inbound.channel not in codes(Channel):
        raise DraftError(f"unknown channel {inbound.channel!r}")
    if not inbound.key:
        raise DraftError("inbound item needs a unique key")
    if inbound.received_at is not None and inbound.received_at.tzinfo is None:
        raise DraftError("received_at must be time-zone aware")
    limit = column_limit(InboundItem.key)
    return replace(
        inbound,
        key=storable_key(inbound.key, limit),
        content_type=storable(inbound.content_type)[: column_limit(InboundItem.content_type)],
        also_keys=tuple(storable_key(key, limit) for key in inbound.also_keys),
    )


def check_report(draft: ReportDraft) -> Checked:
    """Clean every field of a report draft, collecting what needs a person's review."""
    reasons: list[str] = list(draft.review_reasons)
    role = _code(draft.reporter_role, ReporterRole, "reporter role", reasons) or ReporterRole.UNKNOWN
    cleaned = replace(
        draft,
        inbound=check_inbound(draft.inbound),
        reporter_role=role,
        description=clean_text(draft.description, "description", reasons),
        characteristics=_codes(draft.characteristics, Characteristic, "characteristic", reasons),
        incident_types=_codes(draft.incident_types, IncidentType, "incident type", reasons),
        occurred_text=_optional_text(draft.occurred_text, "when", reasons),
        location=_optional_text(draft.location, "location", reasons),
        postcode=normalise_postcode(draft.postcode),
        reporter=check_contact(draft.reporter, "reporter", reasons),
        victim=check_contact(draft.victim, "victim", reasons),
        responsible=replace(
            draft.responsible,
            description=_optional_text(draft.responsible.description, "person responsible", reasons),
        ),
        consents=_consents(draft.consents, reasons),
        partner_case_reference=_bounded(draft.partner_case_reference, Report.partner_case_reference, "case", reasons),
        possibly_related_reference=_bounded(
            draft.possibly_related_reference, Report.possibly_related_reference, "related reference", reasons
        ),
        acknowledgement=_acknowledgement(draft.acknowledgement, reasons),
        language=draft.language if known_language(draft.language) else _unknown_language(draft.language, reasons),
        contact_language=_bounded(draft.contact_language, Report.contact_language, "contact language", reasons),
        interpreter=_code(draft.interpreter, Interpreter, "interpreter", reasons) or Interpreter.NOT_ASKED,
    )
    if not cleaned.description.strip() and not draft.attachments and not cleaned.incident_types:
        reasons.append("the report has no words, incident types or attachments")
    return Checked(cleaned, tuple(dict.fromkeys(storable(reason) for reason in reasons)))


def _unknown_language(code: str, reasons: list[str]) -> str:
    """A language no catalogue has: English, and a person checks which was meant (issue 15)."""
    reasons.append(f"unknown language code {storable(code)[:16]!r}: acknowledged in English")
    return SOURCE


def clean_text(text: str | None, field: str, reasons: list[str]) -> str:
    """Text as a database can store it, whole: NUL bytes and broken surrogates replaced."""
    if text is None:
        return ""
    cleaned = storable(text)
    if cleaned != text:
        reasons.append(f"{field}: characters that could not be stored were replaced")
    return cleaned


def check_contact(contact: Contact | None, party: str, reasons: list[str]) -> Contact | None:
    if contact is None:
        return None
    return replace(
        contact,
        name=_within(contact.name, NAME_LIMIT, f"{party} name", reasons),
        phone=normalise_phone(contact.phone, party, reasons),
        email=normalise_email(contact.email, party, reasons),
        address=_optional_text(contact.address, f"{party} address", reasons),
        safe_methods=_codes(contact.safe_methods, ContactMethod, f"{party} safe method", reasons),
        safe_times=_optional_text(contact.safe_times, f"{party} safe times", reasons),
        named_person=_optional_text(contact.named_person, f"{party} named person", reasons),
    )


def normalise_phone(phone: str | None, party: str, reasons: list[str]) -> str | None:
    """E.164 where the number parses (UK by default); as typed, and flagged, where it does not."""
    if phone is None or not phone.strip():
        return None
    try:
        parsed = phonenumbers.parse(phone, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_possible_number(parsed):
        reasons.append(f"{party} phone number is not a recognisable number")
        return clean_text(phone.strip(), f"{party} phone", reasons)[:PHONE_LIMIT]
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_uk_mobile(phone: str | None) -> bool:
    """Whether a number is a UK mobile (``07...``, ``+447...``): the only numbers we text unasked.

    A text to a landline is read out by a machine to whoever answers, and one abroad costs and
    may never arrive, so an acknowledgement by text goes to UK mobiles only.
    """
    try:
        parsed = phonenumbers.parse(phone or "", DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return False
    if phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164).startswith(OFCOM_DRAMA_MOBILES):
        return True
    mobile = phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE
    return mobile and phonenumbers.region_code_for_number(parsed) == DEFAULT_PHONE_REGION


# 07700 900000 to 900999: UK mobile numbers Ofcom keeps for drama and examples, which the
# phonenumbers data leaves untyped; no phone has one, so they serve as mobiles in examples and tests.
OFCOM_DRAMA_MOBILES = "+447700900"


def normalise_email(email: str | None, party: str, reasons: list[str]) -> str | None:
    if email is None or not email.strip():
        return None
    cleaned = clean_text(email.strip(), f"{party} email", reasons).lower()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", cleaned):
        reasons.append(f"{party} email address is not a recognisable address")
    return bounded(cleaned, EMAIL_LIMIT, f"{party} email address", reasons)


def normalise_postcode(postcode: str | None) -> str | None:
    """A UK postcode in its usual form (``SW1A 1AA``); anything else as typed, upper-cased."""
    if postcode is None or not postcode.strip():
        return None
    compact = re.sub(r"\s+", "", postcode).upper()
    if re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}", compact):
        return f"{compact[:-3]} {compact[-3:]}"
    return compact[:10]


def _optional_text(text: str | None, field: str, reasons: list[str]) -> str | None:
    if text is None or not text.strip():
        return None
    return clean_text(text.strip(), field, reasons)


def _bounded(text: str | None, column: object, field: str, reasons: list[str]) -> str | None:
    """Optional text cut to its column's length, the cut flagged for review."""
    return _within(text, column_limit(column), field, reasons)


def _within(text: str | None, limit: int, field: str, reasons: list[str]) -> str | None:
    """Optional text cut to ``limit`` characters, the cut flagged for review."""
    if text is None or not text.strip():
        return None
    return bounded(text.strip(), limit, field, reasons)


def _acknowledgement(ack: Acknowledgement | None, reasons: list[str]) -> Acknowledgement | None:
    """An acknowledgement only to an address stored whole: a cut address is somebody else's."""
    if ack is None:
        return None
    if len(ack.recipient) > RECIPIENT_LIMIT or storable(ack.recipient) != ack.recipient:
        reasons.append("no acknowledgement sent: the address cannot be stored whole")
        return None
    headers = tuple((name, value) for name, value in ack.headers if storable(value) == value and len(value) <= 998)
    fits = ack.message_id is not None and len(ack.message_id) <= column_limit(OutboxMessage.provider_id)
    message_id = ack.message_id if fits else None
    return replace(ack, headers=headers, message_id=message_id)


def _code(value: str, enum: type[StrEnum], label: str, reasons: list[str]) -> str | None:
    if value in codes(enum):
        return value
    reasons.append(f"unknown {label} code {value[:40]!r}")
    return None


def _codes(values: Iterable[str], enum: type[StrEnum], label: str, reasons: list[str]) -> tuple[str, ...]:
    known = (_code(value, enum, label, reasons) for value in values)
    return tuple(dict.fromkeys(code for code in known if code is not None))


def _consents(consents: Iterable[ConsentDraft], reasons: list[str]) -> tuple[ConsentDraft, ...]:
    kept = []
    for consent in consents:
        kind = _code(consent.kind, ConsentKind, "consent", reasons)
        party = _code(consent.party, PartyRole, "consent party", reasons)
        if kind is not None and party is not None:
            by = bounded(consent.recorded_by, column_limit(Consent.recorded_by), "consent recorded by", reasons)
            kept.append(replace(consent, recorded_by=by))
    return tuple(kept)
