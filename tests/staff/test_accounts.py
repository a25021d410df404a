"""Staff accounts: sign-in with a one-time code, lockout, invitations, disabling, the first admin."""

from __future__ import annotations

import re
from pathlib import Path

import pyotp
from flask import Flask
from sqlalchemy import select

from intake.case_tables import StaffUser
from intake.context import Intake
from intake.credentials import MAX_FAILED_SIGN_INS
from tests.conftest import FixedClock, make_test_app
from tests.staff.conftest import PASSWORD, client_for, make_staff, page, sign_in, text_of


def test_sign_in_needs_the_password_and_the_current_code(staff_app: Flask, intake: Intake) -> None:
    staff = make_staff(intake, "triage_officer")
    client = staff_app.test_client()
    wrong_code = {"email": staff.user.email, "password": PASSWORD, "code": "000000"}
    text = page(client, "/staff/sign-in", 400, method="post", data=wrong_code)
    assert "The email, password or code is not right." in text
    assert page(client, "/staff/", 302) is not None  # still signed out
    assert sign_in(client, intake, staff).headers["Location"] == "/staff/"
    page(client, "/staff/")


def test_sign_in_returns_to_the_page_that_asked_for_it_but_never_elsewhere(
    staff_app: Flask, intake: Intake, clock: FixedClock
) -> None:
    staff = make_staff(intake, "triage_officer")
    client = staff_app.test_client()
    code = pyotp.TOTP(staff.secret).at(intake.clock())
    details = {"email": staff.user.email, "password": PASSWORD, "code": code}
    response = client.post("/staff/sign-in?next=/staff/?channel=sms", data=details)
    assert response.headers["Location"] == "/staff/?channel=sms"
    clock.advance(seconds=30)  # a one-time code signs in once: the next sign-in uses the next code
    details["code"] = pyotp.TOTP(staff.secret).at(intake.clock())
    other = staff_app.test_client()
    response = other.post("/staff/sign-in?next=//evil.example/staff/", data=details)
    assert response.headers["Location"] == "/staff/"


def test_repeated_failures_lock_the_account(staff_app: Flask, intake: Intake) -> None:
    staff = make_staff(intake, "case_officer")
    client = staff_app.test_client()
    for _ in range(MAX_FAILED_SIGN_INS):
        client.post("/staff/sign-in", data={"email": staff.user.email, "password": "guess", "code": "123456"})
    response = sign_in(client, intake, staff)
    # Issue 10 changes the words: a locked account gets the answer a wrong password gets.
    assert response.status_code == 400 and "The email, password or code is not right." in text_of(response)
    page(client, "/staff/", 302)  # still signed out


def test_an_admin_invites_someone_who_sets_a_password_and_gets_their_code_secret(
    staff_app: Flask, intake: Intake
) -> None:
    admin, _ = client_for(staff_app, intake, "admin")
    invited = {"name": "Priya Shah", "email": "priya@landlord.example.org", "role": "case_officer"}
    body = admin.post("/staff/admin/staff", data=invited).get_data(as_text=True)
    link = re.search(r'id="invitation-link">([^<]+)<', body)
    assert link is not None
    path = link.group(1).split("localhost", 1)[1]
    newcomer = staff_app.test_client()
    assert "Welcome, Priya Shah" in page(newcomer, path)
    account = {"password": "a brand new password", "confirm": "a brand new password"}
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', newcomer.post(path, data=account).get_data(as_text=True))
    assert secret is not None
    page(newcomer, path, 404)  # the link works once
    code = pyotp.TOTP(secret.group(1)).at(intake.clock())
    signed_in = newcomer.post(
        "/staff/sign-in", data={"email": "priya@landlord.example.org", "password": "a brand new password", "code": code}
    )
    assert signed_in.headers["Location"] == "/staff/"


def test_an_invitation_expires(staff_app: Flask, intake: Intake, clock: object) -> None:
    admin, _ = client_for(staff_app, intake, "admin")
    body = admin.post(
        "/staff/admin/staff", data={"name": "Late Person", "email": "late@landlord.example.org", "role": "manager"}
    ).get_data(as_text=True)
    link = re.search(r'id="invitation-link">([^<]+)<', body)
    assert link is not None
    intake.clock.advance(hours=73)  # type: ignore[attr-defined]
    page(staff_app.test_client(), link.group(1).split("localhost", 1)[1], 404)


def test_a_disabled_member_of_staff_is_signed_out_and_cannot_sign_in(staff_app: Flask, intake: Intake) -> None:
    admin, me = client_for(staff_app, intake, "admin")
    officer, staff = client_for(staff_app, intake, "case_officer")
    admin.post(f"/staff/admin/staff/{staff.id}/disable")
    assert officer.get("/staff/").status_code == 302
    assert sign_in(staff_app.test_client(), intake, staff).status_code == 400
    refused = admin.post(f"/staff/admin/staff/{me.id}/disable", follow_redirects=True)
    assert "You cannot disable your own account." in refused.get_data(as_text=True)


def test_create_staff_bootstraps_the_first_admin_and_shows_the_secret_once(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path)
    try:
        result = app.test_cli_runner().invoke(
            args=["create-staff"],
            input="first.admin@landlord.example.org\nFirst Admin\nadmin password 1\nadmin password 1\n",
        )
        assert result.exit_code == 0, result.output
        assert re.search(r"Secret: [A-Z2-7]{16,}", result.output)
        assert "otpauth://totp/" in result.output
        with app.extensions["intake"].db.read() as session:
            admin = session.scalars(select(StaffUser)).one()
        assert admin.role == "admin" and admin.password_hash and admin.password_hash.startswith("$argon2")
    finally:
        from tests.conftest import empty_all_tables

        empty_all_tables(app.extensions["intake"])
        app.extensions["intake"].db.dispose()
