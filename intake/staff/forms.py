"""Forms for sign-in, the queue and reports, on one shared base form.

Labels for code lists live here, beside the forms that offer them.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
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

from intake.staff.vocabulary import FirstContact, ResponseMethod
from intake.vocabulary import Channel, Characteristic, IncidentType, Status

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
}


def label(code: str | None) -> str:
    """A stored code as words for people: ``third_party`` -> ``Third party``."""
    return LABELS.get(code or "") or (code or "").replace("_", " ").capitalize()


def choices(codes: Any) -> list[SelectChoice]:
    """A code list as the options of a field, labelled for people."""
    return [SelectChoice(member.value, label(member.value)) for member in codes]


class StaffForm(FlaskForm):  # type: ignore[misc]
    """What every staff form shares: a refusal from a rule shows in the error summary."""

    submit = SubmitField("Continue", widget=GovSubmitInput())

    def refuse(self, message: str) -> None:
        self.form_errors.append(message)

    def error_list(self) -> list[dict[str, str]]:
        """The GOV.UK error summary's items: the rule's refusal first, then each field's first error."""
        items = [{"text": message, "href": "#main-content"} for message in self.form_errors]
        for name, errors in self.errors.items():
            if name and name in self._fields and errors:
                items.append({"text": str(errors[0]), "href": f"#{self[name].id}"})
        return items


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
    submit = SubmitField("Filter", widget=GovSubmitInput())


class ButtonForm(StaffForm):
    """A single action: only the CSRF token and the button."""


class RemoveInferredForm(StaffForm):
    """Removing an inferred signal undoes a works order, a priority or a restriction: say why (issue 11)."""

    reason = TextAreaField(
        "Why does this not apply?",
        description="For example: the graffiti was already removed, or the caretaker is a witness.",
        validators=[DataRequired(message="Say why the signal does not apply"), Length(max=2000)],
        widget=GovTextArea(),
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
    """Policy 4.1: contact made or attempted within one working day."""

    contact = RadioField(
        "Was contact made?", choices=choices(FirstContact), validators=[DataRequired()], widget=GovRadioInput()
    )
    method = RadioField("How?", choices=choices(ResponseMethod), validators=[DataRequired()], widget=GovRadioInput())
    submit = SubmitField("Record first response", widget=GovSubmitInput())


class ClassificationForm(StaffForm):
    """Policy 2.1 and 2.2, confirmed by staff from the reporter's own words."""

    characteristics = SelectMultipleField(
        "What is the hostility perceived to be based on?",
        choices=choices(Characteristic),
        widget=GovCheckboxesInput(),
    )
    incident_types = SelectMultipleField("What happened?", choices=choices(IncidentType), widget=GovCheckboxesInput())
    submit = SubmitField("Confirm", widget=GovSubmitInput())
