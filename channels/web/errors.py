"""Kind answers when something goes wrong: nothing typed is lost, and nobody sees a bare error code.

A CSRF failure (a cookie lost, a very old tab) or an answers set cleared while idle re-renders
the same page with what was typed; an upload over the limit and a rate limit get a page that
says what to do next, with the emergency numbers.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, render_template, request
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from channels.web import answers as store
from channels.web.pages import BY_SLUG, UPLOAD_SLUG
from channels.web.views import bp, render_check, render_question
from intake.public import N_
from intake.public import gettext as _

NOT_SAVED = N_(
    "Your answer was not saved yet, because a security check failed (this can happen if cookies were cleared). "
    "Check your answer below and continue."
)


@bp.errorhandler(CSRFError)
def csrf_failed(error: CSRFError) -> Any:
    """Re-render the page with the typed answer kept, and a new token, instead of losing it."""
    if "answers" not in g:
        store.load()
    answers = store.current() or store.fresh()
    store.save(answers)
    slug = (request.view_args or {}).get("slug")
    if request.endpoint == "web.question" and slug in BY_SLUG and slug != UPLOAD_SLUG:
        page = BY_SLUG[slug]
        return render_question(page, answers, page.make_form(answers, formdata=request.form), notice=_(NOT_SAVED)), 400
    if request.endpoint == "web.check_answers" and "token" in answers and "sent" not in answers:
        return render_check(
            answers, notice=_("Your report was not sent yet. Check your answers and send it again.")
        ), 400
    return render_template("web/problem.html", title=_("Your answer was not saved"), notice=_(NOT_SAVED)), 400


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> Any:
    """An upload over the limit: say what the limits are, and offer the way back."""
    if "answers" not in g:
        store.load()
    return render_template(
        "web/too_large.html",
        title=_("The files you chose are too big"),
        max_file_mb=current_app.config["WEB_UPLOAD_MAX_FILE_MB"],
        max_request_mb=current_app.config["WEB_REQUEST_MAX_MB"],
        back_url=request.path,
    ), 413


@bp.errorhandler(RateLimitExceeded)
def rate_limited(error: RateLimitExceeded) -> Any:
    """Too many requests from one place: wait and try again; what to do if in danger now."""
    if "answers" not in g:
        store.load()
    return render_template("web/rate_limited.html", title=_("Please wait a moment")), 429
