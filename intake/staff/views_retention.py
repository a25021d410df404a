"""Views: the retention review, legal holds and approved purges, for managers only (issue 17)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from intake.casework.errors import Refused
from intake.context import current_intake
from intake.data_protection.holds import lift_hold, place_hold
from intake.data_protection.purge import purge_case
from intake.data_protection.review import dry_run, purge_confirmation, retention_overview
from intake.staff.access import allowed, me
from intake.staff.blueprint import bp, retention_schedule
from intake.staff.pages import form_page, handled, require_case, then
from intake.staff.protection_forms import HoldForm, LiftHoldForm, PurgeForm
from intake.vocabulary import MANAGERS


@bp.route("/retention")
@allowed(*MANAGERS)
def retention() -> ResponseReturnValue:
    """What has fallen due, what is held, and the schedule (references and classes only)."""
    schedule = retention_schedule()
    view = retention_overview(current_intake(), me(), schedule)
    return render_template("staff/retention.html", view=view, schedule=schedule)


@bp.route("/retention/dry-run")
@allowed(*MANAGERS)
def retention_dry_run() -> ResponseReturnValue:
    rows = dry_run(current_intake(), me(), retention_schedule())
    return render_template("staff/retention_dry_run.html", rows=rows, back=url_for("staff.retention"))


@bp.route("/retention/cases/<reference>/hold", methods=["GET", "POST"])
@allowed(*MANAGERS)
def legal_hold(reference: str) -> ResponseReturnValue:
    require_case(reference)
    form = HoldForm()
    action = then(
        "Legal hold placed.", place_hold, current_intake(), me(), reference, form.reason.data or "", form.review_on.data
    )
    done = handled(form, action, url_for("staff.retention"))
    intro = "The case is kept, whatever its retention date, until a manager lifts the hold."
    return done or form_page(
        form, "Place a legal hold", caption=reference, back=url_for("staff.retention"), intro=intro
    )


@bp.route("/retention/holds/<int:hold_id>/lift", methods=["GET", "POST"])
@allowed(*MANAGERS)
def lift_legal_hold(hold_id: int) -> ResponseReturnValue:
    form = LiftHoldForm()
    action = then("Legal hold lifted.", lift_hold, current_intake(), me(), hold_id, form.reason.data or "")
    done = handled(form, action, url_for("staff.retention"))
    intro = "Once lifted, a case past its retention date can be purged."
    return done or form_page(
        form, "Lift the legal hold", caption=f"Hold {hold_id}", back=url_for("staff.retention"), intro=intro
    )


@bp.route("/retention/cases/<reference>/purge", methods=["GET", "POST"])
@allowed(*MANAGERS)
def purge(reference: str) -> ResponseReturnValue:
    """A confirmation step: what will be removed, and the reference typed again."""
    require_case(reference)
    intake, schedule, form = current_intake(), retention_schedule(), PurgeForm()
    try:
        counts = purge_confirmation(intake, me(), schedule, reference)
    except Refused as refused:
        flash(str(refused))
        return redirect(url_for("staff.retention"))
    if form.validate_on_submit():
        if (form.confirm.data or "").strip().upper() == reference:
            purge_case(intake, me(), reference, schedule)
            flash(f"{reference} purged: its personal data is gone; its figures are kept.")
            return redirect(url_for("staff.retention"))
        form.refuse("The reference typed does not match this case.")
    status = 400 if form.errors or form.form_errors else 200
    page = render_template(
        "staff/retention_purge.html", form=form, reference=reference, counts=counts, back=url_for("staff.retention")
    )
    return page, status
