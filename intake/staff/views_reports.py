"""Views: signing in and out, the queue, and a report with the decisions taken on it."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from intake.accounts import signed_in
from intake.accounts.staff_users import sign_in as check_staff_sign_in
from intake.casework import assign
from intake.casework import decisions as services
from intake.casework import first_response as first_response_service
from intake.casework.errors import Gone, Hidden
from intake.casework.find import find_reference
from intake.casework.queue import decode_cursor, encode_cursor, view_queue
from intake.casework.read_side import case_officers
from intake.context import current_intake
from intake.queries import QUEUE_PAGE_SIZE, QUEUE_SORTS, QueueFilters
from intake.staff.access import allowed, me, public
from intake.staff.blueprint import bp
from intake.staff.pages import form_page, handled, local, occurred, require_report, until
from intake.staff.report_forms import (
    AcceptForm,
    AssignReportsForm,
    ClassificationForm,
    FindForm,
    FirstResponseForm,
    LinkForm,
    QueueFilterForm,
    SignInForm,
    SignOutForm,
)
from intake.ui import limiter
from intake.vocabulary import CASE_HANDLING, CASEWORK, Role

EVERYONE = (*CASEWORK, Role.ADMIN)
# One answer for a wrong password or code, a locked and a disabled account: a stranger learns nothing.
REFUSED = "The email, password or code is not right. After 5 wrong tries, wait 15 minutes and try again."


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit("20 per minute", methods=["POST"])  # guessing is slowed per address as well as by the lockout
@signed_in.limit_known_browser_failures
def sign_in() -> ResponseReturnValue:
    form = SignInForm()
    if form.validate_on_submit():
        _, user = check_staff_sign_in(
            current_intake(), form.email.data, form.password.data, form.code.data, signed_in.known_browser()
        )
        if user is not None:
            signed_in.start(user)
            return redirect(_next_page() or _home(user.role))
        form.refuse(REFUSED)
    return form_page(form, "Sign in", caption="Staff", back="")


@bp.route("/sign-out", methods=["GET", "POST"])
@allowed(*EVERYONE)
def sign_out() -> ResponseReturnValue:
    """A button with its CSRF token signs out; a link (a GET) only shows that button."""
    form = SignOutForm()
    if not form.validate_on_submit():
        return form_page(form, "Sign out", caption="Staff", back="")
    signed_in.end()
    return redirect(url_for("staff.sign_in"))


@bp.route("/")
@allowed(*CASEWORK)
def queue() -> ResponseReturnValue:
    form = QueueFilterForm(request.args)
    filters = _filters(form) if form.validate() else QueueFilters()
    after = decode_cursor(request.args.get("after"))
    rows = view_queue(current_intake(), me(), filters, after, QUEUE_PAGE_SIZE + 1)
    more, rows = len(rows) > QUEUE_PAGE_SIZE, rows[:QUEUE_PAGE_SIZE]
    next_url = _next_queue_page(encode_cursor(rows[-1].cursor)) if more else None
    now = current_intake().clock()
    return render_template(
        "staff/queue.html",
        form=form,
        find_form=FindForm(formdata=None),
        assign_form=_assign_form(),
        rows=rows,
        next_url=next_url,
        now=now,
        until=until,
        local=local,
    )


@bp.route("/find")
@allowed(*CASEWORK)
def find() -> ResponseReturnValue:
    """Straight to the report typed; else the references it was probably meant to be."""
    form = FindForm(request.args)
    if not form.validate():
        return render_template("staff/find.html", form=form, found=None), 400
    found = find_reference(current_intake(), me(), form.reference.data)
    if found.reference is not None:
        return redirect(url_for("staff.report", reference=found.reference))
    return render_template("staff/find.html", form=form, found=found), 404


@bp.route("/assign", methods=["POST"])
@allowed(*CASEWORK)
def assign_reports() -> ResponseReturnValue:
    """Several reports from the queue to one officer, each audited (issue 19)."""
    form = _assign_form()
    form.reports.choices = [SelectChoice(ref, ref) for ref in request.form.getlist("reports")]
    done = handled(form, lambda: _assigned(form), url_for("staff.queue"))
    return done or form_page(form, "Assign reports", caption="Queue", back=url_for("staff.queue"))


@bp.route("/reports/<reference>")
@allowed(*CASEWORK)
def report(reference: str) -> ResponseReturnValue:
    try:
        view = services.open_report(current_intake(), me(), reference)
    except Hidden:
        abort(404)
    forms = {"accept": _accept_form(), "link": LinkForm()}
    return render_template(
        "staff/report.html",
        view=view,
        local=local,
        occurred=occurred,
        until=until,
        now=current_intake().clock(),
        **forms,
    )


@bp.route("/reports/<reference>/attachments/<int:attachment_id>")
@allowed(*CASEWORK)
def attachment(reference: str, attachment_id: int) -> ResponseReturnValue:
    try:
        found = services.download_attachment(current_intake(), me(), reference, attachment_id)
    except Hidden:
        abort(404)
    except Gone:
        abort(410)  # the key for this report's content was destroyed: so was the file
    content, name = found
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{_quoted(name)}"}
    return Response(content, mimetype="application/octet-stream", headers=headers)


@bp.route("/reports/<reference>/accept", methods=["POST"])
@allowed(*CASEWORK)
def accept(reference: str) -> ResponseReturnValue:
    require_report(reference)
    form = _accept_form()
    done = handled(form, lambda: _accepted(reference, form), url_for("staff.case", reference=reference))
    return done or form_page(form, "Accept as a hate incident", caption=reference, back=_back(reference))


@bp.route("/reports/<reference>/link", methods=["POST"])
@allowed(*CASEWORK)
def link(reference: str) -> ResponseReturnValue:
    require_report(reference)
    form = LinkForm()
    case_ref = (form.case_reference.data or "").strip().upper()
    done = handled(form, lambda: _linked(reference, case_ref), url_for("staff.case", reference=case_ref))
    return done or form_page(form, "Link to a case", caption=reference, back=_back(reference))


@bp.route("/reports/<reference>/first-response", methods=["GET", "POST"])
@allowed(*CASEWORK)
def first_response(reference: str) -> ResponseReturnValue:
    require_report(reference)
    form = FirstResponseForm()
    form.fit_to(first_response_service.response_choices(current_intake(), me(), reference))
    done = handled(form, lambda: _first_response_message(reference, form), _back(reference))
    return done or form_page(form, "Record the first response", caption=reference, back=_back(reference))


@bp.route("/reports/<reference>/classification", methods=["GET", "POST"])
@allowed(*CASEWORK)
def classification(reference: str) -> ResponseReturnValue:
    require_report(reference)
    suggested = {name: request.args.getlist(name) for name in ("characteristics", "incident_types")}
    form = ClassificationForm(data=suggested)
    done = handled(form, lambda: _classified(reference, form), _back(reference))
    return done or form_page(form, "Confirm what the report is about", caption=reference, back=_back(reference))


def _accepted(reference: str, form: AcceptForm) -> str:
    answer = form.officer.data if form.officer else ""
    chosen = int(answer) if (answer or "").isdigit() else None
    case_reference = services.accept_into_case(current_intake(), me(), reference, chosen)
    if chosen is None and me().role not in CASE_HANDLING:
        return f"Accepted as a hate incident: case {case_reference}, serious/high-risk. Assign a case officer."
    return f"Accepted as a hate incident: case {case_reference}, serious/high-risk, assigned."


def _assign_form() -> AssignReportsForm:
    form = AssignReportsForm()
    with current_intake().db.read() as session:
        form.officer.choices = [SelectChoice(user.id, user.name) for user in case_officers(session)]
    return form


def _assigned(form: AssignReportsForm) -> str:
    count = assign.assign_reports(current_intake(), me(), form.reports.data or [], form.officer.data)
    name = dict((c.value, c.label) for c in form.officer.choices).get(form.officer.data, "")
    return f"{count} report{'s' if count != 1 else ''} assigned to {name}."


def _accept_form() -> AcceptForm:
    """Case officers and managers take the case themselves; a triage officer is asked who."""
    form = AcceptForm()
    if me().role not in CASE_HANDLING:
        with current_intake().db.read() as session:
            officers = [SelectChoice(str(user.id), user.name) for user in case_officers(session)]
        form.officer.choices = [SelectChoice("", "Choose later"), *officers]
    else:
        del form.officer
    return form


def _classified(reference: str, form: ClassificationForm) -> str:
    services.confirm_classification(
        current_intake(), me(), reference, form.characteristics.data, form.incident_types.data
    )
    return "What the report is about is confirmed."


def _linked(reference: str, case_reference: str) -> str:
    return f"Linked to case {services.link_to_case(current_intake(), me(), reference, case_reference)}."


def _first_response_message(reference: str, form: FirstResponseForm) -> str:
    method, instead = getattr(form, "method", None), getattr(form, "instead", None)
    met = first_response_service.record_first_response(
        current_intake(),
        me(),
        reference,
        form.contact.data,
        method.data if method else "",
        (instead.data or "") if instead else "",
    )
    return "First response recorded: on time." if met else "First response recorded: after it was due."


def _next_queue_page(after: str) -> str:
    """The same filters, one page on."""
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "after"}
    return url_for("staff.queue", after=after, **args)


def _filters(form: QueueFilterForm) -> QueueFilters:
    return QueueFilters(
        status=form.status.data or None,
        channel=form.channel.data or None,
        overdue_at=current_intake().clock() if form.overdue.data else None,
        assigned_to=me().id if form.mine.data else None,
        area=(form.area.data or "").strip() or None,
        sort=form.sort.data if form.sort.data in QUEUE_SORTS else "priority",
    )


def _next_page() -> str | None:
    """Back to the staff page that asked for sign-in; never anywhere else."""
    target = request.args.get("next", "")
    return target if target.startswith("/staff/") and "//" not in target and "\\" not in target else None


def _home(role: str) -> str:
    return url_for("staff.admin_staff") if role == Role.ADMIN.value else url_for("staff.queue")


def _back(reference: str) -> str:
    return url_for("staff.report", reference=reference)


def _quoted(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
