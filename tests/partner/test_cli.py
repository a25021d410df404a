"""The admin commands a staff admin uses until the staff pages call the same service functions."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from intake.context import Intake
from intake.models import PartnerOrganisation
from tests.partner.support import API_REPORT, bearer


def _run(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_an_admin_creates_an_organisation_invites_a_user_and_issues_a_token(
    partner_app: Flask, partner_client: FlaskClient, partner_intake: Intake
) -> None:
    created = _run(
        partner_app,
        "create-partner-organisation",
        "--name=Northside GP Surgery",
        "--kind=gp_surgery",
        "--email-domain=northside-gp.example",
        "--agreement-reference=ISA-2026-14",
        "--agreement-review-date=2027-03-31",
    )
    organisation = re.search(r"partner organisation (\d+) created", created)
    assert organisation is not None
    with partner_intake.db.read() as session:
        stored = session.scalars(select(PartnerOrganisation)).one()
        assert (stored.kind, stored.email_domains, str(stored.agreement_review_date)) == (
            "gp_surgery",
            ["northside-gp.example"],
            "2027-03-31",
        )

    invited = _run(
        partner_app,
        "invite-partner-user",
        f"--organisation={organisation[1]}",
        "--email=dr.k@northside-gp.example",
        "--name=Dr K",
    )
    link = invited.strip().splitlines()[-1]
    assert partner_client.get(link.removeprefix("http://127.0.0.1:5000")).status_code == 200

    issued = _run(partner_app, "issue-partner-token", f"--organisation={organisation[1]}")
    token = issued.strip().splitlines()[-1]
    assert partner_client.post("/api/v1/reports", json=API_REPORT, headers=bearer(token)).status_code == 201
    token_id = re.search(r"token (\d+)", issued)
    assert token_id is not None
    rotated = _run(partner_app, "rotate-partner-token", f"--token-id={token_id[1]}").strip().splitlines()[-1]
    assert partner_client.post("/api/v1/reports", json=API_REPORT, headers=bearer(token)).status_code == 401
    assert partner_client.post("/api/v1/reports", json=API_REPORT, headers=bearer(rotated)).status_code == 201


def test_an_invitation_outside_the_organisations_domains_is_refused(partner_app: Flask, partner_intake: Intake) -> None:
    _run(
        partner_app,
        "create-partner-organisation",
        "--name=Westside",
        "--kind=police",
        "--email-domain=westside.example",
    )
    with partner_intake.db.read() as session:
        organisation = session.scalars(select(PartnerOrganisation.id)).one()
    result = partner_app.test_cli_runner().invoke(
        args=["invite-partner-user", f"--organisation={organisation}", "--email=someone@elsewhere.example", "--name=S"]
    )
    assert result.exit_code != 0 and "email domains" in result.output
