"""The one base form every page's form stands on: staff pages, the partner portal, the web form.

Flask-WTF gives each a CSRF token; this gives each the GOV.UK error summary's list, with a rule's
refusal first, so a person sees every problem at the top of the page and can jump to each.
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField

from intake.storable import storable

# The policy's code lists as people read them (policy 2.1, 2.2), for every form that asks them.
CHARACTERISTICS = [
    SelectChoice("race", "Race, colour, ethnicity or nationality"),
    SelectChoice("religion", "Religion or belief"),
    SelectChoice("disability", "Disability"),
    SelectChoice("age", "Age"),
    SelectChoice("sex", "Sex"),
    SelectChoice("sexual_orientation", "Sexual orientation"),
    SelectChoice("transgender", "Being transgender"),
    SelectChoice("alternative_subculture", "Alternative subculture"),
    SelectChoice("other", "Something else"),
    SelectChoice("not_sure", "Not sure"),
]
INCIDENT_TYPES = [
    SelectChoice("verbal_abuse", "Verbal abuse or insults"),
    SelectChoice("assault", "Physical attack"),
    SelectChoice("vandalism_or_arson", "Damage to property, vandalism or arson"),
    SelectChoice("graffiti_or_literature", "Graffiti, posters or leaflets"),
    SelectChoice("threats", "Threats"),
    SelectChoice("other", "Something else"),
]


def _storable(data: Any) -> Any:
    """Typed or pasted text as every database stores it: PostgreSQL refuses a NUL byte in text."""
    return storable(data) if isinstance(data, str) else data


class BaseForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF is untyped
    """What every form shares: storable text, refusals from a rule, and the error summary's items."""

    class Meta(FlaskForm.Meta):  # type: ignore[misc]
        def bind_field(self, form: Any, unbound_field: UnboundField, options: dict[str, Any]) -> Any:
            """Every field's text made storable, so no page of ours fails on what PostgreSQL refuses."""
            filters = [*unbound_field.kwargs.get("filters", ()), _storable]
            return unbound_field.bind(form=form, filters=filters, **options)

    hidden_from_summary: ClassVar[frozenset[str]] = frozenset()  # fields whose errors are not listed

    def refuse(self, message: str) -> None:
        """A rule's refusal (not one field's), shown first in the error summary."""
        self.form_errors.append(message)

    def error_list(self) -> list[dict[str, str]]:
        """The GOV.UK error summary's items: the rule's refusal first, then each field's first error."""
        items = [{"text": message, "href": "#main-content"} for message in self.form_errors]
        for name, field in self._fields.items():
            if field.errors and name not in self.hidden_from_summary:
                items.append({"text": str(field.errors[0]), "href": self.error_href(field)})
        return items

    def error_href(self, field: Any) -> str:
        """Where the summary's link for a field's error goes: the field itself."""
        return f"#{field.id}"
