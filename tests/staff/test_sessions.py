"""A member of staff's session: it ends when idle and after a working day, lives only on https where the
service is on https, starts afresh at sign-in, ends only by a posted button, and one-time codes work once.

Failures from a stranger can pause sign-ins from strangers, never the officer's own browser; and a wrong
password, a locked account and a disabled one all get the same answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from intake.accounts.signed_in import KNOWN_BROWSER_COOKIE
from intake.accounts.staff_users import set_disabled
from intake.context import Intake
from intake.credentials import MAX_FAILED_SIGN_INS
from tests.conftest import FixedClock, intake_of, make_test_app
from tests.partner.support import csrf_token
from tests.staff.conftest import PASSWORD, Staff, client_for, make_staff, page, sign_in, text_of

PUBLIC_BASE_URL = "https://casework.example.org"
REFUSED = "The email, password or code is not right."


@pytest.fixture(scope="module")
def https_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The staff pages as deployed: an https public address, CSRF protection on, a 2-hour absolute lifetime."""
    app = make_test_app(
        database_url,
        tmp_path_factory.mktemp("https"),
        PUBLIC_BASE_URL=PUBLIC_BASE_URL,
        SESSION_ABSOLUTE_HOURS=2,
        RATELIMIT_ENABLED=False,
    )
    yield app
    app.extensions["intake"].db.dispose()


@pytest.fixture
def https_intake(https_app: Flask) -> Iterator[Intake]:
    with intake_of(https_app) as core:
        core.clock = FixedClock(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
        yield core


def sign_in_with_form(client: FlaskClient, intake: Intake, staff: Staff) -> TestResponse:
    """Sign in as a browser does: the form's CSRF token and the code an authenticator app shows now."""
    token = csrf_token(client.get("/staff/sign-in").get_data(as_text=True))
    code = pyotp.TOTP(staff.secret).at(intake.clock())
    details = {"csrf_token": token, "email": staff.user.email, "password": PASSWORD, "code": code}
    return client.post("/staff/sign-in", data=details)


def test_on_an_https_address_the_session_cookie_is_secure_and_browsers_keep_to_https(
    https_app: Flask, https_intake: Intake
) -> None:
    staff = make_staff(https_intake, "triage_officer")
    client = https_app.test_client()
    signed_in = sign_in_with_form(client, https_intake, staff)
    assert signed_in.status_code == 302
    session_cookie = next(c for c in signed_in.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie
    assert signed_in.headers["Strict-Transport-Security"].startswith("max-age=")
    assert client.get("/staff/").headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_session_ends_after_30_minutes_without_a_request(staff_app: Flask, intake: Intake, clock: FixedClock) -> None:
    client, _ = client_for(staff_app, intake, "case_officer")
    clock.advance(minutes=29)
    page(client, "/staff/")
    clock.advance(minutes=29)
    page(client, "/staff/")  # each request starts the idle half hour again
    clock.advance(minutes=31)
    assert client.get("/staff/").headers["Location"].startswith("/staff/sign-in")


def test_a_busy_session_still_ends_after_the_absolute_lifetime(
    https_app: Flask, https_intake: Intake, https_clock: FixedClock
) -> None:
    client = https_app.test_client()
    assert sign_in_with_form(client, https_intake, make_staff(https_intake, "case_officer")).status_code == 302
    for _ in range(5):  # a request every 20 minutes for 1 hour 40 minutes: never idle
        https_clock.advance(minutes=20)
        page(client, "/staff/")
    https_clock.advance(minutes=21)  # 2 hours and a minute after signing in (SESSION_ABSOLUTE_HOURS=2)
    assert client.get("/staff/").headers["Location"].startswith("/staff/sign-in")


@pytest.fixture
def https_clock(https_intake: Intake) -> FixedClock:
    assert isinstance(https_intake.clock, FixedClock)
    return https_intake.clock


def test_signing_in_starts_a_fresh_session(https_app: Flask, https_intake: Intake) -> None:
    """A session planted before sign-in (its CSRF token known to whoever planted it) is dropped."""
    client = https_app.test_client()
    client.get("/staff/sign-in")
    with client.session_transaction() as planted:
        planted["planted_by"] = "someone else"
        known_token = planted["csrf_token"]
    assert sign_in_with_form(client, https_intake, make_staff(https_intake, "manager")).status_code == 302
    with client.session_transaction() as session:
        assert "planted_by" not in session
        assert session.get("csrf_token") != known_token


def test_signing_out_is_a_posted_button_with_its_csrf_token(https_app: Flask, https_intake: Intake) -> None:
    client = https_app.test_client()
    assert sign_in_with_form(client, https_intake, make_staff(https_intake, "triage_officer")).status_code == 302
    queue = client.get("/staff/").get_data(as_text=True)
    assert 'action="/staff/sign-out"' in queue and 'method="post"' in queue
    assert "Sign out" in page(client, "/staff/sign-out")  # a link (or an image tag) only shows the button
    assert client.post("/staff/sign-out", data={}).status_code == 400  # no token: refused
    page(client, "/staff/")  # still signed in
    signed_out = client.post("/staff/sign-out", data={"csrf_token": csrf_token(queue)})
    assert signed_out.headers["Location"] == "/staff/sign-in"
    assert client.get("/staff/").headers["Location"].startswith("/staff/sign-in")


def test_a_one_time_code_signs_in_once(staff_app: Flask, intake: Intake, clock: FixedClock) -> None:
    staff = make_staff(intake, "triage_officer")
    assert sign_in(staff_app.test_client(), intake, staff).status_code == 302
    replayed = sign_in(staff_app.test_client(), intake, staff)  # the same code, seen over a shoulder
    assert replayed.status_code == 400 and REFUSED in text_of(replayed)
    clock.advance(seconds=30)
    assert sign_in(staff_app.test_client(), intake, staff).status_code == 302


def test_a_wrong_password_a_locked_and_a_disabled_account_get_the_same_answer(
    staff_app: Flask, intake: Intake, clock: FixedClock
) -> None:
    admin = make_staff(intake, "admin")
    wrong, locked, disabled = (make_staff(intake, "case_officer", name) for name in ("Wen Wrong", "Lo Ck", "Di Sab"))
    for _ in range(MAX_FAILED_SIGN_INS):
        sign_in_as(staff_app.test_client(), intake, locked, "a guessed password")
    set_disabled(intake, admin.user, disabled.id, True)
    answers = [
        sign_in_as(staff_app.test_client(), intake, wrong, "not the password"),
        sign_in_as(staff_app.test_client(), intake, locked, PASSWORD),
        sign_in_as(staff_app.test_client(), intake, disabled, PASSWORD),
    ]
    assert REFUSED in answers[0]
    assert answers[1] == answers[0] and answers[2] == answers[0]


def sign_in_as(client: FlaskClient, intake: Intake, staff: Staff, password: str) -> str:
    """The page a sign-in answers with, the typed address aside; refused (400) every time."""
    code = pyotp.TOTP(staff.secret).at(intake.clock())
    details = {"email": staff.user.email, "password": password, "code": code}
    return page(client, "/staff/sign-in", 400, method="post", data=details).replace(staff.user.email, "EMAIL")


def test_a_stranger_cannot_lock_an_officer_out_of_the_browser_they_sign_in_on(
    staff_app: Flask, intake: Intake, clock: FixedClock
) -> None:
    officer_browser, officer = client_for(staff_app, intake, "case_officer")
    assert officer_browser.get_cookie(KNOWN_BROWSER_COOKIE) is not None
    officer_browser.post("/staff/sign-out")
    stranger = staff_app.test_client()
    for _ in range(MAX_FAILED_SIGN_INS * 2):
        stranger.post("/staff/sign-in", data={"email": officer.user.email, "password": "guess", "code": "123456"})
    clock.advance(seconds=30)
    assert sign_in(stranger, intake, officer).status_code == 400  # the lock holds for any other browser
    clock.advance(seconds=30)
    assert sign_in(officer_browser, intake, officer).headers["Location"] == "/staff/"
