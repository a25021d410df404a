"""Plain helpers for the partner admin tests: signing staff in with CSRF on, pressing buttons, reading secrets."""

from __future__ import annotations

import re

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from intake.accounts.staff_users import create_staff
from intake.case_tables import StaffUser
from intake.context import Intake
from intake.models import AuditEvent
from tests.partner.support import PASSWORD, page, post_form
from tests.staff.conftest import text_of

STAFF_PASSWORD = "a long staff password"
ADMIN_PAGE = "/staff/admin/partners"


def staff_client(app: Flask, core: Intake, role: str) -> tuple[FlaskClient, StaffUser]:
    """A member of staff signed in through the sign-in page, CSRF token and one-time code included."""
    user, secret = create_staff(core, f"{role}@landlord.example.org", role.title(), STAFF_PASSWORD, role)
    client = app.test_client()
    code = pyotp.TOTP(secret).at(core.clock())
    response = post_form(client, "/staff/sign-in", {"email": user.email, "password": STAFF_PASSWORD, "code": code})
    assert response.status_code == 302, text_of(response)
    return client, user


def organisation_page(organisation_id: int) -> str:
    return f"{ADMIN_PAGE}/{organisation_id}"


def shown_once(response: TestResponse, element_id: str) -> str:
    match = re.search(rf'<code id="{element_id}">([^<]+)</code>', response.get_data(as_text=True))
    assert match is not None, f"no {element_id} on the page: {text_of(response)[:500]}"
    return match[1]


def post_on(client: FlaskClient, organisation_id: int, action: str, data: dict[str, str] | None = None) -> TestResponse:
    """Press a button (or send a form) on the organisation's page."""
    url = f"{organisation_page(organisation_id)}/{action}"
    response: TestResponse = post_form(client, url, data or {}, form_page=organisation_page(organisation_id))
    return response


def actions_by(core: Intake, actor: str) -> list[str]:
    with core.db.read() as session:
        return list(session.scalars(select(AuditEvent.action).where(AuditEvent.actor == actor).order_by(AuditEvent.id)))


def accept_invitation(client: FlaskClient, link: str) -> str:
    """Accept a one-time link through the partner portal's page; returns the authenticator key it showed."""
    path = link.removeprefix("http://localhost")
    shown = re.search(r'id="totp-secret">([^<]+)<', page(client, path))
    assert shown is not None
    secret = shown[1].replace(" ", "")
    accepted = post_form(
        client, path, {"password": PASSWORD, "confirm": PASSWORD, "code": pyotp.TOTP(secret).now()}, form_page=path
    )
    assert accepted.status_code == 302, text_of(accepted)
    return secret
