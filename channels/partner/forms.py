"""The portal's forms, on one base form, rendered with GOV.UK Frontend components."""

from __future__ import annotations

import secrets
from typing import Any

from flask_wtf.file import FileSize, MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovFileInput,
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, PasswordField, RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, Optional, Regexp

from intake.public import CHARACTERISTICS, INCIDENT_TYPES, MIN_PASSWORD_LENGTH, BaseForm

MAX_ATTACHMENT_MB = 10
MAX_REPORT_MB = 50  # the whole on-behalf form, attachments and all
YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]
YES_NO_UNKNOWN = [SelectChoice("yes", "Yes"), SelectChoice("no", "No"), SelectChoice("not_known", "Not known")]
YES_NO_NOT_SURE = [*YES_NO, SelectChoice("not_sure", "Not sure")]
YES_NO_DONT_KNOW = [*YES_NO, SelectChoice("not_sure", "I don't know")]
CODE = Regexp(r"^\s*\d{3}\s*\d{3}\s*$", message="Enter the 6-digit code from your authenticator app")

SAFETY = [
    SelectChoice("injury", "Someone was injured"),
    SelectChoice("children_affected", "Children were affected or are at risk"),
    SelectChoice("threat_to_life", "Someone's life was threatened"),
    SelectChoice("feels_unsafe_at_home", "The victim feels unsafe at home"),
    SelectChoice("damage_needing_repair", "There is damage that needs repair"),
    SelectChoice("graffiti_to_remove", "There is graffiti to remove"),
]
SAFE_METHODS = [
    SelectChoice("phone", "Phone call"),
    SelectChoice("sms", "Text message"),
    SelectChoice("email", "Email"),
    SelectChoice("letter", "Letter"),
]


class PartnerForm(BaseForm):
    """The base of every portal form: the one shared base (``intake.forms``)."""


class SignInForm(PartnerForm):
    email = StringField("Email address", widget=GovTextInput(), validators=[InputRequired("Enter your email address")])
    password = PasswordField("Password", widget=GovPasswordInput(), validators=[InputRequired("Enter your password")])
    code = StringField(
        "One-time code",
        widget=GovTextInput(),
        description="The 6-digit code from your authenticator app",
        validators=[InputRequired("Enter the 6-digit code from your authenticator app"), CODE],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class AcceptInvitationForm(PartnerForm):
    password = PasswordField(
        "Create a password",
        widget=GovPasswordInput(),
        description=f"At least {MIN_PASSWORD_LENGTH} characters. A few random words are easy to remember.",
        validators=[
            InputRequired("Create a password"),
            Length(min=MIN_PASSWORD_LENGTH, message=f"Your password needs at least {MIN_PASSWORD_LENGTH} characters"),
        ],
    )
    confirm = PasswordField(
        "Type the password again",
        widget=GovPasswordInput(),
        validators=[InputRequired("Type the password again"), EqualTo("password", "The passwords do not match")],
    )
    code = StringField(
        "One-time code",
        widget=GovTextInput(),
        description="The 6-digit code your authenticator app shows after you add the key above",
        validators=[InputRequired("Enter the 6-digit code from your authenticator app"), CODE],
    )
    submit = SubmitField("Set up my account", widget=GovSubmitInput())


def _choices(label: str, choices: list[tuple[str, str]], hint: str = "") -> Any:
    return SelectMultipleField(label, choices=choices, widget=GovCheckboxesInput(), description=hint)


def _yes_no(label: str, message: str, hint: str = "", choices: list[SelectChoice] = YES_NO) -> Any:
    return RadioField(
        label, choices=choices, widget=GovRadioInput(), description=hint, validators=[InputRequired(message)]
    )


def _maybe(label: str) -> Any:
    return RadioField(label, choices=YES_NO_UNKNOWN, widget=GovRadioInput(), validators=[Optional()])


def _text(label: str, max_length: int, hint: str = "") -> Any:
    too_long = f"{label} must be {max_length} characters or fewer"
    return StringField(
        label,
        widget=GovTextInput(),
        description=hint,
        validators=[Optional(), Length(max=max_length, message=too_long)],
    )


class OnBehalfForm(PartnerForm):
    """Policy 4.5: a report made on a victim's behalf, with their consents recorded one by one."""

    submission_token = HiddenField()
    victim_aware_and_agrees = _yes_no(
        "Does the victim know about this report and agree to it?",
        "Select whether the victim knows and agrees",
        "If they do not, or you are not sure, what you say of their wishes is kept as not known, never as consent.",
        YES_NO_NOT_SURE,
    )
    consent_contact = RadioField(
        "How may we contact the victim?",
        choices=[
            SelectChoice("directly", "Directly, by the ways ticked below"),
            SelectChoice("through_partner", "Only through you"),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired("Select how we may contact the victim")],
    )
    consent_share_with_police = _yes_no(
        "Does the victim agree to us sharing this report with the police?",
        "Select whether the victim agrees to sharing with the police",
        choices=YES_NO_DONT_KNOW,
    )
    consent_share_with_partners = _yes_no(
        "Does the victim agree to us sharing this report with partner agencies?",
        "Select whether the victim agrees to sharing with partner agencies",
        choices=YES_NO_DONT_KNOW,
    )
    consent_multi_agency_panel = _yes_no(
        "Does the victim agree to their case going to a multi-agency panel?",
        "Select whether the victim agrees to a multi-agency panel",
        "Agencies meet to agree support for the victim.",
        choices=YES_NO_DONT_KNOW,
    )
    victim_name = _text("Victim's name (optional)", 200)
    victim_phone = _text("Victim's phone number (optional)", 32)
    victim_email = _text("Victim's email address (optional)", 320)
    victim_address = StringField(
        "Victim's address (optional)", widget=GovTextArea(), validators=[Optional(), Length(max=500)]
    )
    safe_methods = _choices("Which ways is it safe to contact the victim?", SAFE_METHODS, "Select all that apply.")
    safe_times = _text("When is it safe to contact them? (optional)", 200)
    description = StringField(
        "What happened?",
        widget=GovCharacterCount(),
        validators=[InputRequired("Enter what happened"), Length(max=20000, message="What happened is too long")],
    )
    words_of = RadioField(
        "Whose words are these?",
        choices=[
            SelectChoice("victim", "The victim's own words"),
            SelectChoice("partner", "My summary of what the victim said"),
        ],
        widget=GovRadioInput(),
        validators=[InputRequired("Select whose words these are")],
    )
    incident_types = _choices("What kind of incident was it?", INCIDENT_TYPES, "Select all that apply.")
    characteristics = _choices(
        "Why do you or the victim think it happened?",
        CHARACTERISTICS,
        "What the hostility was based on, as the victim or anyone else sees it. Select all that apply.",
    )
    occurred_text = _text("When did it happen? (optional)", 500, "For example, last Tuesday evening")
    location = _text("Where did it happen? (optional)", 500)
    postcode = _text("Postcode (optional)", 10)
    safety = _choices("Is any of this true?", SAFETY, "Select all that apply.")
    responsible_known_to_victim = _maybe("Does the victim know who did it?")
    responsible_is_tenant = _maybe("Is the person responsible one of our tenants?")
    responsible_is_staff = _maybe("Is the person responsible one of our staff?")
    responsible_description = StringField(
        "What do you know about the person responsible? (optional)",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=2000)],
    )
    attachments = MultipleFileField(
        "Photos or documents (optional)",
        widget=GovFileInput(),
        description=f"Each file up to {MAX_ATTACHMENT_MB} MB.",
        validators=[
            FileSize(MAX_ATTACHMENT_MB * 1024 * 1024, message=f"Each file must be {MAX_ATTACHMENT_MB} MB or less")
        ],
    )
    partner_case_reference = _text("Your own case reference (optional)", 100)
    submit = SubmitField("Send the report", widget=GovSubmitInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.submission_token.data:
            self.submission_token.data = secrets.token_urlsafe(24)


class MessageForm(PartnerForm):
    submission_token = HiddenField()
    text = StringField(
        "Add a message to this report",
        widget=GovTextArea(),
        validators=[InputRequired("Enter your message"), Length(max=20000, message="The message is too long")],
    )
    submit = SubmitField("Send the message", widget=GovSubmitInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.submission_token.data:
            self.submission_token.data = secrets.token_urlsafe(24)


class ConfirmForm(PartnerForm):
    """A single button (sign out, withdraw a consent): a POST with its CSRF token."""
