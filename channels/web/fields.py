"""Form fields for the public pages, rendered by GOV.UK Frontend's macros through govuk-frontend-wtf.

They add what the one-question-per-page pattern needs: the GOV.UK error message for an
unanswered question (not WTForms' "Not a valid choice"), per-option hints, an exclusive
"I'm not sure" option, and a day-month-year date that may be left blank.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovDateInput, GovRadioInput
from wtforms import Field, RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError

from intake.public import N_
from intake.public import gettext as _

Options = list[tuple[str, str]]


def _select_choices(choices: Options) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in choices]


def translate_field(field: Any) -> None:
    """One field's words in the visitor's language, on this request's copy only (the class's stay English)."""
    if field.label.text:
        field.label.text = _(field.label.text)
    if isinstance(field.description, str) and field.description:
        field.description = _(field.description)
    if isinstance(field, ChoiceField | MultiChoiceField):
        field.options = {value: _(label) for value, label in field.options.items()}
        field.choices = _select_choices(list(field.options.items()))
        field.item_extras = {value: _translated_extra(extra) for value, extra in field.item_extras.items()}


def _translated_extra(extra: dict[str, Any]) -> dict[str, Any]:
    """An option's hint and divider translated; the shared dict from the class is copied, never changed."""
    copied = dict(extra)
    if "hint" in copied:
        copied["hint"] = {"text": _(copied["hint"]["text"])}
    if "divider" in copied:
        copied["divider"] = _(copied["divider"])
    return copied


class _ItemExtras:
    """Adds each option's hint, divider, exclusive behaviour and revealed content to the macro's items."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        conditional = kwargs.pop("conditional", {})  # per call: widgets are shared between requests
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)  # type: ignore[misc]
        items: list[dict[str, Any]] = []
        for item in params["items"]:
            extra = dict(field.item_extras.get(item["value"], {}))
            if "divider" in extra:
                items.append({"divider": extra.pop("divider")})
            if item["value"] in conditional:
                extra["conditional"] = {"html": conditional[item["value"]]}
            items.append({**item, **extra})
        params["items"] = items
        return params


class _Radios(_ItemExtras, GovRadioInput):  # type: ignore[misc]  # govuk-frontend-wtf and WTForms are untyped
    pass


class _Checkboxes(_ItemExtras, GovCheckboxesInput):  # type: ignore[misc]  # govuk-frontend-wtf and WTForms are untyped
    pass


class ChoiceField(RadioField):  # type: ignore[misc]  # govuk-frontend-wtf and WTForms are untyped
    """One answer from a list, as radios; unanswered gives the page's own error message."""

    widget = _Radios()

    def __init__(
        self,
        *args: Any,
        choices: Options,
        required: str = N_("Select an answer"),
        item_extras: Any = None,
        optional: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(*args, choices=_select_choices(choices), **kw)
        self.options = dict(choices)
        self.required_message = required
        self.optional = optional  # may be left unanswered (stored as None)
        self.item_extras: dict[str, dict[str, Any]] = item_extras or {}

    def pre_validate(self, form: Any) -> None:
        if self.optional and not self.data:
            return  # left unanswered: no answer, not a "no"
        if self.data not in self.options:
            raise StopValidation(_(self.required_message))

    def offer_only(self, values: set[str]) -> None:
        """Show only these options (the others are not safe or do not apply)."""
        self.options = {value: label for value, label in self.options.items() if value in values}
        self.choices = _select_choices(list(self.options.items()))


class MultiChoiceField(SelectMultipleField):  # type: ignore[misc]  # govuk-frontend-wtf and WTForms are untyped
    """Any number of answers from a list, as checkboxes; ``required`` when at least one is needed."""

    widget = _Checkboxes()

    def __init__(
        self, *args: Any, choices: Options, required: str | None = None, item_extras: Any = None, **kw: Any
    ) -> None:
        super().__init__(*args, choices=_select_choices(choices), **kw)
        self.options = dict(choices)
        self.required_message = required
        self.item_extras: dict[str, dict[str, Any]] = item_extras or {}

    def pre_validate(self, form: Any) -> None:
        if self.required_message and not self.data:
            raise StopValidation(_(self.required_message))
        if any(value not in self.options for value in self.data or ()):
            raise StopValidation(_("Select from the list"))
        exclusive = [v for v, extra in self.item_extras.items() if extra.get("behaviour") == "exclusive"]
        if len(self.data or ()) > 1 and any(value in exclusive for value in self.data):
            raise StopValidation(_("Select '%(option)s' on its own, or untick it", option=self.label_of(exclusive[0])))

    def label_of(self, value: str) -> str:
        return self.options.get(value, value)


MISSING = (N_("The date must include a day"), N_("The date must include a month"), N_("The date must include a year"))


DATE_PARTS = (N_("Day"), N_("Month"), N_("Year"))


class _DateInput(GovDateInput):  # type: ignore[misc]  # govuk-frontend-wtf is untyped
    """GOV.UK's date input with its Day, Month and Year labels in the visitor's language."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        params["items"] = [{**item, "label": _(item["label"])} for item in params["items"]]
        return params


class OptionalDateField(Field):  # type: ignore[misc]  # govuk-frontend-wtf and WTForms are untyped
    """A date as day, month and year boxes (GOV.UK date input); blank means not known."""

    widget = _DateInput()

    def __init__(self, *args: Any, not_future: bool = True, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.not_future = not_future
        self.data: date | None = None

    def process_formdata(self, valuelist: list[str]) -> None:
        self.raw_data = [*(part.strip() for part in valuelist[:3]), "", "", ""][:3] if valuelist else None
        self.data = None

    def process_data(self, value: Any) -> None:
        self.data = date.fromisoformat(value) if isinstance(value, str) and value else value
        self.raw_data = None

    def pre_validate(self, form: Any) -> None:
        parts = self.raw_data or ["", "", ""]
        if not any(parts):
            self.data = None
            return
        missing = [message for message, part in zip(MISSING, parts, strict=True) if not part]
        if missing:
            raise StopValidation(_(missing[0]))
        self.data = _real_date(parts)
        if self.not_future and self.data > date.today():
            raise StopValidation(_("The date must be today or in the past"))

    def _value(self) -> str:
        return self.data.isoformat() if self.data else ""


def _real_date(parts: list[str]) -> date:
    try:
        day, month, year = (int(part) for part in parts)
        if year < 1900:
            raise ValueError
        return date(year, month, day)
    except ValueError:
        raise StopValidation(_("The date must be a real date, like 27 3 2026")) from None


__all__ = ["ChoiceField", "MultiChoiceField", "OptionalDateField", "ValidationError"]
