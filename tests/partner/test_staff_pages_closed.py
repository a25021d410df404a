"""Partner and staff users share one login manager but never each other's pages."""

from __future__ import annotations

import pyotp
from flask import Flask
from flask.testing import FlaskClient

from intake.accounts.staff_users import create_staff
from intake.context import Intake
from tests.factories import submit
from tests.partner.support import make_organisation, make_partner_user, sign_in


def staff_routes(app: Flask, reference: str) -> list[str]:
    """Every GET page under /staff, with a real reference where one is asked for."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/staff") and "GET" in (rule.methods or ()) and not rule.arguments - {"reference"}:
            urls.append(rule.rule.replace("<reference>", reference))
    return urls


def test_a_signed_in_partner_user_gets_nothing_from_any_staff_page(
    partner_app: Flask, partner_client: FlaskClient, partner_intake: Intake
) -> None:
    organisation = make_organisation(partner_intake)
    secret = make_partner_user(partner_intake, organisation, "worker@eastside.example")
    sign_in(partner_client, "worker@eastside.example", secret)
    reference = submit(partner_intake, description="a report only staff may read").reference or ""
    urls = staff_routes(partner_app, reference)
    assert len(urls) > 5
    for url in urls:
        if url in {"/staff/sign-in", "/staff/sign-out"}:
            continue
        response = partner_client.get(url)
        assert response.status_code in {302, 403, 404}, url
        assert "a report only staff may read" not in response.get_data(as_text=True), url
        if response.status_code == 302:
            assert "/staff/sign-in" in response.headers["Location"], url


def test_a_signed_in_member_of_staff_gets_nothing_from_the_partner_portal(
    partner_app: Flask, partner_client: FlaskClient, partner_intake: Intake
) -> None:
    user, secret = create_staff(
        partner_intake, "manager@landlord.example.org", "A Manager", "a long password!", "manager"
    )
    code = pyotp.TOTP(secret).now()
    partner_app.config["WTF_CSRF_ENABLED"] = False
    try:
        signed_in = partner_client.post(
            "/staff/sign-in", data={"email": user.email, "password": "a long password!", "code": code}
        )
    finally:
        partner_app.config["WTF_CSRF_ENABLED"] = True
    assert signed_in.status_code == 302
    for url in ("/partner/", "/partner/reports/new"):
        assert partner_client.get(url).status_code in {302, 403}, url
