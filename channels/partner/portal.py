"""The partner portal: sign in, report on a victim's behalf, follow up the organisation's own reports.

Every route but sign-in and the invitation checks that the signed-in user is a partner user;
a staff user, or anyone else, is never let in (policy 7.1: a partner sees only its own reports).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from channels.partner.forms import (
    MAX_REPORT_MB,
    AcceptInvitationForm,
    ConfirmForm,
    MessageForm,
    OnBehalfForm,
    SignInForm,
)
from channels.partner.schema import SAFETY_FLAGS
from channels.partner.translate import inbound, report_draft
from intake.public import (
    AttachmentDraft,
    MessageDraft,
    PartnerUser,
    ReportDraft,
    current_intake,
    limiter,
    partner_user_actor,
    partners,
    signed_in,
    submit_report,
)

portal = Blueprint("partner", __name__, url_prefix="/partner")
OPEN_ENDPOINTS = {"partner.sign_in", "partner.invitation"}
STATUS_LABELS = {"new": "Received", "open": "Being dealt with", "closed": "Closed"}
CONSENT_LABELS = {
    "contact": "We may contact the victim directly",
    "share_with_police": "Share with the police",
    "share_with_partners": "Share with partner agencies",
    "multi_agency_panel": "Refer to a multi-agency panel",
}
ERRORS = {
    403: ("You cannot use this page", "This page is for partner organisations' users only."),
    404: ("Page not found", "There is no report of your organisation with that reference."),
}
# One answer for a wrong password or code, a locked and a disabled account: a stranger learns nothing.
SIGN_IN_REFUSED = "The email address, password or code is not right. After 5 wrong tries, wait 15 minutes and try again"


def partner_user() -> PartnerUser | None:
    """The signed-in partner user, or None for anyone else (signed out, or a staff user)."""
    user = current_user._get_current_object() if current_user else None
    return user if isinstance(user, PartnerUser) else None


def organisation_key() -> str:
    """Portal posts count per organisation; before sign-in, per address (in memory only)."""
    user = partner_user()
    return f"partner-org:{user.organisation_id}" if user else f"partner-portal-ip:{get_remote_address()}"


limiter.limit(
    lambda: str(current_app.config["PARTNER_PORTAL_RATE_LIMIT"]), key_func=organisation_key, methods=["POST"]
)(portal)


def limit_post_size() -> None:
    """Portal posts larger than the form allows answer 413 before anything reads them.

    Runs first of all the app's before-request functions (``init_app`` puts it there): CSRF
    protection reads the form, so a limit set after it would come too late.
    """
    if request.blueprint == portal.name:
        request.max_content_length = MAX_REPORT_MB * 1024 * 1024


@portal.before_request
def only_partner_users() -> Response | None:
    """Signed-out visitors go to sign-in; any other kind of user (staff) is refused."""
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("partner.sign_in"))
    if partner_user() is None:
        abort(403)  # a staff user has no business here
    return None


@portal.context_processor
def portal_names() -> dict[str, Any]:
    """The portal's own service name and navigation, and the labels its pages use."""
    return {
        "service_name": "Report for a client",
        "service_url": url_for("partner.reports"),
        "partner": partner_user(),
        "local_time": _local_time,
        "status_labels": STATUS_LABELS,
        "consent_labels": CONSENT_LABELS,
    }


@portal.errorhandler(403)
@portal.errorhandler(404)
def not_yours(error: HTTPException) -> tuple[str, int]:
    """Not found and not allowed look alike: nothing about another organisation can be inferred."""
    code = error.code or 404
    explanation = ERRORS.get(code, ERRORS[404])
    return render_template("partner/error.html", title=explanation[0], explanation=explanation[1]), code


@portal.route("/sign-in", methods=["GET", "POST"])
@signed_in.limit_known_browser_failures
def sign_in() -> str | Response:
    """Password and one-time code, as for staff; the same answer whatever was wrong."""
    form = SignInForm()
    if form.validate_on_submit():
        _, user_id = partners.sign_in(
            current_intake(), form.email.data, form.password.data, form.code.data, signed_in.known_browser()
        )
        user = partners.load_user(current_intake(), str(user_id)) if user_id is not None else None
        if user is not None:
            signed_in.start(user)
            return redirect(url_for("partner.reports"))
        form.code.errors = [SIGN_IN_REFUSED]
    return render_template("partner/sign_in.html", form=form, title="Sign in")


@portal.route("/sign-out", methods=["GET", "POST"])
def sign_out() -> str | Response:
    """A button, so signing out is a POST with its CSRF token (a link cannot sign anyone out)."""
    form = ConfirmForm()
    if form.validate_on_submit():
        user = partner_user()
        if user is not None:
            partners.record_sign_out(current_intake(), user_id=user.id)
        signed_in.end()
        return redirect(url_for("partner.sign_in"))
    return render_template("partner/sign_out.html", form=form, title="Sign out")


@portal.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str) -> str | Response | tuple[str, int]:
    """A one-time link: set a password and add the one-time code to an authenticator app."""
    pending = partners.pending_invitation(current_intake(), token)
    if pending is None:
        return render_template("partner/invitation_unusable.html", title="This link cannot be used"), 404
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        user_id = partners.accept_invitation(current_intake(), token, form.password.data, form.code.data)
        if user_id is not None:
            flash("Your account is ready. Sign in with your password and a new one-time code.")
            return redirect(url_for("partner.sign_in"))
        form.code.errors = ["The code is not right: check the key you added and try the newest code"]
    return render_template("partner/invitation.html", form=form, pending=pending, title="Set up your account")


@portal.get("/")
def reports() -> str:
    """The organisation's own reports: reference, date, status, whether we have responded."""
    user = _user()
    rows = partners.view_own_reports(current_intake(), organisation_id=user.organisation_id, actor=_actor(user))
    return render_template("partner/reports.html", rows=rows, title="Your organisation's reports")


@portal.route("/reports/new", methods=["GET", "POST"])
def new_report() -> str | Response:
    """Report on a victim's behalf (policy 4.5); the form's one-time token makes a double post harmless."""
    user = _user()
    form = OnBehalfForm()
    if not form.validate_on_submit():
        _ask_for_files_again(form)
        return render_template("partner/new_report.html", form=form, title="Report a hate incident for a client")
    draft = report_draft(
        form_body(form),
        inbound(f"{user.organisation_id}:portal:{form.submission_token.data}", _raw_form(), _FORM_TYPE),
        organisation_id=user.organisation_id,
        organisation_name=_organisation_name(user),
        recorded_by=_actor(user),
        partner_user_id=user.id,
    )
    draft = _with_attachments(draft)
    submission = submit_report(current_intake(), draft, actor=_actor(user))
    flash(f"Report sent. The reference is {submission.reference}.")
    return redirect(url_for("partner.report", reference=submission.reference))


@portal.get("/reports/<reference>")
def report(reference: str) -> str:
    """One of the organisation's reports: its status, its consents and a form to add a message."""
    user = _user()
    view = partners.view_own_report(
        current_intake(), organisation_id=user.organisation_id, reference=reference, actor=_actor(user)
    )
    if view is None:
        abort(404)  # another organisation's reference answers as one that does not exist
    return render_template(
        "partner/report.html", view=view, form=MessageForm(), confirm=ConfirmForm(), title=f"Report {reference}"
    )


@portal.post("/reports/<reference>/messages")
def add_message(reference: str) -> str | Response:
    """A later message on one of the organisation's reports; the form's one-time token keys it."""
    user = _user()
    form = MessageForm()
    if not form.validate_on_submit():
        return _report_with_errors(user, reference, form)
    draft = MessageDraft(
        inbound=inbound(f"{user.organisation_id}:portal:{form.submission_token.data}", _raw_form(), _FORM_TYPE),
        report_reference=reference,
        text=form.text.data,
    )
    added = partners.add_message(
        current_intake(), organisation_id=user.organisation_id, draft=draft, actor=_actor(user)
    )
    if added is None:
        abort(404)
    flash("Your message was added to the report.")
    return redirect(url_for("partner.report", reference=added.reference))


@portal.post("/reports/<reference>/consents/<int:consent_id>/withdraw")
def withdraw_consent(reference: str, consent_id: int) -> Response:
    """Withdraw a consent the victim gave through the partner (policy 5.2 to 5.4)."""
    user = _user()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    withdrawn = partners.withdraw_consent(
        current_intake(),
        organisation_id=user.organisation_id,
        reference=reference,
        consent_id=consent_id,
        actor=_actor(user),
    )
    if not withdrawn:
        abort(404)
    flash("The consent was withdrawn.")
    return redirect(url_for("partner.report", reference=reference))


_FORM_TYPE = "application/x-www-form-urlencoded"
_AS_API: dict[str, bool | str] = {"yes": True, "no": False, "not_known": "not_sure"}


def _said(answer: str | None) -> bool | str:
    """A radio answer as the API takes it: yes and no as booleans, "not known" as not sure."""
    return _AS_API.get(answer or "", answer or "not_asked")


def form_body(form: OnBehalfForm) -> dict[str, Any]:
    """The form's answers in the API's JSON shape, so both ways in share one translation.

    Yes and no are true and false, as the API takes them; anything else is kept as said (issue 19).
    """
    ticked = set(form.safety.data or ())
    safety = {flag: flag in ticked for flag in SAFETY_FLAGS}  # asked as "is any of this true?"
    responsible = {
        name: _said(answer)
        for name, answer in (
            ("known_to_victim", form.responsible_known_to_victim.data),
            ("is_tenant", form.responsible_is_tenant.data),
            ("is_staff", form.responsible_is_staff.data),
        )
        if answer
    }
    body: dict[str, Any] = {
        "victim_aware_and_agrees": _said(form.victim_aware_and_agrees.data),
        "description": form.description.data,
        "words_of": form.words_of.data,
        "characteristics": list(form.characteristics.data or ()),
        "incident_types": list(form.incident_types.data or ()),
        "safety": safety,
        "responsible": {**responsible, "description": form.responsible_description.data or None},
        "victim": _victim(form),
        "consents": {
            "contact": form.consent_contact.data == "directly",
            "share_with_police": _said(form.consent_share_with_police.data),
            "share_with_partners": _said(form.consent_share_with_partners.data),
            "multi_agency_panel": _said(form.consent_multi_agency_panel.data),
        },
    }
    for name in ("occurred_text", "location", "postcode", "partner_case_reference"):
        body[name] = getattr(form, name).data or None
    return body


def _victim(form: OnBehalfForm) -> dict[str, Any]:
    return {
        "name": form.victim_name.data or None,
        "phone": form.victim_phone.data or None,
        "email": form.victim_email.data or None,
        "address": form.victim_address.data or None,
        "safe_methods": list(form.safe_methods.data or ()),
        "safe_times": form.safe_times.data or None,
    }


def _ask_for_files_again(form: OnBehalfForm) -> None:
    """A browser never fills a file field in again, and nothing is kept before the report is sent.

    So when a form with files comes back for another answer, the file field (and the error
    summary) says which files to choose again, rather than letting them vanish unnoticed.
    """
    names = [f.filename for f in request.files.getlist("attachments") if f and f.filename]
    if names and form.errors and not form.attachments.errors:
        chosen = ", ".join(names)
        form.attachments.errors.append(f"Choose the files again ({chosen}): they are only kept once the report is sent")


def _with_attachments(draft: ReportDraft) -> ReportDraft:
    files = [f for f in request.files.getlist("attachments") if f and f.filename]
    found = tuple(AttachmentDraft(f.filename or "attachment", f.read(), f.mimetype) for f in files)
    return replace(draft, attachments=found) if found else draft


def _raw_form() -> bytes:
    """The posted fields as received, less the CSRF token (files are kept as attachments)."""
    fields = [(name, value) for name, value in request.form.items(multi=True) if name != "csrf_token"]
    return urlencode(fields).encode("ascii")


def _report_with_errors(user: PartnerUser, reference: str, form: MessageForm) -> str:
    view = partners.view_own_report(
        current_intake(), organisation_id=user.organisation_id, reference=reference, actor=_actor(user)
    )
    if view is None:
        abort(404)
    title = f"Report {view.report.reference}"
    return render_template("partner/report.html", view=view, form=form, confirm=ConfirmForm(), title=title)


def _user() -> PartnerUser:
    user = partner_user()
    if user is None:
        abort(403)
    return user


def _actor(user: PartnerUser) -> str:
    return partner_user_actor(user.id)


def _organisation_name(user: PartnerUser) -> str:
    return user.organisation.name


def _local_time(at: datetime) -> str:
    return at.astimezone(current_intake().calendar.timezone).strftime("%-d %B %Y, %H:%M")
