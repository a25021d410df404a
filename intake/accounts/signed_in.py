"""A signed-in person's browser session: how long it lasts, how it starts and ends, the browsers it knows.

Staff and partner users see special category data (policy 1.2, 3.1), so a session ends after
``IDLE`` without a request and, however busy, ``SESSION_ABSOLUTE_HOURS`` after signing in (a
working day). Both are measured on the application's clock and kept inside the signed session
cookie, so every worker agrees. When the public address is https the cookies are ``Secure`` and
browsers are told to use https only (``Strict-Transport-Security``).

A browser where an account has signed in carries a signed "known browser" cookie naming it. A
sign-in from that browser is not stopped by a lock that strangers' failures put on the account
(``intake.credentials.check_sign_in``); its own failures are limited per browser instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Flask, Response, after_this_request, current_app, request, session
from flask_login import login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from intake.context import current_intake
from intake.ui import limiter

IDLE = timedelta(minutes=30)
KNOWN_BROWSER_COOKIE = "known_browser"
KNOWN_BROWSER_LIFETIME = timedelta(days=90)
KNOWN_BROWSER_FAILURES = "5 per 15 minutes"
_SIGNED_IN_AT, _SEEN_AT = "signed_in_at", "seen_at"


def init_app(app: Flask) -> None:
    """Session lifetimes and https-only cookies, set outright: Flask's own defaults hold both keys."""
    app.config.update(PERMANENT_SESSION_LIFETIME=IDLE, SESSION_REFRESH_EACH_REQUEST=True)
    if public_address_is_https(app):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    app.before_request(_end_stale_session)
    app.after_request(_strict_transport_security)


def public_address_is_https(app: Flask) -> bool:
    return str(app.config.get("PUBLIC_BASE_URL") or "").startswith("https://")


def start(user: Any) -> None:
    """Sign ``user`` in on a fresh session.

    Whatever the browser held before is dropped, so a session (and its CSRF token) planted before
    sign-in is worth nothing after it.
    """
    session.clear()
    login_user(user)
    session.permanent = True
    session[_SIGNED_IN_AT] = session[_SEEN_AT] = _now()
    user_id = str(user.get_id())
    after_this_request(lambda response: _remember_browser(response, user_id))


def end() -> None:
    """Sign out and forget everything the session held."""
    logout_user()
    session.clear()


def known_browser() -> str | None:
    """The account id (``staff:3``) this browser has signed in as before, if its cookie is genuine."""
    value = request.cookies.get(KNOWN_BROWSER_COOKIE)
    if not value:
        return None
    try:
        account = _serializer().loads(value, max_age=int(KNOWN_BROWSER_LIFETIME.total_seconds()))
    except BadSignature:
        return None
    return account if isinstance(account, str) else None


def limit_known_browser_failures(view: Callable[..., Any]) -> Callable[..., Any]:
    """A known browser's refused sign-ins are limited per browser, since the account's lock spares it."""
    return limiter.limit(
        KNOWN_BROWSER_FAILURES,
        key_func=lambda: f"known-browser:{request.cookies.get(KNOWN_BROWSER_COOKIE, '')}",
        exempt_when=lambda: known_browser() is None,
        deduct_when=lambda response: response.status_code != 302,
        methods=["POST"],
        override_defaults=False,
    )(view)


def _end_stale_session() -> None:
    """Before every request: end a session idle too long or older than the absolute lifetime."""
    if "_user_id" not in session:
        return
    now = _now()
    if _stale(now):
        end()
    else:
        session[_SEEN_AT] = now


def _stale(now: float) -> bool:
    signed_in, seen = session.get(_SIGNED_IN_AT), session.get(_SEEN_AT)
    if not isinstance(signed_in, (int, float)) or not isinstance(seen, (int, float)):
        return True  # a session from before these rules: sign in again
    absolute = timedelta(hours=current_app.config["SESSION_ABSOLUTE_HOURS"]).total_seconds()
    return now - seen > IDLE.total_seconds() or now - signed_in > absolute


def _remember_browser(response: Response, user_id: str) -> Response:
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        _serializer().dumps(user_id),
        max_age=KNOWN_BROWSER_LIFETIME,
        secure=public_address_is_https(current_app),
        httponly=True,
        samesite="Strict",
    )
    return response


def _strict_transport_security(response: Response) -> Response:
    if public_address_is_https(current_app):
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt="known-browser")


def _now() -> float:
    return current_intake().clock().timestamp()
