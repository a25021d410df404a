"""Forms for how to reach the reporter and the victim safely, and for sending the reference.

Contacting someone by a method they did not mark safe can put them in danger, so every
method is opt-in and nothing is sent unless it is asked for (DESIGN: "Never contact a
reporter by a method they did not mark safe").
"""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from channels.web.fields import ChoiceField, MultiChoiceField
from channels.web.forms import QuestionForm, long_text, text
from intake.public import DEFAULT_PHONE_REGION, N_, OFCOM_DRAMA_MOBILES, current, languages
from intake.public import gettext as _

METHOD_LABELS = {
    "phone": N_("Phone call"),
    "sms": N_("Text message"),
    "email": N_("Email"),
    "letter": N_("Letter"),
    "through_named_person": N_("Through someone I trust"),
}


class ContactChoiceForm(QuestionForm):
    contact = ChoiceField(
        N_("Can we contact you about this report?"),
        choices=[("yes", N_("Yes")), ("no", N_("No, I want to stay anonymous"))],
        required=N_("Select yes if we can contact you, or no to stay anonymous"),
        item_extras={
            "no": {"hint": {"text": N_("We will still act on your report, but we cannot tell you what we do")}}
        },
    )


class NameForm(QuestionForm):
    name = text(N_("What is your name? (optional)"), max_chars=200, called=N_("The name"))


class MethodsForm(QuestionForm):
    methods = MultiChoiceField(
        N_("How is it safe to contact you?"),
        description=N_("Select every way that is safe. We will only use these."),
        choices=list(METHOD_LABELS.items()),
        required=N_("Select at least one safe way to contact you"),
    )
    phone = text(N_("Phone number"), max_chars=32, description=N_("Needed for a phone call or text message"))
    email = text(N_("Email address"), max_chars=320)
    address = long_text(N_("Postal address"))
    named_person = long_text(
        N_("Who should we contact, and how?"),
        called=N_("Who to contact"),
        description=N_("For example, a support worker's name"),
    )
    # On the same page as the safe ways (issue 19 item 6): how and when to make contact safely are one question.
    safe_times = long_text(
        N_("When is it safe to contact you? (optional)"),
        called=N_("Safe times"),
        description=N_("For example, 'weekdays after 6pm'. Leave it blank if any time is safe."),
    )

    # Issue 15: on the same page, the language to contact them in and whether they need an interpreter.
    contact_language = ChoiceField(
        N_("Which language should we use when we contact you?"), choices=[], required="", optional=True
    )
    other_language = text(N_("If another language, which one? (optional)"), max_chars=35, called=N_("The language"))
    interpreter = ChoiceField(
        N_("Do you need an interpreter when we contact you? (optional)"),
        choices=[
            ("none", N_("No")),
            ("spoken", N_("Yes, an interpreter for my language")),
            ("bsl", N_("Yes, a British Sign Language (BSL) interpreter")),
        ],
        required="",
        optional=True,
    )

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if "contact_language" not in self._fields:
            return
        offered = [(lang.code, lang.name) for lang in languages().values()] + [("other", _("Another language"))]
        self.contact_language.options = dict(offered)
        self.contact_language.choices = [SelectChoice(value, label) for value, label in offered]
        # Each language named in its own script, marked as such for screen readers (WCAG 3.1.2).
        self.contact_language.item_extras = {
            lang.code: {"label": {"attributes": {"lang": lang.html_lang, "dir": lang.direction}}}
            for lang in languages().values()
        }
        if self.contact_language.data is None and not self.is_submitted():
            self.contact_language.data = current()  # the language they are using, until they say otherwise

    def validate_phone(self, field: Any) -> None:
        wanted = {"phone", "sms"} & set(self.methods.data or ())
        if wanted and not field.data:
            raise ValidationError(_("Enter a phone number, or untick phone call and text message"))
        if field.data and not _real_phone(field.data):
            raise ValidationError(_("Enter a phone number, like 07700 900 982 or 0117 496 0000"))

    def validate_email(self, field: Any) -> None:
        if "email" in (self.methods.data or ()) and not field.data:
            raise ValidationError(_("Enter an email address, or untick email"))
        if field.data and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", field.data.strip()):
            raise ValidationError(_("Enter an email address in the correct format, like name@example.com"))

    def validate_address(self, field: Any) -> None:
        if "letter" in (self.methods.data or ()) and not (field.data or "").strip():
            raise ValidationError(_("Enter a postal address, or untick letter"))

    def validate_named_person(self, field: Any) -> None:
        if "through_named_person" in (self.methods.data or ()) and not (field.data or "").strip():
            raise ValidationError(_("Tell us who to contact and how, or untick 'Through someone I trust'"))


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

    contact_language = None  # type: ignore[assignment]  # asked of the reporter only (WTForms: None removes)
    other_language = None
    interpreter = None  # type: ignore[assignment]

    safe_times = long_text(
        N_("When is it safe to contact them? (optional)"),
        called=N_("Safe times"),
        description=N_("For example, 'weekdays after 6pm'. Leave it blank if any time is safe."),
    )


class AcknowledgementForm(QuestionForm):
    """Only a method the reporter marked safe, and only if a message is safe, is ever offered."""

    send = ChoiceField(
        N_("Shall we send you your reference?"),
        description=(
            N_(
                "Your reference is also shown when you send your report. "
                "Choose no if anyone else might read your messages."
            )
        ),
        choices=[
            ("email", N_("Yes, by email")),
            ("sms", N_("Yes, by text message")),
            ("none", N_("No, do not send me anything")),
        ],
        required=N_("Select how to send your reference, or select no"),
    )

    def offer_only(self, methods: set[str]) -> None:
        """Remove the ways the reporter did not mark safe."""
        self.send.offer_only(methods | {"none"})
