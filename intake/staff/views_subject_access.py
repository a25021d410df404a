"""Views: subject-access requests, their reviewable drafts and the released package (issue 17)."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from intake.casework.errors import Refused
from intake.context import current_intake
from intake.data_protection.sar_draft import Draft
from intake.data_protection.sar_requests import (
    RequestView,
    extend,
    list_requests,
    open_request,
    record_rights_request,
    release_package,
    release_redaction,
    view_request,
)
from intake.staff.access import allowed, me
from intake.staff.blueprint import bp
from intake.staff.pages import form_page, handled, then
from intake.staff.protection_forms import ExtendForm, ReleaseRedactionForm, RightsForm, SubjectForm
from intake.staff.report_forms import ButtonForm
from intake.vocabulary import MANAGERS


@bp.route("/subject-access", methods=["GET", "POST"])
@allowed(*MANAGERS)
def subject_access() -> ResponseReturnValue:
    """Open a request by name, phone, email or postcode; list the requests and their clocks."""
    form = SubjectForm()
    if form.validate_on_submit():
        try:
            request_id = _open(form)
        except Refused as refused:
            form.refuse(str(refused))
        else:
            return _redirect_to(request_id)
    rows = list_requests(current_intake(), me())
    status = 400 if form.errors or form.form_errors else 200
    return render_template("staff/subject_access.html", form=form, rows=rows), status


@bp.route("/subject-access/<int:request_id>")
@allowed(*MANAGERS)
def subject_access_request(request_id: int) -> ResponseReturnValue:
    """The draft: every report found, every redaction shown with what it hides."""
    view = _view(request_id)
    return render_template(
        "staff/subject_access_draft.html", view=view, form=ButtonForm(), back=url_for("staff.subject_access")
    )


@bp.route("/subject-access/<int:request_id>/redactions/<key>", methods=["GET", "POST"])
@allowed(*MANAGERS)
def release_one_redaction(request_id: int, key: str) -> ResponseReturnValue:
    form = ReleaseRedactionForm()
    action = then(
        "Released; the reason is recorded.",
        release_redaction,
        current_intake(),
        me(),
        request_id,
        key,
        form.reason.data or "",
    )
    back = url_for("staff.subject_access_request", request_id=request_id)
    intro = "Release another person's details only with their consent, or where disclosing them is reasonable."
    return handled(form, action, back) or form_page(
        form, "Release a redaction", caption=f"Request {request_id}", back=back, intro=intro
    )


@bp.route("/subject-access/<int:request_id>/extend", methods=["GET", "POST"])
@allowed(*MANAGERS)
def extend_request(request_id: int) -> ResponseReturnValue:
    form = ExtendForm()
    back = url_for("staff.subject_access_request", request_id=request_id)

    def run() -> str:
        due = extend(current_intake(), me(), request_id, form.reason.data or "")
        return f"Extended: now due {due:%d %B %Y}."

    return handled(form, run, back) or form_page(
        form, "Extend the deadline", caption=f"Request {request_id}", back=back
    )


@bp.route("/subject-access/<int:request_id>/rights", methods=["GET", "POST"])
@allowed(*MANAGERS)
def rights_request(request_id: int) -> ResponseReturnValue:
    form = RightsForm()
    back = url_for("staff.subject_access_request", request_id=request_id)
    data = (form.kind.data or "", form.what.data or "", form.decision.data or "", form.reason.data or "")
    action = then("Decision recorded.", record_rights_request, current_intake(), me(), request_id, *data)
    title = "Record a request to erase or correct"
    return handled(form, action, back) or form_page(form, title, caption=f"Request {request_id}", back=back)


@bp.route("/subject-access/<int:request_id>/release", methods=["POST"])
@allowed(*MANAGERS)
def release(request_id: int) -> ResponseReturnValue:
    """The ZIP for the person (a readable HTML document and JSON); the disclosure is logged."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        package = release_package(current_intake(), me(), request_id, _document)
    except Refused:
        abort(404)
    headers = {"Content-Disposition": f'attachment; filename="subject-access-{request_id}.zip"'}
    return Response(package, mimetype="application/zip", headers=headers)


def _document(draft: Draft) -> str:
    return render_template("staff/subject_access_document.html", draft=draft)


def _view(request_id: int) -> RequestView:
    try:
        return view_request(current_intake(), me(), request_id)
    except Refused:
        abort(404)


def _open(form: SubjectForm) -> int:
    details = {name: getattr(form, name).data or "" for name in ("name", "phone", "email", "postcode")}
    received_on = form.received_on.data
    assert received_on is not None  # the form refuses a request without its date
    return open_request(current_intake(), me(), received_on, **details)


def _redirect_to(request_id: int) -> ResponseReturnValue:
    return redirect(url_for("staff.subject_access_request", request_id=request_id))
