"""The public pages: the start page, staying safe online, the questions, check answers, sending, exit."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from channels.web import answers as store
from channels.web import language, submit, uploads
from channels.web.answer_store import release_held_file
from channels.web.conditions import whom_we_contact
from channels.web.forms import QuestionForm
from channels.web.pages import BY_SLUG, UPLOAD_SLUG, Answers, Page, applicable, first_unanswered, previous
from channels.web.summary import summary_rows
from intake.public import current_intake, limiter
from intake.public import gettext as _

bp = Blueprint("web", __name__)
bp.before_request(store.load)
bp.before_request(language.choose)  # after the answers are loaded: the choice is kept with them
bp.context_processor(language.template_values)
bp.after_request(store.set_cookie)
# Every public page, per client address, in memory or Redis only (never stored with a report).
limiter.limit(lambda: current_app.config["WEB_RATE_LIMIT"])(bp)


@bp.get("/")
def start_page() -> str:
    """The explanation before the form starts: what happens next, emergency numbers, staying safe."""
    return render_template("web/start.html", title=_("Report a hate incident"))


@bp.get("/staying-safe-online")
def staying_safe_online() -> str:
    """How to cover your tracks on a shared device, before or after reporting."""
    return render_template("web/staying_safe.html", title=_("Staying safe online"))


@bp.get("/report")
def begin() -> BaseResponse:
    """The form starts here ('Start now'): a new set of answers, or the first question not yet answered."""
    answers = store.current()
    if answers is None:
        answers = store.fresh()
        store.save(answers)
    return redirect(_next_url(answers))


@bp.route("/report/<slug>", methods=["GET", "POST"])
def question(slug: str) -> Any:
    """One question per page; a POST saves the answer and moves to the next unanswered question."""
    page = BY_SLUG.get(slug)
    if page is None:
        return render_template("web/not_found.html", title=_("Page not found")), 404
    if store.timed_out():
        return _timed_out(page)
    if store.current() is None and request.method == "GET":
        # Only 'Start now' begins a form: after 'Exit this page' cleared the answers, going Back
        # (which reloads, the pages being no-store) shows the start page, not the form.
        return redirect(url_for("web.start_page"))
    answers = store.current() or store.fresh()
    if "sent" in answers:
        return redirect(url_for("web.confirmation"))  # sent: the answers are gone, the reference is not
    if page not in applicable(answers):
        return redirect(_next_url(answers))
    if page.slug == UPLOAD_SLUG:
        return _upload(page, answers)
    return _ask(page, answers)


def _timed_out(page: Page) -> Any:
    """Answers cleared while idle: a GET explains; a POST keeps what was typed on this page."""
    if request.method == "GET":
        return render_template("web/timed_out.html", title=_("Your answers were cleared"))
    answers = store.fresh()
    store.save(answers)
    form = page.make_form(answers)
    notice = _("For your safety, we cleared your earlier answers after a time without activity.")
    notice += " " + _("What you typed on this page is kept below. Continue, and we will ask the other questions again.")
    return render_question(page, answers, form, notice=notice)


def _ask(page: Page, answers: Answers) -> Any:
    if request.method == "GET":
        return render_question(page, answers, page.make_form(answers, data=answers["pages"].get(page.slug, {})))
    form = page.make_form(answers)
    if not form.validate():
        return render_question(page, answers, form)
    answers["pages"][page.slug] = form.to_answers()
    store.save(answers)
    return redirect(_next_url(answers))


def render_question(
    page: Page, answers: Answers, form: QuestionForm, notice: str | None = None, upload_errors: list[str] | None = None
) -> str:
    """The page for one question, with its errors, a notice if answers were lost, and the way back."""
    back = previous(answers, page)
    return render_template(
        page.template,
        page=page,
        form=form,
        title=_(page.heading) if page.heading else form[page.field].label.text,
        notice=notice,
        upload_errors=upload_errors or [],
        back_url=url_for("web.question", slug=back.slug) if back else url_for("web.start_page"),
        held_files=[uploads.describe(held) for held in answers.get("attachments", [])],
        max_file_mb=current_app.config["WEB_UPLOAD_MAX_FILE_MB"],
        max_files=current_app.config["WEB_UPLOAD_MAX_FILES"],
    )


def _upload(page: Page, answers: Answers) -> Any:
    """Files are added on each POST; 'Continue' moves on, 'Remove' takes one back out."""
    form = page.make_form(answers)
    if request.method == "GET":
        return render_question(page, answers, form)
    if not form.validate():
        return render_question(page, answers, form)
    removed = _remove_held(answers, request.form.get("remove"))
    problems = uploads.hold(request.files.getlist("files"), answers)
    if problems or removed or request.form.get("action") == "add":
        store.save(answers)
        return render_question(page, answers, form, upload_errors=problems) if problems else redirect(request.path)
    answers["pages"][page.slug] = {"files": len(answers["attachments"])}
    store.save(answers)
    return redirect(_next_url(answers))


def _remove_held(answers: Answers, index: str | None) -> bool:
    if index is None or not index.isdigit() or int(index) >= len(answers["attachments"]):
        return False
    removed = answers["attachments"].pop(int(index))
    release_held_file(current_intake(), answers, removed["storage_name"])
    return True


@bp.route("/report/check-your-answers", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["WEB_SUBMIT_RATE_LIMIT"], methods=["POST"], override_defaults=False)
def check_answers() -> Any:
    """Every answer with a change link; sending it makes one report, however often it is pressed."""
    answers = store.current()
    if answers is None and store.timed_out():
        return render_template("web/timed_out.html", title=_("Your answers were cleared"))
    if answers is None:
        return redirect(url_for("web.start_page"))
    if "sent" in answers:
        return redirect(url_for("web.confirmation"))
    if first_unanswered(answers) is not None:
        return redirect(_next_url(answers))
    if request.method == "POST":
        return _send(answers)
    return render_check(answers)


def render_check(answers: Answers, notice: str | None = None) -> str:
    """The check-answers page, with the one-time token that makes sending it idempotent."""
    return render_template(
        "web/check.html",
        title=_("Check your answers before sending your report"),
        rows=summary_rows(answers),
        token=answers["token"],
        whom_we_contact=whom_we_contact(answers),
        notice=notice,
        form=QuestionForm(),
    )


def _send(answers: Answers) -> BaseResponse | str:
    if request.form.get("token") != answers["token"]:
        return redirect(url_for("web.check_answers"))
    submission = submit.send(answers)
    # The report has its own copies of the files now; only the reference is kept, for the confirmation page.
    sent = {"sent": submission.reference, "token": answers["token"], "whom_we_contact": whom_we_contact(answers)}
    if "language" in answers:
        sent["language"] = answers["language"]  # the confirmation page in the language the report was made in
    store.save(sent)
    return redirect(url_for("web.confirmation"))


@bp.get("/report/confirmation")
def confirmation() -> Any:
    """The reference, once: leaving this page (or pressing back to it) clears it for good."""
    answers = store.current()
    if answers is None or "sent" not in answers:
        return redirect(url_for("web.start_page"))
    store.clear()
    response = current_app.make_response(
        render_template(
            "web/confirmation.html",
            title=_("Report sent"),
            reference=answers["sent"],
            whom_we_contact=answers.get("whom_we_contact"),
        )
    )
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.get("/report/exit")
@limiter.exempt  # leaving must always work, however busy the connection has been
def exit_page() -> BaseResponse:
    """Exit this page: clear the answers on the server and in the browser, then a neutral site."""
    store.clear()
    response = redirect(current_app.config["WEB_EXIT_URL"])
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


def _next_url(answers: Answers) -> str:
    page = first_unanswered(answers)
    return url_for("web.question", slug=page.slug) if page else url_for("web.check_answers")
