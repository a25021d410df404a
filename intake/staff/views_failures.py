"""View: what failed for good, for managers and admins (``/staff/failed-deliveries``)."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from intake.casework.failures import view_failed_deliveries
from intake.context import current_intake
from intake.staff.access import allowed, me
from intake.staff.blueprint import bp
from intake.vocabulary import Role


@bp.route("/failed-deliveries")
@allowed(Role.MANAGER, Role.ADMIN)
def failed_deliveries() -> ResponseReturnValue:
    """Outbox messages and media fetches the workers gave up on, so a person can act on each."""
    viewer = me()
    rows = view_failed_deliveries(current_intake(), viewer)
    return render_template("staff/failed_deliveries.html", rows=rows, managers=viewer.role == Role.MANAGER.value)
