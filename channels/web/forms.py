"""The forms behind each question page, all on one shared base form.

Labels are the questions as the reporter reads them; stored values are the core's codes
(intake.vocabulary), so the answers map straight onto a ReportDraft.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovTextArea, GovTextInput
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from channels.web.fields import ChoiceField, MultiChoiceField, OptionalDateField
from intake.public import BaseForm

DESCRIPTION_MAX_CHARS = 10_000  # generous: people should never have to cut their account short
SHORT_TEXT_MAX_CHARS = 500
YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_NOT_SURE = [("yes", "Yes"), ("no", "No"), ("not_sure", "I'm not sure")]
YES_NO_DONT_KNOW = [("yes", "Yes"), ("no", "No"), ("not_sure", "I don't know")]


class QuestionForm(BaseForm):
    """Every page's form: on the one shared base (``intake.forms``), and stored as plain JSON."""

    hidden_from_summary = frozenset({"csrf_token"})

    def to_answers(self) -> dict[str, Any]:
        """What to keep on the server for this page: every field but the CSRF token, as JSON values."""
        return {name: _json(field.data) for name, field in self._fields.items() if name != "csrf_token"}

    def error_href(self, field: Any) -> str:
        """The first box of its field (a date's day)."""
        return f"#{field.id}-day" if isinstance(field, OptionalDateField) else f"#{field.id}"

    def set_question(self, field: str, question: str, required: str | None = None) -> None:
        """Word the page's main question for who is reporting (you, or the person it happened to)."""
        self[field].label.text = question
        if required is not None:
            self[field].required_message = required


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def text(label: str, max_chars: int = SHORT_TEXT_MAX_CHARS, called: str | None = None, **kw: Any) -> StringField:
    """A one-line box; ``called`` names it in its error message where the label is a question."""
    validators = [_at_most(max_chars, called or _name_of(label))]
    return StringField(label, validators=validators, widget=GovTextInput(), **kw)


def long_text(label: str, max_chars: int = SHORT_TEXT_MAX_CHARS, called: str | None = None, **kw: Any) -> TextAreaField:
    validators = [_at_most(max_chars, called or _name_of(label))]
    return TextAreaField(label, validators=validators, widget=GovTextArea(), **kw)


def _name_of(label: str) -> str:
    return label.removesuffix(" (optional)")


def _at_most(max_chars: int, called: str) -> Length:
    """A length cap that, unlike Optional(), lets the form's own checks run on a blank field. Its message
    names the field (GOV.UK: on a page with two boxes, the reader must know which one is too long)."""
    return Length(max=max_chars, message=f"{called} must be {max_chars:,} characters or fewer")


class RoleForm(QuestionForm):
    """Policy 4.5: victims, witnesses, and people reporting on a victim's behalf."""

    role = ChoiceField(
        "Who are you reporting as?",
        choices=[
            ("victim", "It happened to me"),
            ("witness", "I saw or heard it happen"),
            ("third_party", "I'm reporting for someone it happened to"),
        ],
        required="Select who you are reporting as",
        item_extras={"third_party": {"hint": {"text": "For example, as a friend, relative, advice or support worker"}}},
    )


class IncidentTypesForm(QuestionForm):
    """Policy 2.2: the forms a hate incident may take."""

    incident_types = MultiChoiceField(
        "What happened?",
        description="Select all that apply.",
        choices=[
            ("verbal_abuse", "Verbal abuse, insults or ridicule"),
            ("threats", "Threats or threatening behaviour, including messages"),
            ("assault", "Physical attack"),
            ("vandalism_or_arson", "Damage to a home, car or property, or setting fire to it"),
            ("graffiti_or_literature", "Offensive graffiti, posters, leaflets or letters"),
            ("other", "Something else"),
        ],
        required="Select what happened, or select 'Something else'",
    )


class CharacteristicsForm(QuestionForm):
    """Policy 2.1: what the hostility is perceived to be based on, by the victim or anyone else."""

    characteristics = MultiChoiceField(
        "Why do you think it happened?",
        description=(
            "It is a hate incident if you, the victim or anyone else thinks it happened because of who the "
            "victim is, or who they are thought to be. Select all that apply."
        ),
        choices=[
            ("race", "Race, colour, ethnicity or nationality"),
            ("religion", "Religion or belief"),
            ("disability", "Disability"),
            ("age", "Age"),
            ("sex", "Sex"),
            ("sexual_orientation", "Sexual orientation"),
            ("transgender", "Being transgender, or gender reassignment"),
            ("alternative_subculture", "Being part of an alternative subculture"),
            ("other", "Something else"),
            ("not_sure", "I'm not sure"),
        ],
        required="Select why you think it happened, or select 'I'm not sure'",
        item_extras={
            "alternative_subculture": {"hint": {"text": "For example, goths, emos, punks or metallers"}},
            "not_sure": {"divider": "or", "behaviour": "exclusive"},
        },
    )


class WhenForm(QuestionForm):
    occurred_on = OptionalDateField(
        "Date it happened", description="For example, 27 3 2026. Leave it blank if you do not know."
    )
    occurred_text = long_text(
        "Anything else about when it happened (optional)",
        description="For example, 'about 9pm' or 'it has happened every week since June'.",
    )


class WhereForm(QuestionForm):
    where = ChoiceField(
        "Where did it happen?",
        choices=[
            ("address", "At an address or postcode"),
            ("area", "On an estate, a street or another place"),
            ("withheld", "I'd rather not say"),
        ],
        required="Select where it happened, or select 'I'd rather not say'",
    )


class AddressForm(QuestionForm):
    """Asked after 'At an address': a page of its own, not a reveal (ARIA does not allow one on radios)."""

    address = long_text("Address (optional if you give a postcode)", called="The address")
    postcode = text("Postcode", max_chars=10)

    def validate_postcode(self, field: Any) -> None:
        if not (field.data or "").strip() and not (self.address.data or "").strip():
            raise ValidationError("Enter the address or the postcode")
        compact = (field.data or "").replace(" ", "").upper()
        if compact and not _looks_like_postcode(compact):
            raise ValidationError("Enter a real postcode, like SW1A 1AA")


class PlaceForm(QuestionForm):
    area = text("Which estate, street or place was it?", called="The estate, street or place")

    def validate_area(self, field: Any) -> None:
        if not (field.data or "").strip():
            raise ValidationError("Enter the estate, street or place")


def _looks_like_postcode(compact: str) -> bool:
    return re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}", compact) is not None


class DescriptionForm(QuestionForm):
    max_chars = DESCRIPTION_MAX_CHARS
    description = TextAreaField(
        "Tell us what happened, in your own words",
        description=(
            "Include anything that might help, such as what was said or done, and who was there. "
            "You can leave this blank if you would rather not write it down."
        ),
        validators=[_at_most(DESCRIPTION_MAX_CHARS, "What happened")],
        widget=GovCharacterCount(),
    )


class YesNoForm(QuestionForm):
    answer = ChoiceField("", choices=YES_NO)


class YesNoNotSureForm(QuestionForm):
    answer = ChoiceField("", choices=YES_NO_NOT_SURE)


class ConsentForm(QuestionForm):
    """A consent question; "I don't know" is offered only when asking what a third party knows of the
    victim's wishes (issue 19): a victim or witness knows their own mind."""

    answer = ChoiceField("", choices=YES_NO_DONT_KNOW)

    def own_consent(self) -> None:
        self.answer.offer_only({value for value, _ in YES_NO})


class ResponsibleForm(QuestionForm):
    """What is known of the person responsible: it sets who leads (policy 4.7, 4.8, 4.11)."""

    known = MultiChoiceField(
        "What do you know about the person or people responsible?",
        description="Select all that apply.",
        choices=[
            ("known_to_victim", "The victim knows who they are"),
            ("lives_nearby", "They live nearby"),
            ("is_tenant", "They rent their home from us"),
            ("is_staff", "They work for us"),
            ("not_tenant", "They do not rent their home from us"),
            ("dont_know", "I don't know"),
        ],
        required="Select what you know about them, or select 'I don't know'",
        item_extras={"dont_know": {"divider": "or", "behaviour": "exclusive"}},
    )
    description = long_text(
        "Anything else about them (optional)",
        called="What else you know about them",
        description="For example, what they look like.",
    )

    def validate_known(self, field: Any) -> None:
        if {"is_tenant", "not_tenant"} <= set(field.data or ()):
            raise ValidationError("Select either 'They rent their home from us' or 'They do not', not both")
