"""The staff page that records a report taken by telephone or in person (policy 4.2).

It renders under /staff/record with the staff pages' sign-in and role checks (triage officers,
case officers and managers), and enters through the same submit service as every channel.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from channels.assisted.forms import RecordForm
from channels.assisted.translate import inbound, local_time, report_draft
from intake.public import CASEWORK, allowed, current_intake, me, submit_report

bp = Blueprint("assisted", __name__, url_prefix="/staff/record")
TITLE = "Record a report taken by telephone or in person"


@bp.route("/", methods=["GET", "POST"])
@allowed(*CASEWORK)
def record() -> ResponseReturnValue:
    """Record it, audited as the member of staff; a second press of the button makes no second report."""
    form = RecordForm()
    if request.method == "GET":
        form.started_at.data = _now_to_the_minute()
    if not form.validate_on_submit():
        return render_template("assisted/record.html", form=form, title=TITLE)
    intake, actor = current_intake(), me().actor
    started_at = local_time(form.started_at.data, intake.calendar.timezone)
    draft = report_draft(form.data, inbound(form.submission_token.data, _raw_form(), started_at), recorded_by=actor)
    submission = submit_report(intake, draft, actor=actor)
    flash(f"Report recorded. The reference is {submission.reference}.")
    return redirect(url_for("staff.report", reference=submission.reference))


def _now_to_the_minute() -> datetime:
    """Now, in the landlord's time zone, as the form shows it (the field has no seconds)."""
    intake = current_intake()
    return intake.clock().astimezone(intake.calendar.timezone).replace(second=0, microsecond=0, tzinfo=None)


def _raw_form() -> bytes:
    """The posted fields as received, less the CSRF token: the raw inbound item."""
    fields = [(name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"]
    return urlencode(fields).encode("utf-8")
