"""The admin commands a staff admin uses until the staff pages call the same service functions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from intake.context import Intake
from intake.models import PartnerEmailDomain, PartnerOrganisation
from intake.partners import organisations as partners
from tests.conftest import intake_of, make_test_app
from tests.partner.support import API_REPORT, bearer, make_organisation


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


def test_the_command_refuses_a_domain_already_registered_or_shared_in_one_line(
    partner_app: Flask, partner_intake: Intake
) -> None:
    _run(
        partner_app,
        "create-partner-organisation",
        "--name=Eastside",
        "--kind=advice_centre",
        "--email-domain=e.example",
    )
    for domain, refusal in [
        ("E.example", "The domain e.example is already the email domain of Eastside"),
        ("nhs.net", "The domain nhs.net is shared by many organisations"),
    ]:
        result = partner_app.test_cli_runner().invoke(
            args=["create-partner-organisation", "--name=Other", "--kind=gp_surgery", f"--email-domain={domain}"]
        )
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: {refusal}") and "Traceback" not in result.output
    with partner_intake.db.read() as session:
        assert session.scalars(select(PartnerOrganisation.name)).all() == ["Eastside"]


def test_the_database_refuses_one_domain_for_two_organisations(partner_intake: Intake) -> None:
    """Whatever page or command asks, the key keeps a domain to one organisation (policy 7.1)."""
    first = make_organisation(partner_intake, "Eastside", "shared.example")
    second = make_organisation(partner_intake, "Westside", "westside.example")
    with pytest.raises(IntegrityError), partner_intake.db.begin() as session:
        session.add(PartnerEmailDomain(domain="shared.example", organisation_id=second))
    with partner_intake.db.read() as session:
        owners = session.execute(select(PartnerEmailDomain.domain, PartnerEmailDomain.organisation_id)).all()
    assert sorted(owners) == [("shared.example", first), ("westside.example", second)]


def test_the_shared_domains_are_a_setting_that_replaces_the_default_list(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path, PARTNER_SHARED_EMAIL_DOMAINS="nhs.net, @Partners-Hub.example")
    with intake_of(app) as core:
        with pytest.raises(partners.PartnerError, match=r"partners-hub\.example is shared"):
            make_organisation(core, "Hub", "partners-hub.example")
        assert make_organisation(core, "A small charity", "gmail.com") > 0
    app.extensions["intake"].db.dispose()
