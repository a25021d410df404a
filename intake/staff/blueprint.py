"""The staff blueprint and its wiring into the app: routes, sign-in loader, commands, risk model."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, current_app
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import NotFound

from intake.casework.errors import Hidden
from intake.casework.risk import RiskModel, load_risk_model
from intake.credentials import register_user_loader
from intake.data_protection.schedule import Schedule, load_schedule
from intake.staff import commands as cli
from intake.staff.access import load_staff_user
from intake.staff.report_forms import label

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.errorhandler(Hidden)
def _not_found(_: Hidden) -> ResponseReturnValue:
    """A report or case this member of staff may not see is, to them, not there (policy 4.11):
    the same page as any address that names nothing."""
    return current_app.handle_http_exception(NotFound())


def init_app(app: Flask) -> None:
    """Register the staff pages and commands; a malformed risk assessment file stops start-up."""
    from intake.staff import (  # noqa: F401 - they add routes
        views_admin,
        views_cases,
        views_casework,
        views_failures,
        views_inferred,
        views_partners,
        views_reports,
        views_restriction,
        views_retention,
        views_subject_access,
    )

    app.extensions["staff.risk_model"] = load_risk_model(Path(app.config["RISK_ASSESSMENT_FILE"]))
    app.extensions["staff.retention_schedule"] = load_schedule(Path(app.config["RETENTION_SCHEDULE_FILE"]))
    app.register_blueprint(bp)
    app.add_template_filter(label, "label")
    register_user_loader("staff", load_staff_user)
    cli.init_app(app)


def risk_model(app: Flask) -> RiskModel:
    model: RiskModel = app.extensions["staff.risk_model"]
    return model


def retention_schedule() -> Schedule:
    """The retention schedule loaded at start (``RETENTION_SCHEDULE_FILE``)."""
    schedule: Schedule = current_app.extensions["staff.retention_schedule"]
    return schedule
