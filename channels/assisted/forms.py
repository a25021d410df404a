"""The one staff page for a report taken by telephone or in person (policy 4.2), GOV.UK-style.

Staff are trained and on a desktop, so every question is on one page in fieldsets; it works
without JavaScript. The safety questions already offer "Not sure" and "Not asked" (issue 19):
``translate.report_draft`` maps them to what the draft takes today.
"""

from __future__ import annotations

import secrets
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import DateTimeLocalField, HiddenField, RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, StopValidation

from channels.assisted.translate import local_time
from intake.public import CHARACTERISTICS, INCIDENT_TYPES, BaseForm, current_intake

HOW_RECEIVED = [
    SelectChoice("telephone", "By telephone"),
    SelectChoice("office", "In person at the office"),
    SelectChoice("safe_venue", "In person at an agreed safe venue"),
    SelectChoice("home_visit", "On a home visit"),
]
ROLES = [
    SelectChoice("victim", "The victim"),
    SelectChoice("witness", "A witness"),
    SelectChoice("third_party", "Someone reporting for the victim"),
]
ANSWERS = [
    SelectChoice("yes", "Yes"),
    SelectChoice("no", "No"),
    SelectChoice("not_sure", "Not sure"),
    SelectChoice("not_asked", "Not asked"),
]
KNOWN = [SelectChoice("yes", "Yes"), SelectChoice("no", "No"), SelectChoice("not_known", "Not known")]
CONSENT = [
    SelectChoice("yes", "Yes"),
    SelectChoice("no", "No"),
    SelectChoice("not_known", "Does not know"),
    SelectChoice("not_asked", "Not asked"),
]
SAFE_METHODS = [
    SelectChoice("phone", "Phone call"),
    SelectChoice("sms", "Text message"),
    SelectChoice("email", "Email"),
    SelectChoice("letter", "Letter"),
    SelectChoice("through_named_person", "Through a named person"),
]
# Policy 4.4 and 4.10: the answers that drive triage, asked as the web form asks them.
SAFETY_QUESTIONS = {
    "injury": "Was anyone injured?",
    "children_affected": "Were children affected, or are they at risk?",
    "threat_to_life": "Was anyone's life threatened?",
    "feels_unsafe_at_home": "Does the victim feel unsafe at home?",
    "graffiti_to_remove": "Is there graffiti, posters or writing to remove?",
    "damage_needing_repair": "Is there other damage that needs repair (not graffiti)?",
}
CONSENT_QUESTIONS = {
    "contact": "Does the victim agree to us contacting them?",
    "share_with_police": "Does the victim agree to us sharing this report with the police?",
    "share_with_partners": "Does the victim agree to us sharing this report with partner agencies?",
    "multi_agency_panel": "Does the victim agree to their case going to a multi-agency panel?",
}


def _radios(label: str, choices: list[SelectChoice], message: str, hint: str = "") -> Any:
    return RadioField(
        label, choices=choices, widget=GovRadioInput(), description=hint, validators=[InputRequired(message)]
    )


def _checkboxes(label: str, choices: list[SelectChoice], hint: str = "Select all that apply.") -> Any:
    return SelectMultipleField(label, choices=choices, widget=GovCheckboxesInput(), description=hint)


def _text(label: str, max_length: int, hint: str = "", area: bool = False) -> Any:
    too_long = f"{label.removesuffix(' (optional)')} must be {max_length} characters or fewer"
    return StringField(
        label,
        widget=GovTextArea() if area else GovTextInput(),
        description=hint,
        validators=[Optional(), Length(max=max_length, message=too_long)],
    )


def _safety(name: str) -> Any:
    return _radios(SAFETY_QUESTIONS[name], ANSWERS, f"Select an answer to: {SAFETY_QUESTIONS[name]}")


def _consent(name: str) -> Any:
    return _radios(CONSENT_QUESTIONS[name], CONSENT, f"Select an answer to: {CONSENT_QUESTIONS[name]}")


class RecordForm(BaseForm):
    """A report taken on someone's behalf; the one-time token makes a double submit one report."""

    submission_token = HiddenField()
    how_received = _radios("How was the report received?", HOW_RECEIVED, "Select how the report was received")
    started_at = DateTimeLocalField(
        "When did the call or visit begin?",
        format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=GovTextInput(),
        description="The clocks run from this time. For example, 2026-12-01 14:30.",
        validators=[InputRequired("Enter when the call or visit began, as a date and time")],
    )
    reporter_role = _radios("Who is reporting?", ROLES, "Select who is reporting")
    victim_aware_and_agrees = RadioField(
        "If someone else is reporting: does the victim know about this report and agree to it?",
        choices=KNOWN,
        widget=GovRadioInput(),
        description="Answer only when the victim is not the person reporting (policy 4.5).",
        validators=[Optional()],
    )
    description = StringField(
        "What happened?",
        widget=GovCharacterCount(),
        description="In the reporter's words, as far as you can.",
        validators=[InputRequired("Enter what happened"), Length(max=20000, message="What happened is too long")],
    )
    incident_types = _checkboxes("What kind of incident was it?", INCIDENT_TYPES)
    characteristics = _checkboxes(
        "Why do they think it happened?",
        CHARACTERISTICS,
        "What the hostility was based on, as the victim or anyone else sees it. Select all that apply.",
    )
    occurred_text = _text("When did it happen? (optional)", 500, "For example, last Tuesday evening")
    location = _text("Where did it happen? (optional)", 500)
    postcode = _text("Postcode (optional)", 10)
    injury = _safety("injury")
    children_affected = _safety("children_affected")
    threat_to_life = _safety("threat_to_life")
    feels_unsafe_at_home = _safety("feels_unsafe_at_home")
    graffiti_to_remove = _safety("graffiti_to_remove")
    damage_needing_repair = _safety("damage_needing_repair")
    responsible_known_to_victim = _radios("Does the victim know who did it?", KNOWN, "Select whether they know")
    responsible_lives_nearby = _radios(
        "Does the person responsible live nearby?", KNOWN, "Select whether they live nearby"
    )
    responsible_is_tenant = _radios(
        "Is the person responsible one of our tenants?", KNOWN, "Select whether they are a tenant"
    )
    responsible_is_staff = _radios(
        "Is the person responsible one of our staff?", KNOWN, "Select whether they are staff"
    )
    responsible_description = _text("What do they know about the person responsible? (optional)", 2000, area=True)
    anonymous = _radios(
        "Does the reporter want to stay anonymous?", KNOWN[:2], "Select whether the reporter wants to stay anonymous"
    )
    name = _text("Reporter's name (optional)", 200)
    phone = _text("Reporter's phone number (optional)", 32)
    email = _text("Reporter's email address (optional)", 320)
    address = _text("Reporter's address (optional)", 500, area=True)
    safe_methods = _checkboxes("Which ways is it safe to contact them?", SAFE_METHODS)
    named_person = _text("Named person to contact them through (optional)", 200)
    safe_times = _text("When is it safe to contact them? (optional)", 200)
    message_safe = _radios(
        "Is it safe to leave a voicemail or message?", ANSWERS, "Select whether it is safe to leave a message"
    )
    consent_contact = _consent("contact")
    consent_share_with_police = _consent("share_with_police")
    consent_share_with_partners = _consent("share_with_partners")
    consent_multi_agency_panel = _consent("multi_agency_panel")
    submit = SubmitField("Record the report", widget=GovSubmitInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.submission_token.data:
            self.submission_token.data = secrets.token_urlsafe(24)

    def validate(self, extra_validators: Any = None) -> bool:
        """Policy 4.5: when someone else reports, whether the victim knows must be asked."""
        valid: bool = super().validate(extra_validators)
        if self.reporter_role.data in ("witness", "third_party") and not self.victim_aware_and_agrees.data:
            self.victim_aware_and_agrees.errors = ["Select whether the victim knows about this report and agrees"]
            return False
        return valid

    def validate_started_at(self, field: Any) -> None:
        """The clocks run from this time (policy 4.2), so it cannot be in the future."""
        intake = current_intake()
        if field.data is not None and local_time(field.data, intake.calendar.timezone) > intake.clock():
            raise StopValidation("The time the call or visit began must be now or in the past")
