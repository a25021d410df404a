"""What staff views share: running a form's action, showing a form page, and local times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import abort, flash, redirect, render_template, request
from flask.typing import ResponseReturnValue

from intake.casework.errors import Hidden, Refused
from intake.casework.lookup import visible_case, visible_report
from intake.context import current_intake
from intake.staff.access import me
from intake.staff.report_forms import StaffForm


def handled(form: StaffForm, action: Callable[[], str], done_url: str) -> ResponseReturnValue | None:
    """Run ``action`` for a valid submission and redirect with its message; None to show the form again.

    A rule's refusal is shown in the error summary, like a field's error.
    """
    if not form.validate_on_submit():
        return None
    try:
        message = action()
    except Refused as refused:
        form.refuse(str(refused))
        return None
    flash(message)
    return redirect(done_url)


def then(message: str, action: Callable[..., object], *args: Any) -> Callable[[], str]:
    """An action for ``handled`` whose result is a fixed message."""

    def run() -> str:
        action(*args)
        return message

    return run


def form_page(form: StaffForm, title: str, *, caption: str, back: str, intro: str = "") -> ResponseReturnValue:
    """One form on a page; 400 when a submission was refused, so the error state is explicit."""
    status = 400 if request.method == "POST" else 200
    page = render_template("staff/form.html", form=form, title=title, caption=caption, back=back, intro=intro)
    return page, status


def require_report(reference: str) -> None:
    """404 for a report this member of staff may not see (policy 4.11) before showing its forms."""
    with current_intake().db.read() as session:
        try:
            visible_report(session, me(), reference)
        except Hidden:
            abort(404)


def require_case(reference: str) -> None:
    with current_intake().db.read() as session:
        try:
            visible_case(session, me(), reference)
        except Hidden:
            abort(404)


def local(instant: datetime | None) -> str:
    """An instant in the landlord's time zone, as staff read it."""
    if instant is None:
        return ""
    zone = current_intake().calendar.timezone
    return instant.astimezone(zone).strftime("%a %d %b %Y %H:%M")


def occurred(instant: datetime | None, date_only: bool) -> str:
    """When it happened: a day given without a time is shown as that day, never as midnight (issue 19)."""
    if instant is None or not date_only:
        return local(instant)
    return instant.astimezone(current_intake().calendar.timezone).strftime("%a %d %b %Y")


def until(due: datetime | None, now: datetime) -> str:
    """How long until due, or how long overdue, in hours and minutes."""
    if due is None:
        return ""
    minutes = int((due - now).total_seconds() // 60)
    size = abs(minutes)
    text = f"{size // 60}h {size % 60:02d}m" if size >= 60 else f"{size}m"
    return f"due in {text}" if minutes >= 0 else f"overdue by {text}"
