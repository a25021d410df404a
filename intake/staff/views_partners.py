"""Views: admins register partner organisations, invite their users and manage their API tokens (policy 4.5).

Each change is one call to a service in ``intake.partners`` or ``intake.partners.admin``, which
owns its transaction and its audit event. Every POST carries the page's CSRF token (``intake.ui``
checks it app-wide before any view runs). Secrets (an invitation link, an API token) are shown
once, on the page that answers the POST that made them, and never again.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from intake.accounts.lifecycle import Refused
from intake.context import current_intake
from intake.partners import admin as partner_admin
from intake.partners import organisations as partners
from intake.staff.access import allowed, me
from intake.staff.blueprint import bp
from intake.staff.pages import local
from intake.staff.partner_forms import OrganisationForm, PartnerInviteForm
from intake.staff.partner_links import PARTNER_INVITATION_ENDPOINT, PORTAL_NOT_ENABLED, portal_enabled
from intake.staff.report_forms import ButtonForm, StaffForm
from intake.vocabulary import ADMINS


@bp.route("/admin/partners", methods=["GET", "POST"])
@allowed(*ADMINS)
def admin_partners() -> ResponseReturnValue:
    """Every organisation at a glance, overdue agreement reviews flagged (policy 7.1), and adding one."""
    form = OrganisationForm()
    if form.validate_on_submit():
        organisation_id = _create_organisation(form)
        if organisation_id is not None:
            flash("Partner organisation added.")
            return redirect(url_for("staff.admin_partner", organisation_id=organisation_id))
    rows = partner_admin.organisations(current_intake())
    return render_template("staff/partners.html", form=form, rows=rows), _status(form)


def _create_organisation(form: OrganisationForm) -> int | None:
    """The new organisation's id; None when a rule refused it (the reason is beside the field it is about)."""
    try:
        return partners.create_organisation(
            current_intake(),
            name=form.name.data,
            kind=form.kind.data,
            actor=me().actor,
            email_domains=form.domains(),
            sharing_agreement_reference=form.sharing_agreement_reference.data or None,
            agreement_review_date=form.agreement_review_date.data,
        )
    except Refused as refused:
        field = getattr(form, refused.field or "", None)
        if field is None:
            form.refuse(_sentence(str(refused)))
        else:
            field.errors.append(_sentence(str(refused)))
        return None


@bp.get("/admin/partners/<int:organisation_id>")
@allowed(*ADMINS)
def admin_partner(organisation_id: int) -> ResponseReturnValue:
    """One organisation: who may report for it, and which of its systems may use the API."""
    return _organisation_page(organisation_id, PartnerInviteForm())


@bp.post("/admin/partners/<int:organisation_id>/users")
@allowed(*ADMINS)
def invite_partner_user(organisation_id: int) -> ResponseReturnValue:
    """Invite someone at the organisation; the one-time link is shown on this answer only."""
    form = PartnerInviteForm()
    if not form.validate_on_submit():
        return _organisation_page(organisation_id, form)
    if not portal_enabled():
        form.refuse(PORTAL_NOT_ENABLED)
        return _organisation_page(organisation_id, form)
    try:
        invitation = partners.invite_user(
            current_intake(),
            organisation_id=organisation_id,
            email=form.email.data,
            name=form.name.data,
            actor=me().actor,
        )
    except Refused as refused:
        form.refuse(_sentence(str(refused)))
        return _organisation_page(organisation_id, form)
    link = url_for(PARTNER_INVITATION_ENDPOINT, token=invitation.token, _external=True)
    return _organisation_page(organisation_id, PartnerInviteForm(formdata=None), invitation=invitation, link=link)


@bp.post("/admin/partners/<int:organisation_id>/users/<int:user_id>/disable")
@allowed(*ADMINS)
def disable_partner_user(organisation_id: int, user_id: int) -> ResponseReturnValue:
    """Someone left the organisation, or their account is misused: they stop reaching the portal."""
    return _set_disabled(organisation_id, user_id, True)


@bp.post("/admin/partners/<int:organisation_id>/users/<int:user_id>/enable")
@allowed(*ADMINS)
def enable_partner_user(organisation_id: int, user_id: int) -> ResponseReturnValue:
    """Let a disabled partner user sign in again."""
    return _set_disabled(organisation_id, user_id, False)


@bp.post("/admin/partners/<int:organisation_id>/tokens")
@allowed(*ADMINS)
def issue_partner_token(organisation_id: int) -> ResponseReturnValue:
    """A new API token for the organisation's case system, shown on this answer only."""
    try:
        issued = partners.issue_token(current_intake(), organisation_id=organisation_id, actor=me().actor)
    except Refused:
        abort(404)
    return _organisation_page(organisation_id, PartnerInviteForm(formdata=None), issued=issued)


@bp.post("/admin/partners/<int:organisation_id>/tokens/<int:token_id>/rotate")
@allowed(*ADMINS)
def rotate_partner_token(organisation_id: int, token_id: int) -> ResponseReturnValue:
    """Replace a token in one step; the old one stops working and the new one is shown once."""
    try:
        partner_admin.require_token(current_intake(), organisation_id=organisation_id, token_id=token_id)
        issued = partners.rotate_token(current_intake(), token_id=token_id, actor=me().actor)
    except Refused as refused:
        return _refused(organisation_id, _sentence(str(refused)))
    return _organisation_page(organisation_id, PartnerInviteForm(formdata=None), issued=issued, rotated=token_id)


@bp.post("/admin/partners/<int:organisation_id>/tokens/<int:token_id>/revoke")
@allowed(*ADMINS)
def revoke_partner_token(organisation_id: int, token_id: int) -> ResponseReturnValue:
    """Stop a leaked or retired token at once."""
    try:
        partner_admin.require_token(current_intake(), organisation_id=organisation_id, token_id=token_id)
        partners.revoke_token(current_intake(), token_id=token_id, actor=me().actor)
    except Refused as refused:
        return _refused(organisation_id, _sentence(str(refused)))
    flash("API token revoked. It stopped working at once.")
    return redirect(url_for("staff.admin_partner", organisation_id=organisation_id))


def _set_disabled(organisation_id: int, user_id: int, disabled: bool) -> ResponseReturnValue:
    try:
        partner_admin.set_user_disabled(
            current_intake(), organisation_id=organisation_id, user_id=user_id, disabled=disabled, actor=me().actor
        )
    except Refused as refused:
        return _refused(organisation_id, str(refused))
    flash("Partner user disabled." if disabled else "Partner user enabled.")
    return redirect(url_for("staff.admin_partner", organisation_id=organisation_id))


def _organisation_page(organisation_id: int, form: StaffForm, **shown_once: Any) -> ResponseReturnValue:
    """The organisation's page; an invitation link or a token, when given, is on it this once."""
    view = partner_admin.organisation(current_intake(), organisation_id)
    if view is None:
        abort(404)
    page = render_template(
        "staff/partner.html",
        view=view,
        form=form,
        button=ButtonForm(),
        portal_enabled=portal_enabled(),
        local=local,
        **shown_once,
    )
    return page, _status(form)


def _refused(organisation_id: int, message: str) -> ResponseReturnValue:
    """A refused action: the organisation's page again, the reason in the error summary."""
    form = PartnerInviteForm(formdata=None)
    form.refuse(message)
    return _organisation_page(organisation_id, form)


def _status(form: StaffForm) -> int:
    return 400 if form.errors or form.form_errors else 200


def _sentence(message: str) -> str:
    """The services' refusals are phrases for the CLI; on a page they read as sentences."""
    return message[:1].upper() + message[1:].rstrip(".") + "."
