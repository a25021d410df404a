"""Plain helpers for partner tests: organisations, users who accepted their invitation, pages, forms."""

from __future__ import annotations

import re
from typing import Any

import pyotp
from flask.testing import FlaskClient

from intake.context import Intake
from intake.partners import organisations as partners

PASSWORD = "correct horse battery staple"


def make_organisation(intake: Intake, name: str = "Eastside Advice Centre", domain: str = "eastside.example") -> int:
    return partners.create_organisation(
        intake,
        name=name,
        kind="advice_centre",
        actor="test",
        email_domains=(domain,),
        sharing_agreement_reference="ISA-1",
    )


def make_partner_user(intake: Intake, organisation_id: int, email: str) -> str:
    """A user who accepted their invitation; returns their one-time-code secret."""
    invitation = partners.invite_user(
        intake, organisation_id=organisation_id, email=email, name="A Caseworker", actor="test"
    )
    pending = partners.pending_invitation(intake, invitation.token)
    assert pending is not None
    assert partners.accept_invitation(intake, invitation.token, PASSWORD, pyotp.TOTP(pending.totp_secret).now())
    return pending.totp_secret


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    """Fetch a page, check its status, return its HTML."""
    response = client.get(url)
    assert response.status_code == status, f"GET {url}: {response.status_code}"
    return response.get_data(as_text=True)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match is not None, "the page has no CSRF token"
    return match[1]


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', html)
    assert match is not None, f"the page has no {name}"
    return match[1]


def post_form(client: FlaskClient, url: str, data: dict[str, Any], *, form_page: str | None = None) -> Any:
    """Post a form the way a browser does: with the CSRF token (and one-time token) of the page it is on."""
    html = page(client, form_page or url)
    fields = {"csrf_token": csrf_token(html), **data}
    if "submission_token" in html and "submission_token" not in data:
        fields["submission_token"] = hidden(html, "submission_token")
    return client.post(url, data=fields)


def sign_in(client: FlaskClient, email: str, secret: str) -> None:
    response = post_form(
        client, "/partner/sign-in", {"email": email, "password": PASSWORD, "code": pyotp.TOTP(secret).now()}
    )
    assert response.status_code == 302, response.get_data(as_text=True)


ON_BEHALF = {
    "victim_aware_and_agrees": "yes",
    "consent_contact": "through_partner",
    "consent_share_with_police": "yes",
    "consent_share_with_partners": "no",
    "consent_multi_agency_panel": "yes",
    "description": "Neighbours shouted racist abuse at my client on the stairs.",
    "words_of": "victim",
    "incident_types": ["verbal_abuse"],
    "characteristics": ["race"],
    "partner_case_reference": "EA-2291",
}


def report_on_behalf(client: FlaskClient, **changes: Any) -> str:
    """Send the on-behalf form; returns the new report's reference."""
    response = post_form(client, "/partner/reports/new", {**ON_BEHALF, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)
    return str(response.headers["Location"]).rsplit("/", 1)[1]


API_REPORT = {
    "victim_aware_and_agrees": True,
    "description": "My client's car was sprayed with a homophobic slur overnight.",
    "incident_types": ["graffiti_or_literature"],
    "characteristics": ["sexual_orientation"],
    "safety": {"graffiti_to_remove": True},
    "consents": {"contact": True, "share_with_police": False, "share_with_partners": True, "multi_agency_panel": False},
    "victim": {"phone": "07700 900123", "safe_methods": ["sms"]},
    "partner_case_reference": "VS/88",
}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
