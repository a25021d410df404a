"""What every page shares: GOV.UK Frontend templates, CSRF protection, rate limits and security headers.

Public and staff pages alike are confidential (policy 1.2, 3.1): nothing is cached, nothing
is framed, and the only inline script is GOV.UK Frontend's one line, allowed by a nonce.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from intake import languages

ROOT = Path(__file__).resolve().parent.parent

csrf = CSRFProtect()
# Keyed by client address in memory or Redis only, never stored with a report.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_app(app: Flask) -> None:
    """Wire templates, CSRF, limits and headers into the app."""
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(ROOT / "templates"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # a slow, frightened typist must not lose a form
    _shared_limits(app)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_ENABLED", True)
    app.before_request(_limits_as_configured)  # registered before the limiter's own check
    app.after_request(_outage_retry_after)  # registered before the limiter, so it runs after it
    csrf.init_app(app)
    limiter.init_app(app)
    WTFormsHelpers(app)
    app.before_request(_new_nonce)
    app.after_request(_security_headers)
    app.context_processor(lambda: {"cspNonce": g.get("csp_nonce", "")})
    languages.install(app.jinja_env)
    app.context_processor(languages.template_values)
    app.register_error_handler(HTTPException, _error_page)
    for lost in (OperationalError, InterfaceError, PoolTimeout):  # a restart, a cut connection, a full pool
        app.register_error_handler(lost, _database_away)


def _shared_limits(app: Flask) -> None:
    """Limits in Redis, shared by every instance; while Redis is away, each process's own, never a refusal.

    Flask-Limiter logs one warning when it falls back to memory (the same limits, counted per
    process) and one line when Redis is back; a short timeout keeps a hung Redis from holding
    requests.
    """
    redis_url = app.config.get("REDIS_URL")
    app.config["RATELIMIT_STORAGE_URI"] = redis_url or "memory://"
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    if redis_url:
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1})


DATABASE_AWAY_RETRY_SECONDS = 5


def _database_away(error: Exception) -> tuple[str | Response, int, dict[str, str]]:
    """The database restarting or out of reach: 503 with Retry-After, so Twilio, partners and people retry.

    Never a 500 page. A retry (the same MessageSid, Idempotency-Key or form token) finds whatever
    was stored before the connection was lost, and makes no second report.
    """
    current_app.logger.warning("database unreachable on %s: answered 503 (%s)", request.endpoint, type(error).__name__)
    g.database_away = True
    headers = {"Retry-After": str(DATABASE_AWAY_RETRY_SECONDS)}
    if request.path.startswith("/api/"):
        return jsonify(error="Service Unavailable"), 503, headers
    title, message = ERROR_WORDS[503]
    return render_template("error.html", title=title, message=message), 503, headers


def _outage_retry_after(response: Response) -> Response:
    """The limiter stretches Retry-After to its window's end; an outage's retry is sooner."""
    if g.get("database_away"):
        response.headers["Retry-After"] = str(DATABASE_AWAY_RETRY_SECONDS)
    return response


ERROR_WORDS = {
    400: (
        "Something went wrong with that form",
        "The page may have been open for a long time. Go back, refresh the page and try again.",
    ),
    403: ("You cannot see this page", "Your account does not give you access to this page."),
    404: ("Page not found", "If you typed the web address, check it is correct."),
    413: ("That upload is too large", "Go back and choose smaller files, or fewer at a time."),
    503: (
        "Sorry, the service is busy",
        "Wait a few seconds, then try again.",
    ),
    429: (
        "Please wait a moment",
        "There have been a lot of requests from your connection. Wait a minute, then try again.",
    ),
}


def _error_page(error: HTTPException) -> tuple[str | Response, int]:
    """Errors outside a channel's own pages: a calm page, or JSON for the API. Never a stack trace."""
    code = error.code or 500
    if request.path.startswith("/api/"):
        return with_error_headers(jsonify(error=error.name), error), code
    title, message = ERROR_WORDS.get(code, ("Sorry, there is a problem", "Please try again later."))
    return render_template("error.html", title=title, message=message), code


def with_error_headers(response: Response, error: HTTPException) -> Response:
    """An error answered in JSON keeps the error's own headers: ``Allow`` on a 405 (RFC 9110), ``Retry-After``."""
    for name, value in error.get_headers():
        if name.lower() not in {"content-type", "content-length"}:
            response.headers[name] = value
    return response


def _limits_as_configured() -> None:
    """The limiter is one object; where a process holds several apps (tests), each keeps its own setting."""
    limiter.enabled = bool(current_app.config["RATELIMIT_ENABLED"])


def _new_nonce() -> None:
    g.csp_nonce = secrets.token_urlsafe(16)


def _security_headers(response: Response) -> Response:
    nonce = g.get("csp_nonce", "")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Not no-referrer: Flask-WTF refuses HTTPS form posts without a same-origin Referer.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    if not request.path.startswith("/assets/"):
        response.headers["Cache-Control"] = "no-store"
    return response
