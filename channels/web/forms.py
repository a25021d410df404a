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
from wtforms.validators import ValidationError

from channels.web.fields import ChoiceField, MultiChoiceField, OptionalDateField, translate_field
from intake.public import N_, BaseForm
from intake.public import gettext as _

DESCRIPTION_MAX_CHARS = 10_000  # generous: people should never have to cut their account short
SHORT_TEXT_MAX_CHARS = 500
YES_NO = [("yes", N_("Yes")), ("no", N_("No"))]
YES_NO_NOT_SURE = [("yes", N_("Yes")), ("no", N_("No")), ("not_sure", N_("I'm not sure"))]
YES_NO_DONT_KNOW = [("yes", N_("Yes")), ("no", N_("No")), ("not_sure", N_("I don't know"))]


class QuestionForm(BaseForm):
    """Every page's form: on the one shared base (``intake.forms``), and stored as plain JSON."""

    hidden_from_summary = frozenset({"csrf_token"})

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        for field in self._fields.values():
            translate_field(field)  # labels, hints and options in the visitor's language (issue 15)

    def to_answers(self) -> dict[str, Any]:
        """What to keep on the server for this page: every field but the CSRF token, as JSON values."""
        return {name: _json(field.data) for name, field in self._fields.items() if name != "csrf_token"}

    def error_href(self, field: Any) -> str:
        """The first box of its field (a date's day)."""
        return f"#{field.id}-day" if isinstance(field, OptionalDateField) else f"#{field.id}"

    def set_question(self, field: str, question: str, required: str | None = None) -> None:
        """Word the page's main question for who is reporting (you, or the person it happened to)."""
        self[field].label.text = _(question)
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


class _AtMost:
    """A length cap that, unlike Optional(), lets the form's own checks run on a blank field. Its message
    names the field (GOV.UK: on a page with two boxes, the reader must know which one is too long), in the
    visitor's language when it is shown."""

    def __init__(self, max_chars: int, called: str) -> None:
        self.max_chars, self.called = max_chars, called

    def __call__(self, form: Any, field: Any) -> None:
        if len(field.data or "") > self.max_chars:
            count = f"{self.max_chars:,}"
            raise ValidationError(
                _("%(field)s must be %(count)s characters or fewer", field=_(self.called), count=count)
            )


def _at_most(max_chars: int, called: str) -> _AtMost:
    return _AtMost(max_chars, called)


class RoleForm(QuestionForm):
    """Policy 4.5: victims, witnesses, and people reporting on a victim's behalf."""

    role = ChoiceField(
        N_("Who are you reporting as?"),
        choices=[
            ("victim", N_("It happened to me")),
            ("witness", N_("I saw or heard it happen")),
            ("third_party", N_("I'm reporting for someone it happened to")),
        ],
        required=N_("Select who you are reporting as"),
        item_extras={
            "third_party": {"hint": {"text": N_("For example, as a friend, relative, advice or support worker")}}
        },
    )


class IncidentTypesForm(QuestionForm):
    """Policy 2.2: the forms a hate incident may take."""

    incident_types = MultiChoiceField(
        N_("What happened?"),
        description=N_("Select all that apply."),
        choices=[
            ("verbal_abuse", N_("Verbal abuse, insults or ridicule")),
            ("threats", N_("Threats or threatening behaviour, including messages")),
            ("assault", N_("Physical attack")),
            ("vandalism_or_arson", N_("Damage to a home, car or property, or setting fire to it")),
            ("graffiti_or_literature", N_("Offensive graffiti, posters, leaflets or letters")),
            ("other", N_("Something else")),
        ],
        required=N_("Select what happened, or select 'Something else'"),
    )


class CharacteristicsForm(QuestionForm):
    """Policy 2.1: what the hostility is perceived to be based on, by the victim or anyone else."""

    characteristics = MultiChoiceField(
        N_("Why do you think it happened?"),
        description=(
            N_(
                "It is a hate incident if you, the victim or anyone else thinks it happened because of who the "
                "victim is, or who they are thought to be. Select all that apply."
            )
        ),
        choices=[
            ("race", N_("Race, colour, ethnicity or nationality")),
            ("religion", N_("Religion or belief")),
            ("disability", N_("Disability")),
            ("age", N_("Age")),
            ("sex", N_("Sex")),
            ("sexual_orientation", N_("Sexual orientation")),
            ("transgender", N_("Being transgender, or gender reassignment")),
            ("alternative_subculture", N_("Being part of an alternative subculture")),
            ("other", N_("Something else")),
            ("not_sure", N_("I'm not sure")),
        ],
        required=N_("Select why you think it happened, or select 'I'm not sure'"),
        item_extras={
            "alternative_subculture": {"hint": {"text": N_("For example, goths, emos, punks or metallers")}},
            "not_sure": {"divider": N_("or"), "behaviour": "exclusive"},
        },
    )


class WhenForm(QuestionForm):
    occurred_on = OptionalDateField(
        N_("Date it happened"), description=N_("For example, 27 3 2026. Leave it blank if you do not know.")
    )
    occurred_text = long_text(
        N_("Anything else about when it happened (optional)"),
        called=N_("Anything else about when it happened"),
        description=N_("For example, 'about 9pm' or 'it has happened every week since June'."),
    )


class WhereForm(QuestionForm):
    where = ChoiceField(
        N_("Where did it happen?"),
        choices=[
            ("address", N_("At an address or postcode")),
            ("area", N_("On an estate, a street or another place")),
            ("withheld", N_("I'd rather not say")),
        ],
        required=N_("Select where it happened, or select 'I'd rather not say'"),
    )


class AddressForm(QuestionForm):
    """Asked after 'At an address': a page of its own, not a reveal (ARIA does not allow one on radios)."""

    address = long_text(N_("Address (optional if you give a postcode)"), called=N_("The address"))
    postcode = text(N_("Postcode"), max_chars=10)

    def validate_postcode(self, field: Any) -> None:
        if not (field.data or "").strip() and not (self.address.data or "").strip():
            raise ValidationError(_("Enter the address or the postcode"))
        compact = (field.data or "").replace(" ", "").upper()
        if compact and not _looks_like_postcode(compact):
            raise ValidationError(_("Enter a real postcode, like SW1A 1AA"))


class PlaceForm(QuestionForm):
    area = text(N_("Which estate, street or place was it?"), called=N_("The estate, street or place"))

    def validate_area(self, field: Any) -> None:
        if not (field.data or "").strip():
            raise ValidationError(_("Enter the estate, street or place"))


def _looks_like_postcode(compact: str) -> bool:
    return re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}", compact) is not None


class DescriptionForm(QuestionForm):
    max_chars = DESCRIPTION_MAX_CHARS
    description = TextAreaField(
        N_("Tell us what happened, in your own words"),
        description=(
            N_(
                "Include anything that might help, such as what was said or done, and who was there. "
                "You can leave this blank if you would rather not write it down."
            )
        ),
        validators=[_at_most(DESCRIPTION_MAX_CHARS, N_("What happened"))],
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
        N_("What do you know about the person or people responsible?"),
        description=N_("Select all that apply."),
        choices=[
            ("known_to_victim", N_("The victim knows who they are")),
            ("lives_nearby", N_("They live nearby")),
            ("is_tenant", N_("They rent their home from us")),
            ("is_staff", N_("They work for us")),
            ("not_tenant", N_("They do not rent their home from us")),
            ("dont_know", N_("I don't know")),
        ],
        required=N_("Select what you know about them, or select 'I don't know'"),
        item_extras={"dont_know": {"divider": N_("or"), "behaviour": "exclusive"}},
    )
    description = long_text(
        N_("Anything else about them (optional)"),
        called=N_("What else you know about them"),
        description=N_("For example, what they look like."),
    )

    def validate_known(self, field: Any) -> None:
        if {"is_tenant", "not_tenant"} <= set(field.data or ()):
            raise ValidationError(_("Select either 'They rent their home from us' or 'They do not', not both"))
