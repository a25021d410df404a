"""Forms for work on a case and for staff accounts, on the shared base form."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import PasswordField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from intake.casework.contact import MESSAGE_MAX_CHARS, MESSAGE_TOO_LONG
from intake.staff.report_forms import EMAIL, StaffForm, choices, reason_box
from intake.vocabulary import (
    ActionKind,
    Category,
    ConsentKind,
    ContactFrequency,
    DisclosureKind,
    DowngradeReason,
    EntryKind,
    Outcome,
    RiskLevel,
    Role,
    WorkKind,
)

REQUIRED = [DataRequired()]


def _text(label: str, hint: str = "", required: bool = True) -> TextAreaField:
    return TextAreaField(
        label, description=hint, validators=REQUIRED if required else [Optional()], widget=GovTextArea()
    )


def _radios(label: str, options: list[SelectChoice], hint: str = "") -> RadioField:
    return RadioField(label, choices=options, description=hint, validators=REQUIRED, widget=GovRadioInput())


class OfficerForm(StaffForm):
    officer = SelectField("Case officer", coerce=int, validators=REQUIRED, widget=GovSelect())
    submit = SubmitField("Assign", widget=GovSubmitInput())


class CategoryForm(StaffForm):
    """Policy 4.3: out of serious/high-risk only for these two reasons, with a manager's approval."""

    to_category = _radios("Move the case to", choices([Category.ASB_STANDARD, Category.NOT_ASB]))
    reason = _radios("Why?", choices(DowngradeReason))
    explanation = _text("Explain the decision", "What was proven, or why the perception is wholly unreasonable")
    submit = SubmitField("Request the change", widget=GovSubmitInput())


class RiskForm(StaffForm):
    """Policy 4.4. The questions come from configuration; the view fills their choices."""

    answers = SelectMultipleField("Tick each question the answer to is yes", widget=GovCheckboxesInput())
    override_level = RadioField(
        "Professional judgement: a different level (optional)",
        choices=[SelectChoice("", "Keep the scored level"), *choices(RiskLevel)],
        default="",
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    override_reason = _text("Reason for a different level", required=False)
    submit = SubmitField("Record assessment", widget=GovSubmitInput())


class PlanForm(StaffForm):
    officer = SelectField("Named officer", coerce=int, validators=REQUIRED, widget=GovSelect())
    frequency = _radios("Agreed contact with the victim", choices(ContactFrequency))
    actions = _text("Actions agreed")
    submit = SubmitField("Agree action plan", widget=GovSubmitInput())


class WorksForm(StaffForm):
    """Policy 4.10: both within 24 hours."""

    kind = _radios("Works needed", choices(WorkKind))
    submit = SubmitField("Order works", widget=GovSubmitInput())


class DisclosureForm(StaffForm):
    """Policy 5.2 to 5.4: the victim's consent, or a manager's safeguarding reason."""

    kind = _radios("What are you doing?", choices(DisclosureKind))
    recipient = StringField("To whom", validators=[DataRequired(), Length(max=200)], widget=GovTextInput())
    what = _text("What is shared")
    why = _text("Why")
    safeguarding_reason = _text(
        "Safeguarding reason (managers only)",
        "Only when the victim has not consented and sharing protects them or others",
        required=False,
    )
    submit = SubmitField("Record and share", widget=GovSubmitInput())


class ConsentForm(StaffForm):
    kind = _radios("Consent to", choices(ConsentKind))
    given = _radios("Did the victim agree?", [SelectChoice("yes", "Yes"), SelectChoice("no", "No, or withdrew it")])
    submit = SubmitField("Record consent", widget=GovSubmitInput())


class ActionForm(StaffForm):
    """Policy 4.4, 4.7, 4.9, 4.10."""

    kind = _radios(
        "Referral or action",
        choices(ActionKind),
        "Tenancy action only against a tenant or a member of their household (policy 4.7)",
    )
    agency = StringField("Agency (if any)", validators=[Optional(), Length(max=200)], widget=GovTextInput())
    detail = _text("Details")
    submit = SubmitField("Record", widget=GovSubmitInput())


class EntryForm(StaffForm):
    kind = _radios("Type", choices([EntryKind.NOTE, EntryKind.CONTACT]))
    method = StringField("How (for contact)", validators=[Optional(), Length(max=32)], widget=GovTextInput())
    text = _text("Text")
    submit = SubmitField("Add", widget=GovSubmitInput())


class MessageForm(StaffForm):
    """Only by a method the person marked safe; the view fills the choices."""

    route = RadioField("Send to", validators=REQUIRED, widget=GovRadioInput())
    text = TextAreaField(
        "Message",
        description="Do not include anything the person has not already told us",
        validators=[DataRequired(), Length(max=MESSAGE_MAX_CHARS, message=MESSAGE_TOO_LONG)],
        widget=GovCharacterCount(),
        render_kw={"params": {"maxlength": MESSAGE_MAX_CHARS}},
    )
    submit = SubmitField("Send", widget=GovSubmitInput())


class CloseForm(StaffForm):
    """Each error names its field (issue 19)."""

    outcome = RadioField(
        "Outcome",
        choices=choices(Outcome),
        validators=[DataRequired(message="Choose the outcome")],
        widget=GovRadioInput(),
    )
    rationale = TextAreaField(
        "Why the case can be closed",
        validators=[DataRequired(message="Say why the case can be closed")],
        widget=GovTextArea(),
    )
    override = _text(
        "Closing without a risk assessment (managers only)",
        "Only for an immediate-priority case with no risk assessment: say why it can close (policy 4.4)",
        required=False,
    )
    submit = SubmitField("Close case", widget=GovSubmitInput())


class CancelWorksForm(StaffForm):
    """Works no longer needed are cancelled with a reason, so that the case can close (issue 19)."""

    reason = reason_box(
        "Why are the works no longer needed?",
        "For example: the graffiti was painted over by the council before our contractor arrived",
        "Say why the works are no longer needed",
    )
    submit = SubmitField("Cancel the works", widget=GovSubmitInput())


class LiftRestrictionForm(StaffForm):
    """Policy 4.11: only a manager lifts a restriction, and says why."""

    reason = reason_box(
        "Why is the restriction being lifted?",
        "For example: the person responsible is not a member of staff",
        max_length=500,
    )
    submit = SubmitField("Lift the restriction", widget=GovSubmitInput())


class ReopenForm(StaffForm):
    reason = _text("Why the case is being reopened")
    submit = SubmitField("Reopen case", widget=GovSubmitInput())


class InviteForm(StaffForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)], widget=GovTextInput())
    email = StringField("Email address", validators=[DataRequired(), EMAIL], widget=GovTextInput())
    role = _radios("Role", choices(Role))
    submit = SubmitField("Create invitation link", widget=GovSubmitInput())


class PasswordForm(StaffForm):
    password = PasswordField(
        "Choose a password",
        description="At least 12 characters",
        validators=[DataRequired()],
        widget=GovPasswordInput(),
    )
    confirm = PasswordField(
        "Type it again",
        validators=[DataRequired(), EqualTo("password", "The passwords do not match")],
        widget=GovPasswordInput(),
    )
    submit = SubmitField("Create account", widget=GovSubmitInput())
