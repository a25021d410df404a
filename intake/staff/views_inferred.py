"""Views: confirming or removing a signal inferred from a report's words (issue 11)."""

from __future__ import annotations

from flask import url_for
from flask.typing import ResponseReturnValue

from intake.casework.inferred import confirm_inferred, remove_inferred
from intake.context import current_intake
from intake.staff.access import allowed, me
from intake.staff.blueprint import bp
from intake.staff.pages import form_page, handled, require_report
from intake.staff.report_forms import ButtonForm, RemoveInferredForm, label
from intake.vocabulary import CASEWORK


@bp.route("/reports/<reference>/inferred/<int:inferred_id>/confirm", methods=["POST"])
@allowed(*CASEWORK)
def confirm_signal(reference: str, inferred_id: int) -> ResponseReturnValue:
    require_report(reference)
    form = ButtonForm()
    done = handled(form, lambda: _confirmed(reference, inferred_id), _back(reference))
    return done or form_page(form, "Confirm an inferred signal", caption=reference, back=_back(reference))


@bp.route("/reports/<reference>/inferred/<int:inferred_id>/remove", methods=["GET", "POST"])
@allowed(*CASEWORK)
def remove_signal(reference: str, inferred_id: int) -> ResponseReturnValue:
    require_report(reference)
    form = RemoveInferredForm()
    done = handled(form, lambda: _removed(reference, inferred_id, form.reason.data or ""), _back(reference))
    intro = "Removing it undoes what it started: a works order, immediate priority or the restriction."
    return done or form_page(form, "Remove an inferred signal", caption=reference, back=_back(reference), intro=intro)


def _confirmed(reference: str, inferred_id: int) -> str:
    signal = confirm_inferred(current_intake(), me(), reference, inferred_id)
    return f"Confirmed: {label(signal)}."


def _removed(reference: str, inferred_id: int, reason: str) -> str:
    signal = remove_inferred(current_intake(), me(), reference, inferred_id, reason)
    return f"Removed: {label(signal)}. The reason is recorded."


def _back(reference: str) -> str:
    return url_for("staff.report", reference=reference)
