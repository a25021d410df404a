"""The API's JSON: one schema for the OpenAPI document and for validating what arrives.

Validating against the same schema the document publishes keeps the two from drifting apart.
"""

from __future__ import annotations

from typing import Any

from intake.public import (
    RESPONSIBLE_ANSWERS,
    SAFETY_ANSWERS,
    Characteristic,
    ConsentKind,
    ContactMethod,
    IncidentType,
    Status,
    codes,
)

# No control characters in short fields: they would never be typed, and NUL cannot be stored.
PLAIN_LINE = r"^[^\u0000-\u001f\u007f]*$"
WORDS_OF = ("victim", "partner")
SAFETY_FLAGS = SAFETY_ANSWERS
# Beyond true and false (yes and no, as before): what a yes/no cannot say (issue 19).
OTHER_ANSWERS = ("not_sure", "rather_not_say", "not_asked")
ANSWER = {
    "anyOf": [{"type": "boolean"}, {"type": "string", "enum": list(OTHER_ANSWERS)}],
    "description": "true (yes), false (no), or not_sure, rather_not_say or not_asked, kept as said.",
}
WISH = {
    "anyOf": [{"type": "boolean"}, {"type": "string", "enum": ["not_sure"]}],
    "description": "true (agrees), false (does not), or not_sure: you do not know the victim's wishes.",
}


def _text(max_length: int, *, line: bool = True) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "maxLength": max_length}
    if line:
        schema["pattern"] = PLAIN_LINE
    return schema


def _codes(values: frozenset[str], description: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "enum": sorted(values)},
        "uniqueItems": True,
        "description": description,
    }


def _flags(names: tuple[str, ...], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {name: ANSWER for name in names},
        "description": description,
    }


VICTIM = {
    "type": "object",
    "additionalProperties": False,
    "description": "The victim's details, all optional. Leave out what the victim did not agree to give.",
    "properties": {
        "anonymous": {"type": "boolean"},
        "name": _text(200),
        "phone": _text(32),
        "email": _text(320),
        "address": _text(500, line=False),
        "safe_methods": _codes(codes(ContactMethod), "Ways it is safe to contact the victim."),
        "safe_times": _text(200),
        "message_safe": {"type": "boolean", "description": "Whether a voicemail or message may be left."},
    },
}

CONSENTS = {
    "type": "object",
    "additionalProperties": False,
    "required": sorted(codes(ConsentKind)),
    "description": (
        "The victim's wishes as you know them, for each consent (policy 5.2 to 5.4). contact: the landlord may "
        "contact the victim directly; false means only through you. They are recorded as wishes reported by "
        "a third party; unless victim_aware_and_agrees is true, as consent not known, never as given."
    ),
    "properties": {kind: WISH for kind in sorted(codes(ConsentKind))},
}

REPORT_REQUEST: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["victim_aware_and_agrees", "description", "consents"],
    "properties": {
        "victim_aware_and_agrees": {
            **ANSWER,
            "description": "Whether the victim knows of this report and agrees to it (policy 4.5): true, false, "
            "or not_sure, rather_not_say or not_asked.",
        },
        "description": {
            "type": "string",
            "minLength": 1,
            "maxLength": 20000,
            "pattern": r"\S",
            "description": "What happened, plain text.",
        },
        "words_of": {"type": "string", "enum": list(WORDS_OF), "description": "Whose words the description is."},
        "characteristics": _codes(codes(Characteristic), "Why: what the hostility is perceived to be based on."),
        "incident_types": _codes(codes(IncidentType), "What form the incident took."),
        "occurred_text": _text(500),
        "location": _text(500, line=False),
        "postcode": _text(10),
        "safety": _flags(SAFETY_FLAGS, "Safety answers (policy 4.4, 4.10). Leave out what is not so (no)."),
        "responsible": {
            **_flags(RESPONSIBLE_ANSWERS, "What is known of the person responsible. Leave out what is not known."),
            "properties": {
                **{name: ANSWER for name in RESPONSIBLE_ANSWERS},
                "description": _text(2000, line=False),
            },
        },
        "victim": VICTIM,
        "consents": CONSENTS,
        "partner_case_reference": _text(100),
    },
}

REFERENCE = {"type": "string", "description": "The landlord's reference, such as HPG-7KQ4-M9XC."}
STATUS = {"type": "string", "enum": sorted(codes(Status))}
RECEIVED_AT = {"type": "string", "format": "date-time"}

REPORT_CREATED = {
    "type": "object",
    "additionalProperties": False,
    "required": ["reference", "status", "received_at"],
    "properties": {"reference": REFERENCE, "status": STATUS, "received_at": RECEIVED_AT},
}

REPORT_STATUS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["reference", "status", "received_at", "first_response_made"],
    "properties": {
        "reference": REFERENCE,
        "status": STATUS,
        "received_at": RECEIVED_AT,
        "first_response_made": {"type": "boolean"},
    },
}

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "problems": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
