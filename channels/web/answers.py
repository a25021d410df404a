"""The answers store for one visitor: a random id in an HttpOnly, SameSite cookie, the answers on the server.

Nothing typed ever goes into the cookie or a URL. Each request loads the answers once; an
idle set is cleared on that load (channels.web.answer_store), so an hour away loses them for safety.
The cookie is only set once there is something to keep.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask import Response, g, request

from channels.web.answer_store import discard_answers, load_answers, save_answers, sweep_idle_answers
from channels.web.settings import current_settings
from intake.public import current_intake

COOKIE = "report_answers"
Answers = dict[str, Any]


def idle_limit() -> timedelta:
    return timedelta(minutes=current_settings().answers_idle_minutes)


def load() -> None:
    """Run before every request of the blueprint: the visitor's answers, or none, in ``g``."""
    answers_id = request.cookies.get(COOKIE)
    g.answers_id = answers_id
    g.answers = load_answers(current_intake(), answers_id, idle_limit()) if answers_id else None
    g.answers_timed_out = answers_id is not None and g.answers is None
    g.answers_cookie = None


def current() -> Answers | None:
    """This visitor's answers so far, or None if they have not started (or theirs were cleared).

    None too when they could not be loaded (the database away): the 503 page still renders.
    """
    answers: Answers | None = g.get("answers")
    return answers


def timed_out() -> bool:
    """True when the browser named answers that are gone (idle too long, or already sent)."""
    return bool(g.get("answers_timed_out")) and g.get("answers") is None


def fresh() -> Answers:
    """A new, empty set of answers with its one-time sending token (kept only once saved)."""
    return {"pages": {}, "attachments": [], "token": secrets.token_urlsafe(24)}


def save(answers: Answers) -> None:
    """Keep the answers on the server; the first save of a new set also sweeps idle ones."""
    if g.answers is None:
        sweep_idle_answers(current_intake(), idle_limit())
        g.answers_id, g.answers_cookie = secrets.token_urlsafe(32), "set"
    g.answers = answers
    save_answers(current_intake(), g.answers_id, answers)


def clear() -> None:
    """Forget this visitor's answers (and the files they held) on the server and in the browser."""
    if g.get("answers_id"):
        discard_answers(current_intake(), g.answers_id)
    g.answers, g.answers_cookie = None, "delete"


def set_cookie(response: Response) -> Response:
    """Run after every request of the blueprint: set or remove the cookie that names the answers."""
    if g.get("answers_cookie") == "set":
        response.set_cookie(COOKIE, g.answers_id, httponly=True, samesite="Lax", secure=request.is_secure)
    elif g.get("answers_cookie") == "delete" or g.get("answers_timed_out"):
        response.delete_cookie(COOKIE, httponly=True, samesite="Lax", secure=request.is_secure)
    return response
