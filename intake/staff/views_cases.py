"""Views: a case, its officer and category, the risk assessment, the action plan and works."""

from __future__ import annotations

from flask import abort, current_app, jsonify, render_template, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from intake.casework import cases as casework
from intake.casework import decisions as services
from intake.casework.contact import case_routes, export_case
from intake.casework.errors import Hidden
from intake.casework.read_side import case_officers
from intake.context import current_intake
from intake.staff.access import allowed, is_manager, me
from intake.staff.blueprint import bp, risk_model
from intake.staff.case_forms import CancelWorksForm, CategoryForm, OfficerForm, PlanForm, RiskForm, WorksForm
from intake.staff.pages import form_page, handled, local, require_case, then, until
from intake.staff.report_forms import ButtonForm
from intake.vocabulary import CASE_HANDLING, CASEWORK, MANAGERS


@bp.route("/cases/<reference>")
@allowed(*CASEWORK)
def case(reference: str) -> ResponseReturnValue:
    try:
        view = services.open_case(current_intake(), me(), reference)
    except Hidden:
        abort(404)
    routes = case_routes(view.reports, view.consents)
    return render_template(
        "staff/case.html",
        view=view,
        button=ButtonForm(),
        routes=routes,
        manager=is_manager(),
        local=local,
        until=until,
        now=current_intake().clock(),
    )


@bp.route("/cases/<reference>/export")
@allowed(*CASE_HANDLING)
def export(reference: str) -> ResponseReturnValue:
    try:
        record = export_case(current_intake(), me(), reference)
    except Hidden:
        abort(404)
    response = jsonify(record)
    response.headers["Content-Disposition"] = f"attachment; filename=case-{reference}.json"
    return response


@bp.route("/cases/<reference>/officer", methods=["GET", "POST"])
@allowed(*CASEWORK)
def officer(reference: str) -> ResponseReturnValue:
    require_case(reference)
    form = OfficerForm()
    form.officer.choices = _officer_choices()
    action = then("Officer assigned.", services.assign_officer, current_intake(), me(), reference, form.officer.data)
    done = handled(form, action, _back(reference))
    return done or form_page(form, "Assign a case officer", caption=reference, back=_back(reference))


@bp.route("/cases/<reference>/category", methods=["GET", "POST"])
@allowed(*CASE_HANDLING)
def category(reference: str) -> ResponseReturnValue:
    require_case(reference)
    form = CategoryForm()
    done = handled(form, lambda: _category_message(reference, form), _back(reference))
    intro = "A hate incident stays serious/high-risk unless proven otherwise or wholly unreasonable (policy 4.3)."
    return done or form_page(form, "Change the category", caption=reference, back=_back(reference), intro=intro)


@bp.route("/cases/<reference>/category/<int:decision_id>/approve", methods=["POST"])
@allowed(*MANAGERS)
def approve_category(reference: str, decision_id: int) -> ResponseReturnValue:
    require_case(reference)
    form = ButtonForm()
    approve = services.approve_category_change
    action = then("Category change approved.", approve, current_intake(), me(), reference, decision_id)
    done = handled(form, action, _back(reference))
    return done or form_page(form, "Approve the category change", caption=reference, back=_back(reference))


@bp.route("/cases/<reference>/risk-assessment", methods=["GET", "POST"])
@allowed(*CASE_HANDLING)
def risk_assessment(reference: str) -> ResponseReturnValue:
    require_case(reference)
    model = risk_model(current_app)
    form = RiskForm()
    form.answers.choices = [SelectChoice(question.id, question.text) for question in model.questions]
    done = handled(form, lambda: _assessed(reference, form), _back(reference))
    return done or form_page(form, "Risk and vulnerability assessment", caption=reference, back=_back(reference))


@bp.route("/cases/<reference>/action-plan", methods=["GET", "POST"])
@allowed(*CASE_HANDLING)
def action_plan(reference: str) -> ResponseReturnValue:
    require_case(reference)
    form = PlanForm()
    form.officer.choices = _officer_choices()
    values = (form.officer.data, form.frequency.data, form.actions.data or "")
    action = then("Action plan agreed.", casework.agree_action_plan, current_intake(), me(), reference, *values)
    done = handled(form, action, _back(reference))
    return done or form_page(form, "Action plan", caption=reference, back=_back(reference))


@bp.route("/cases/<reference>/works", methods=["GET", "POST"])
@allowed(*CASE_HANDLING)
def works(reference: str) -> ResponseReturnValue:
    require_case(reference)
    form = WorksForm()
    done = handled(form, lambda: _works_ordered(reference, form.kind.data), _back(reference))
    intro = "Offensive graffiti is removed, and repairs done as emergencies, within 24 hours (policy 4.10)."
    return done or form_page(form, "Order works", caption=reference, back=_back(reference), intro=intro)


@bp.route("/cases/<reference>/works/<int:work_id>/done", methods=["POST"])
@allowed(*CASE_HANDLING)
def works_done(reference: str, work_id: int) -> ResponseReturnValue:
    require_case(reference)
    form = ButtonForm()
    done = handled(form, lambda: _works_message(reference, work_id), _back(reference))
    return done or form_page(form, "Record works done", caption=reference, back=_back(reference))


@bp.route("/cases/<reference>/works/<int:work_id>/cancel", methods=["GET", "POST"])
@allowed(*CASE_HANDLING)
def cancel_works(reference: str, work_id: int) -> ResponseReturnValue:
    require_case(reference)
    form = CancelWorksForm()
    cancel = casework.cancel_works
    action = then("Works cancelled.", cancel, current_intake(), me(), reference, work_id, form.reason.data or "")
    done = handled(form, action, _back(reference))
    return done or form_page(form, "Cancel the works", caption=reference, back=_back(reference))


def _assessed(reference: str, form: RiskForm) -> str:
    answers = {answer: True for answer in form.answers.data or []}
    override = (form.override_level.data, form.override_reason.data or "") if form.override_level.data else None
    level = casework.record_risk_assessment(
        current_intake(), me(), reference, risk_model(current_app), answers, override
    )
    prompt = " Make a safeguarding referral (policy 4.4)." if level == "high" else ""
    return f"Risk assessed as {level}.{prompt}"


def _category_message(reference: str, form: CategoryForm) -> str:
    request_change = services.request_category_change
    now = request_change(
        current_intake(), me(), reference, form.to_category.data, form.reason.data, form.explanation.data
    )
    return "Category changed." if now else "Category change requested: a manager must approve it."


def _works_ordered(reference: str, kind: str) -> str:
    due = casework.raise_works(current_intake(), me(), reference, kind)
    return f"Works ordered, due {local(due)}."


def _works_message(reference: str, work_id: int) -> str:
    on_time = casework.complete_works(current_intake(), me(), reference, work_id)
    return "Works recorded as done within 24 hours." if on_time else "Works recorded as done, after they were due."


def _officer_choices() -> list[SelectChoice]:
    with current_intake().db.read() as session:
        return [SelectChoice(user.id, user.name) for user in case_officers(session)]


def _back(reference: str) -> str:
    return url_for("staff.case", reference=reference)
