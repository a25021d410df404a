"""The check-answers page's rows: every question in force, the answer in words, and a change link."""

from __future__ import annotations

from typing import Any

from flask import url_for
from markupsafe import Markup, escape

from channels.web import uploads
from channels.web.fields import ChoiceField, MultiChoiceField, OptionalDateField
from channels.web.pages import UPLOAD_SLUG, Answers, Page, applicable
from intake.public import N_
from intake.public import gettext as _

MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
NOT_GIVEN = N_("Not given")


def summary_rows(answers: Answers) -> list[dict[str, Any]]:
    """Rows for govukSummaryList, one per question this reporter was asked."""
    return [_row(page, answers) for page in applicable(answers)]


def _row(page: Page, answers: Answers) -> dict[str, Any]:
    lines = _files(answers) if page.slug == UPLOAD_SLUG else _answer_lines(page, answers)
    value = Markup("<br>").join(escape(line) for line in lines) if lines else _(NOT_GIVEN)
    return {
        "key": {"text": (_(page.summary) if page.summary else "")},
        "value": {"html": Markup('<span class="app-wrap">') + value + Markup("</span>")},
        "actions": {
            "items": [
                {
                    "href": url_for("web.question", slug=page.slug),
                    "text": _("Change"),
                    "visuallyHiddenText": (_(page.summary) if page.summary else "").lower(),
                }
            ]
        },
    }


def _files(answers: Answers) -> list[str]:
    return [uploads.describe(held) for held in answers.get("attachments", [])]


def _answer_lines(page: Page, answers: Answers) -> list[str]:
    form = page.make_form(answers, data=answers["pages"].get(page.slug, {}))
    return [line for name, field in form._fields.items() if name != "csrf_token" for line in _display(field)]


def _display(field: Any) -> list[str]:
    if isinstance(field, MultiChoiceField):
        return [field.label_of(value) for value in field.data or ()]
    if isinstance(field, ChoiceField):
        return [field.options.get(field.data, "")] if field.data else []
    if isinstance(field, OptionalDateField):
        return [f"{field.data.day} {_(MONTHS[field.data.month - 1])} {field.data.year}"] if field.data else []
    return [str(field.data)] if field.data else []
