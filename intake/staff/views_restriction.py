"""Views: a manager restricts a report to managers, or lifts the restriction with a reason (policy 4.11)."""

from __future__ import annotations

from flask import url_for
from flask.typing import ResponseReturnValue

from intake.casework.restriction import lift_restriction, restrict_report
from intake.context import current_intake
from intake.staff.access import allowed, me
from intake.staff.blueprint import bp
from intake.staff.case_forms import LiftRestrictionForm
from intake.staff.pages import form_page, handled, require_report, then
from intake.staff.report_forms import ButtonForm
from intake.vocabulary import MANAGERS


@bp.route("/reports/<reference>/restrict", methods=["POST"])
@allowed(*MANAGERS)
def restrict(reference: str) -> ResponseReturnValue:
    require_report(reference)
    form = ButtonForm()
    action = then("Restricted to managers.", restrict_report, current_intake(), me(), reference)
    done = handled(form, action, _back(reference))
    return done or form_page(form, "Restrict to managers", caption=reference, back=_back(reference))


@bp.route("/reports/<reference>/lift-restriction", methods=["GET", "POST"])
@allowed(*MANAGERS)
def lift(reference: str) -> ResponseReturnValue:
    require_report(reference)
    form = LiftRestrictionForm()
    reason = form.reason.data or ""
    action = then("Restriction lifted.", lift_restriction, current_intake(), me(), reference, reason)
    done = handled(form, action, _back(reference))
    intro = "Every member of casework staff will see this report, its case and its reference again."
    return done or form_page(form, "Lift the restriction", caption=reference, back=_back(reference), intro=intro)


def _back(reference: str) -> str:
    return url_for("staff.report", reference=reference)
