"""Forms for sign-in, the queue and reports, on one shared base form.

Labels for code lists live here, beside the forms that offer them.
"""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp

from intake.forms import BaseForm
from intake.vocabulary import Channel, Characteristic, FirstContact, IncidentType, ResponseMethod, Status

EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter an email address like name@example.org")


# Codes whose words are not simply the code with spaces.
LABELS = {
    "asb_serious_high_risk": "ASB serious/high-risk",
    "asb_standard": "ASB standard",
    "not_asb": "Not ASB",
    "sms": "SMS",
    "assisted": "Taken by staff",
    "gp_surgery": "GP surgery",
    "responsible_is_staff": "Person responsible may be staff",
    "no_safe_way": "Reviewed; no safe way to contact",
}


def label(code: str | None) -> str:
    """A stored code as words for people: ``third_party`` -> ``Third party``."""
    return LABELS.get(code or "") or (code or "").replace("_", " ").capitalize()


def choices(codes: Any) -> list[SelectChoice]:
    """A code list as the options of a field, labelled for people."""
    return [SelectChoice(member.value, label(member.value)) for member in codes]


def reason_box(label: str, hint: str, missing: str | None = None, max_length: int = 2000) -> Any:
    """A required text box for why something was decided or done: kept as a record, so it must be said."""
    required = DataRequired(message=missing) if missing else DataRequired()
    return TextAreaField(label, description=hint, validators=[required, Length(max=max_length)], widget=GovTextArea())


class StaffForm(BaseForm):
    """What every staff form shares beyond the base: a Continue button unless it names its own."""

    submit = SubmitField("Continue", widget=GovSubmitInput())


class SignInForm(StaffForm):
    email = StringField("Email address", validators=[DataRequired(), EMAIL], widget=GovTextInput())
    password = PasswordField("Password", validators=[DataRequired()], widget=GovPasswordInput())
    code = StringField(
        "One-time code",
        description="The 6-digit code from your authenticator app",
        validators=[DataRequired(), Length(max=10)],
        widget=GovTextInput(),
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SignOutForm(StaffForm):
    """Signing out is a POST with a CSRF token, so no link or image elsewhere can sign anyone out."""

    submit = SubmitField("Sign out", widget=GovSubmitInput())


class QueueFilterForm(StaffForm):
    """Read from the query string: no CSRF token, nothing changes."""

    class Meta:
        csrf = False

    status = SelectField(
        "Status", choices=[SelectChoice("", "Any open"), *choices(Status)], validators=[Optional()], widget=GovSelect()
    )
    channel = SelectField(
        "Channel", choices=[SelectChoice("", "Any"), *choices(Channel)], validators=[Optional()], widget=GovSelect()
    )
    area = StringField("Area (start of postcode)", validators=[Optional(), Length(max=8)], widget=GovTextInput())
    overdue = BooleanField("Only overdue", widget=GovCheckboxInput())
    mine = BooleanField("Only cases assigned to me", widget=GovCheckboxInput())
    sort = SelectField(
        "Sort by",
        choices=[
            SelectChoice("priority", "Priority, then response due"),
            SelectChoice("due", "Response due"),
            SelectChoice("received", "Received, newest first"),
        ],
        validators=[Optional()],
        widget=GovSelect(),
    )
    submit = SubmitField("Filter", widget=GovSubmitInput())


class FindForm(StaffForm):
    """Read from the query string: a reference as someone reads it out on the phone (issue 19)."""

    class Meta:
        csrf = False

    reference = StringField(
        "Find a report or case by its reference",
        description="As the person reads it out: capitals, spaces and hyphens do not matter",
        validators=[DataRequired(message="Enter the reference to find"), Length(max=40)],
        widget=GovTextInput(),
    )
    submit = SubmitField("Find", widget=GovSubmitInput())


class ButtonForm(StaffForm):
    """A single action: only the CSRF token and the button."""


class AcceptForm(StaffForm):
    """Accepting opens a case; a triage officer is asked who will handle it (issue 19)."""

    officer = SelectField("Who will handle the case?", validators=[Optional()], widget=GovSelect())


class AssignReportsForm(StaffForm):
    """The queue's one assign action for the ticked reports (issue 19). The view fills the choices."""

    reports = SelectMultipleField(
        "Reports to assign",
        validators=[DataRequired(message="Tick the reports to assign")],
        widget=GovCheckboxesInput(),
    )
    officer = SelectField(
        "Assign the ticked reports to",
        coerce=int,
        validators=[DataRequired(message="Choose the case officer to assign the reports to")],
        widget=GovSelect(),
    )
    submit = SubmitField("Assign", widget=GovSubmitInput())


class RemoveInferredForm(StaffForm):
    """Removing an inferred signal undoes a works order, a priority or a restriction: say why (issue 11)."""

    reason = reason_box(
        "Why does this not apply?",
        "For example: the graffiti was already removed, or the caretaker is a witness.",
        "Say why the signal does not apply",
    )
    submit = SubmitField("Remove signal", widget=GovSubmitInput())


class LinkForm(StaffForm):
    case_reference = StringField(
        "Case reference",
        description="The reference of the case this report is about",
        validators=[DataRequired(), Length(max=20)],
        widget=GovTextInput(),
    )
    submit = SubmitField("Link to case", widget=GovSubmitInput())


class FirstResponseForm(StaffForm):
    """Policy 4.1: contact made or attempted within one working day, or, when nobody can be
    contacted, the report reviewed and what was done instead. The view fits the choices to the report."""

    contact = RadioField(
        "Was contact made?",
        choices=choices(FirstContact),
        validators=[DataRequired(message="Say whether contact was made or attempted")],
        widget=GovRadioInput(),
    )
    method = RadioField(
        "How?",
        choices=choices(ResponseMethod),
        validators=[DataRequired(message="Choose how contact was made or attempted")],
        widget=GovRadioInput(),
    )
    instead = reason_box(
        "What was done instead of contact?",
        "For example: graffiti removal ordered, police informed with consent, area patrols asked for",
        "Say what was done instead of contact",
    )
    submit = SubmitField("Record first response", widget=GovSubmitInput())

    def fit_to(self, contactable: frozenset[str] | None) -> None:
        """Offer only what fits: with nobody to contact, no contact methods (issue 19)."""
        if contactable is None:
            del self.method
            self.contact.choices = choices([FirstContact.NO_SAFE_WAY])
            return
        del self.instead
        self.contact.choices = choices([FirstContact.MADE, FirstContact.ATTEMPTED])
        if contactable:
            self.method.choices = [c for c in choices(ResponseMethod) if c.value in contactable]


class ClassificationForm(StaffForm):
    """Policy 2.1 and 2.2, confirmed by staff from the reporter's own words."""

    characteristics = SelectMultipleField(
        "What is the hostility perceived to be based on?",
        choices=choices(Characteristic),
        widget=GovCheckboxesInput(),
    )
    incident_types = SelectMultipleField("What happened?", choices=choices(IncidentType), widget=GovCheckboxesInput())
    submit = SubmitField("Confirm", widget=GovSubmitInput())
