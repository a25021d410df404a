"""Forms for how to reach the reporter and the victim safely, and for sending the reference.

Contacting someone by a method they did not mark safe can put them in danger, so every
method is opt-in and nothing is sent unless it is asked for (DESIGN: "Never contact a
reporter by a method they did not mark safe").
"""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from wtforms.validators import ValidationError

from channels.web.fields import ChoiceField, MultiChoiceField
from channels.web.forms import QuestionForm, long_text, text
from intake.public import DEFAULT_PHONE_REGION, OFCOM_DRAMA_MOBILES

METHOD_LABELS = {
    "phone": "Phone call",
    "sms": "Text message",
    "email": "Email",
    "letter": "Letter",
    "through_named_person": "Through someone I trust",
}


class ContactChoiceForm(QuestionForm):
    contact = ChoiceField(
        "Can we contact you about this report?",
        choices=[("yes", "Yes"), ("no", "No, I want to stay anonymous")],
        required="Select yes if we can contact you, or no to stay anonymous",
        item_extras={"no": {"hint": {"text": "We will still act on your report, but we cannot tell you what we do"}}},
    )


class NameForm(QuestionForm):
    name = text("What is your name? (optional)", max_chars=200, called="The name")


class MethodsForm(QuestionForm):
    methods = MultiChoiceField(
        "How is it safe to contact you?",
        description="Select every way that is safe. We will only use these.",
        choices=list(METHOD_LABELS.items()),
        required="Select at least one safe way to contact you",
    )
    phone = text("Phone number", max_chars=32, description="Needed for a phone call or text message")
    email = text("Email address", max_chars=320)
    address = long_text("Postal address")
    named_person = long_text(
        "Who should we contact, and how?", called="Who to contact", description="For example, a support worker's name"
    )
    # On the same page as the safe ways (issue 19 item 6): how and when to make contact safely are one question.
    safe_times = long_text(
        "When is it safe to contact you? (optional)",
        called="Safe times",
        description="For example, 'weekdays after 6pm'. Leave it blank if any time is safe.",
    )

    def validate_phone(self, field: Any) -> None:
        wanted = {"phone", "sms"} & set(self.methods.data or ())
        if wanted and not field.data:
            raise ValidationError("Enter a phone number, or untick phone call and text message")
        if field.data and not _real_phone(field.data):
            raise ValidationError("Enter a phone number, like 07700 900 982 or 0117 496 0000")

    def validate_email(self, field: Any) -> None:
        if "email" in (self.methods.data or ()) and not field.data:
            raise ValidationError("Enter an email address, or untick email")
        if field.data and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", field.data.strip()):
            raise ValidationError("Enter an email address in the correct format, like name@example.com")

    def validate_address(self, field: Any) -> None:
        if "letter" in (self.methods.data or ()) and not (field.data or "").strip():
            raise ValidationError("Enter a postal address, or untick letter")

    def validate_named_person(self, field: Any) -> None:
        if "through_named_person" in (self.methods.data or ()) and not (field.data or "").strip():
            raise ValidationError("Tell us who to contact and how, or untick 'Through someone I trust'")


def _real_phone(typed: str) -> bool:
    """A number that can be dialled: valid by phonenumbers' numbering plans (so 12345 or 07700 is not),
    or in Ofcom's drama range that GOV.UK's examples use. A wrong number means a report nobody can follow up."""
    try:
        parsed = phonenumbers.parse(typed, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return False
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.is_valid_number(parsed) or e164.startswith(OFCOM_DRAMA_MOBILES)


class VictimMethodsForm(MethodsForm):
    """The safe ways and times to contact the person it happened to, asked of a third party (policy 4.5)."""

    safe_times = long_text(
        "When is it safe to contact them? (optional)",
        called="Safe times",
        description="For example, 'weekdays after 6pm'. Leave it blank if any time is safe.",
    )


class AcknowledgementForm(QuestionForm):
    """Only a method the reporter marked safe, and only if a message is safe, is ever offered."""

    send = ChoiceField(
        "Shall we send you your reference?",
        description=(
            "Your reference is also shown when you send your report. Choose no if anyone else might read your messages."
        ),
        choices=[("email", "Yes, by email"), ("sms", "Yes, by text message"), ("none", "No, do not send me anything")],
        required="Select how to send your reference, or select no",
    )

    def offer_only(self, methods: set[str]) -> None:
        """Remove the ways the reporter did not mark safe."""
        self.send.offer_only(methods | {"none"})
