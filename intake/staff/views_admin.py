"""Views: admins invite and disable staff; an invited person sets a password and gets their code secret."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from intake.accounts import staff_users as accounts
from intake.casework.errors import Refused
from intake.casework.read_side import staff_list
from intake.context import current_intake
from intake.credentials import totp_uri
from intake.staff.access import allowed, me, public
from intake.staff.blueprint import bp
from intake.staff.case_forms import InviteForm, PasswordForm
from intake.staff.pages import form_page, handled, then
from intake.staff.report_forms import ButtonForm
from intake.vocabulary import ADMINS


@bp.route("/admin/staff", methods=["GET", "POST"])
@allowed(*ADMINS)
def admin_staff() -> ResponseReturnValue:
    form = InviteForm()
    link = None
    if form.validate_on_submit():
        try:
            token = accounts.invite(
                current_intake(), me(), form.email.data, form.name.data, form.role.data, _invitation_hours()
            )
            link = url_for("staff.invitation", token=token, _external=True)
        except Refused as refused:
            form.refuse(str(refused))
    with current_intake().db.read() as session:
        people = staff_list(session)
    status = 400 if form.errors or form.form_errors else 200
    return render_template("staff/admin.html", form=form, people=people, link=link, button=ButtonForm()), status


@bp.route("/admin/staff/<int:staff_id>/disable", methods=["POST"])
@allowed(*ADMINS)
def disable_staff(staff_id: int) -> ResponseReturnValue:
    return _set_disabled(staff_id, True)


@bp.route("/admin/staff/<int:staff_id>/enable", methods=["POST"])
@allowed(*ADMINS)
def enable_staff(staff_id: int) -> ResponseReturnValue:
    return _set_disabled(staff_id, False)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@public
def invitation(token: str) -> ResponseReturnValue:
    found = accounts.invitation(current_intake(), token)
    if found is None:
        abort(404)
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            user, secret = accounts.accept_invitation(current_intake(), token, form.password.data)
        except Refused as refused:
            form.refuse(str(refused))
        else:
            uri = totp_uri(secret, user.email, str(current_app.config["ORG_NAME"]))
            return render_template("staff/one_time_secret.html", secret=secret, uri=uri, title="Your account is ready")
    return form_page(form, f"Welcome, {found.name}", caption="Staff account", back="")


def _set_disabled(staff_id: int, disabled: bool) -> ResponseReturnValue:
    form = ButtonForm()
    message = "Account disabled." if disabled else "Account enabled."
    done = handled(form, then(message, accounts.set_disabled, current_intake(), me(), staff_id, disabled), _admin())
    for problem in form.form_errors:
        flash(problem)
    return done or redirect(_admin())


def _invitation_hours() -> int:
    return int(current_app.config["STAFF_INVITATION_HOURS"])


def _admin() -> str:
    return url_for("staff.admin_staff")
