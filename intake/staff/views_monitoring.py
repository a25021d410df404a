"""Views: monitoring and accountability for managers (``/staff/monitoring``, issue 14), and the homes
count admins enter for NM01. They only call ``intake.monitoring``; every view and download is audited
there."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from intake.casework.lookup import may_see_restricted
from intake.context import current_intake
from intake.monitoring import service
from intake.monitoring.figures import BY_NAME, DIMENSIONS, NONE
from intake.monitoring.lists import LIST_LIMIT, UnknownFigure
from intake.monitoring.periods import Period
from intake.monitoring.reviews import ReviewRule
from intake.staff.access import allowed, me
from intake.staff.blueprint import bp
from intake.staff.monitoring_charts import grouped_bars, shade
from intake.staff.monitoring_forms import HomesForm, PeriodForm, ReviewForm, period_args
from intake.staff.pages import form_page, local
from intake.vocabulary import ADMINS, MANAGERS


def _period() -> tuple[PeriodForm, Period]:
    form = PeriodForm(request.args)
    today = current_intake().calendar.local_date(current_intake().clock())
    return form, form.chosen(today)


def _rule() -> ReviewRule:
    config = current_app.config
    return ReviewRule(int(config["CASE_REVIEW_WEEKS"]), int(config["RISK_ASSESSMENT_WORKING_DAYS"]))


@bp.route("/monitoring")
@allowed(*MANAGERS)
def monitoring() -> ResponseReturnValue:
    form, period = _period()
    viewer = me()
    figures = service.view_figures(
        current_intake(), viewer, period, _rule(), include_restricted=may_see_restricted(viewer)
    )
    months = [first.strftime("%b %y") for first in period.months()]
    trend = grouped_bars(months, [[m.reports for m in figures.months], [m.cases for m in figures.months]])
    largest = max((count for row in figures.areas for count in row.counts), default=0)
    return render_template(
        "staff/monitoring.html",
        form=form,
        figures=figures,
        period=period,
        args=period_args(period),
        year_args=period_args(figures.nm01.period),
        dimensions=DIMENSIONS,
        trend=trend,
        largest=largest,
        shade=shade,
        none=NONE,
        rule=_rule(),
        local=local,
    )


@bp.route("/monitoring/list")
@allowed(*MANAGERS)
def monitoring_list() -> ResponseReturnValue:
    _, period = _period()
    name, base, key = (request.args.get(arg, "") for arg in ("table", "base", "key"))
    viewer = me()
    try:
        rows = service.view_list(
            current_intake(), viewer, period, name, base, key, include_restricted=may_see_restricted(viewer)
        )
    except UnknownFigure:
        abort(404)
    return render_template(
        "staff/monitoring_list.html",
        rows=rows[:LIST_LIMIT],
        cut=len(rows) > LIST_LIMIT,
        dimension=BY_NAME[name],
        base=base,
        key=key,
        period=period,
        args=period_args(period),
        local=local,
    )


@bp.route("/monitoring/download/<what>.csv")
@allowed(*MANAGERS)
def monitoring_download(what: str) -> ResponseReturnValue:
    _, period = _period()
    try:
        content, filename = service.download(current_intake(), me(), period, what)
    except service.NotFound:
        abort(404)
    response = Response(content, mimetype="text/csv")
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    return response


@bp.route("/monitoring/reviews/<reference>", methods=["GET", "POST"])
@allowed(*MANAGERS)
def monitoring_review(reference: str) -> ResponseReturnValue:
    """Record a case-management review (policy 8.1): the case leaves the review list."""
    intake = current_intake()
    form = ReviewForm()
    if request.method == "GET" and form.reviewed_on.data is None:
        form.reviewed_on.data = intake.calendar.local_date(intake.clock())
    back = url_for("staff.monitoring", _anchor="reviews")
    if form.validate_on_submit():
        viewer = me()
        try:
            service.record_review(
                intake,
                viewer,
                reference,
                form.reviewed_on.data,
                form.note.data or "",
                include_restricted=may_see_restricted(viewer),
            )
        except service.NotFound:
            abort(404)
        except service.Refused as refused:
            form.refuse(str(refused))
        else:
            flash(f"Review of {reference} recorded.")
            return redirect(back)
    intro = "Policy 8.1: regular case-management reviews, so cases are dealt with effectively and within timescales."
    return form_page(form, "Record a case review", caption=reference, back=back, intro=intro)


@bp.route("/admin/homes", methods=["GET", "POST"])
@allowed(*ADMINS)
def admin_homes() -> ResponseReturnValue:
    """The dated homes counts NM01 divides by; every count entered is kept."""
    intake = current_intake()
    form = HomesForm()
    if form.validate_on_submit():
        try:
            service.enter_homes_count(
                intake, me(), form.counted_on.data, form.low_cost_rental.data, form.low_cost_home_ownership.data
            )
        except service.Refused as refused:
            form.refuse(str(refused))
        else:
            flash("Homes count saved.")
            return redirect(url_for("staff.admin_homes"))
    history = service.view_homes(intake, me())
    status = 400 if form.errors or form.form_errors else 200
    return render_template("staff/homes.html", form=form, history=history, local=local), status
