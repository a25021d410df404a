"""Forms for retention and subject access (issue 17), on the shared base form."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from intake.staff.partner_forms import DayMonthYearField
from intake.staff.report_forms import StaffForm, reason_box


def _date(label: str, hint: str) -> DayMonthYearField:
    return DayMonthYearField(label, description=hint, format="%d %m %Y", widget=GovDateInput())


def _text(label: str, hint: str = "", max_length: int = 320) -> StringField:
    return StringField(label, description=hint, validators=[Optional(), Length(max=max_length)], widget=GovTextInput())


class HoldForm(StaffForm):
    reason = reason_box(
        "Why must this case be kept?",
        "For example: a claim in the county court, a complaint to the Ombudsman, a police inquiry",
        "Say why the case must be kept",
    )
    review_on = _date(
        "When will the hold be reviewed?", "For example, 27 3 2027. The hold does not end then by itself."
    )
    submit = SubmitField("Place legal hold", widget=GovSubmitInput())

    def validate_review_on(self, field: DayMonthYearField) -> None:
        if field.data is None:
            raise ValidationError("Enter the date the hold will be reviewed")


class LiftHoldForm(StaffForm):
    reason = reason_box(
        "Why is the hold being lifted?", "For example: the claim was settled", "Say why the hold is being lifted"
    )
    submit = SubmitField("Lift hold", widget=GovSubmitInput())


class PurgeForm(StaffForm):
    confirm = StringField(
        "Type the case reference to confirm",
        description="Its names, contacts, words, files and raw messages are removed for good; the figures stay.",
        validators=[DataRequired("Type the case reference to confirm"), Length(max=20)],
        widget=GovTextInput(),
    )
    submit = SubmitField("Purge this case", widget=GovSubmitInput())


class SubjectForm(StaffForm):
    name = _text("Full name (optional)", max_length=200)
    phone = _text("Phone number (optional)", max_length=32)
    email = _text("Email address (optional)")
    postcode = _text("Postcode (optional)", max_length=10)
    received_on = _date("When was the request received?", "For example, 27 3 2027. The clock runs from this day.")
    submit = SubmitField("Open the request", widget=GovSubmitInput())

    def validate_received_on(self, field: DayMonthYearField) -> None:
        if field.data is None:
            raise ValidationError("Enter the date the request was received")


class ExtendForm(StaffForm):
    reason = reason_box(
        "Why is more time needed?",
        "For example: the request is complex, or there are several",
        "Say why more time is needed",
    )
    submit = SubmitField("Extend by two months", widget=GovSubmitInput())


class ReleaseRedactionForm(StaffForm):
    reason = reason_box(
        "Why may this be released?",
        "For example: the other person consented, or it is reasonable to disclose it without their consent",
        "Say why this may be released",
    )
    submit = SubmitField("Release", widget=GovSubmitInput())


class RightsForm(StaffForm):
    kind = RadioField(
        "What did the person ask for?",
        choices=[SelectChoice("erase", "To erase data"), SelectChoice("correct", "To correct data")],
        validators=[DataRequired("Choose what the person asked for")],
        widget=GovRadioInput(),
    )
    what = reason_box("What did they ask to be erased or corrected?", "", "Say what they asked for")
    decision = RadioField(
        "Decision",
        choices=[
            SelectChoice("agreed", "Agreed"),
            SelectChoice("partly", "Partly agreed"),
            SelectChoice("refused", "Refused"),
        ],
        validators=[DataRequired("Choose the decision")],
        widget=GovRadioInput(),
    )
    reason = reason_box("Why?", "The reason is kept with the decision", "Say why")
    submit = SubmitField("Record the decision", widget=GovSubmitInput())
