"""Staff admins register partner organisations, invite their users and manage their API tokens (policy 4.5).

The app here has the partner channel loaded and CSRF on, so every action is posted as a browser
would post it, and what the admin sets up is then used through the real portal and API.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from intake.accounts.staff_users import create_staff
from intake.case_tables import StaffUser
from intake.context import Intake
from intake.models import PartnerOrganisation
from intake.partners import organisations as partners
from intake.partners.organisations import TokenHolder
from intake.partners.tables import PartnerApiToken
from tests.conftest import FixedClock, empty_all_tables, intake_of, make_test_app
from tests.partner.support import (
    API_REPORT,
    PASSWORD,
    bearer,
    make_organisation,
    make_partner_user,
    post_form,
    sign_in,
)
from tests.staff.conftest import client_for, text_of
from tests.staff.partner_admin_support import (
    ADMIN_PAGE,
    STAFF_PASSWORD,
    accept_invitation,
    actions_by,
    organisation_page,
    post_on,
    shown_once,
    staff_client,
)

GENEROUS_LIMIT = "10000/minute"


@pytest.fixture(scope="module")
def admin_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The staff pages beside the partner portal and API, CSRF on, as in production."""
    app = make_test_app(
        database_url,
        tmp_path_factory.mktemp("partner-admin"),
        CHANNELS="channels.partner",
        RATELIMIT_ENABLED=False,
        PARTNER_API_RATE_LIMIT=GENEROUS_LIMIT,
        PARTNER_PORTAL_RATE_LIMIT=GENEROUS_LIMIT,
    )
    yield app
    app.extensions["intake"].db.dispose()


@pytest.fixture
def core(admin_app: Flask) -> Iterator[Intake]:
    with intake_of(admin_app) as core:
        yield core


@pytest.fixture
def admin(admin_app: Flask, core: Intake) -> tuple[FlaskClient, StaffUser]:
    return staff_client(admin_app, core, "admin")


def test_an_admin_adds_an_organisation_and_invites_someone_who_accepts_and_signs_in(
    admin_app: Flask, core: Intake, admin: tuple[FlaskClient, StaffUser]
) -> None:
    client, user = admin
    assert "There are no partner organisations yet." in text_of(client.get(ADMIN_PAGE))
    created = post_form(
        client,
        ADMIN_PAGE,
        {
            "name": "Eastside Advice Centre",
            "kind": "advice_centre",
            "email_domains": "eastside.example, @Eastside-Advice.example",
            "sharing_agreement_reference": "ISA-2026-04",
            "agreement_review_date": ["27", "3", "2027"],
        },
    )
    assert created.status_code == 302
    with core.db.read() as session:
        organisation = session.scalars(select(PartnerOrganisation)).one()
        assert organisation.email_domains == ["eastside-advice.example", "eastside.example"]
        assert organisation.agreement_review_date == date(2027, 3, 27)
    assert created.headers["Location"] == organisation_page(organisation.id)
    listed = text_of(client.get(ADMIN_PAGE))
    assert (
        "Eastside Advice Centre Advice centre eastside-advice.example, eastside.example ISA-2026-04 27 Mar 2027 0 0"
        in (listed)
    )

    invited = post_on(client, organisation.id, "users", {"name": "Sam Caseworker", "email": "sam@eastside.example"})
    assert invited.status_code == 200
    link = shown_once(invited, "invitation-link")
    assert link.startswith("http://localhost/partner/invitation/")
    again = text_of(client.get(organisation_page(organisation.id)))
    assert link not in again and "Sam Caseworker sam@eastside.example Invited, link works until" in again

    partner = admin_app.test_client()
    secret = accept_invitation(partner, link)
    sign_in(partner, "sam@eastside.example", secret)
    assert "Your organisation's reports" in text_of(partner.get("/partner/"))
    assert "Sam Caseworker sam@eastside.example Active" in text_of(client.get(organisation_page(organisation.id)))
    assert "ISA-2026-04 27 Mar 2027 1 0" in text_of(client.get(ADMIN_PAGE))
    assert actions_by(core, user.actor)[-2:] == ["partner_organisation_created", "partner_user_invited"]


def test_a_disabled_partner_user_is_signed_out_and_cannot_sign_in_until_enabled(
    admin_app: Flask, core: Intake, admin: tuple[FlaskClient, StaffUser]
) -> None:
    client, user = admin
    organisation = make_organisation(core)
    secret = make_partner_user(core, organisation, "worker@eastside.example")
    partner = admin_app.test_client()
    sign_in(partner, "worker@eastside.example", secret)
    users_page = client.get(organisation_page(organisation)).get_data(as_text=True)
    disable = re.search(r'action="(/staff/admin/partners/\d+/users/\d+/disable)"', users_page)
    assert disable is not None

    disabled = post_form(client, disable[1], {}, form_page=organisation_page(organisation))
    assert disabled.status_code == 302
    assert "Partner user disabled." in text_of(client.get(organisation_page(organisation)))
    assert partner.get("/partner/").status_code == 302  # signed out at their next request
    refused = post_form(
        partner,
        "/partner/sign-in",
        {"email": "worker@eastside.example", "password": PASSWORD, "code": pyotp.TOTP(secret).now()},
    )
    assert refused.status_code == 200

    enabled = post_form(
        client, disable[1].replace("/disable", "/enable"), {}, form_page=organisation_page(organisation)
    )
    assert enabled.status_code == 302
    next_code = pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30))  # a code signs in once
    signed_in = post_form(
        partner, "/partner/sign-in", {"email": "worker@eastside.example", "password": PASSWORD, "code": next_code}
    )
    assert signed_in.status_code == 302
    assert actions_by(core, user.actor)[-2:] == ["partner_user_disabled", "partner_user_enabled"]


def test_an_issued_token_works_on_the_api_until_rotated_and_its_replacement_until_revoked(
    admin_app: Flask, core: Intake, admin: tuple[FlaskClient, StaffUser]
) -> None:
    client, user = admin
    organisation = make_organisation(core)
    system = admin_app.test_client()
    issued = post_on(client, organisation, "tokens")
    assert issued.status_code == 200 and "API token issued" in text_of(issued)
    first = shown_once(issued, "api-token")
    assert first not in client.get(organisation_page(organisation)).get_data(as_text=True)
    sent = system.post(
        "/api/v1/reports", data=json.dumps(API_REPORT), content_type="application/json", headers=bearer(first)
    )
    assert sent.status_code == 201
    status_url = f"/api/v1/reports/{sent.json['reference']}"
    assert system.get(status_url, headers=bearer(first)).status_code == 200

    first_id = _live_token_id(core, organisation)
    rotated = post_on(client, organisation, f"tokens/{first_id}/rotate")
    assert "API token replaced" in text_of(rotated)
    second = shown_once(rotated, "api-token")
    assert system.get(status_url, headers=bearer(first)).status_code == 401
    assert system.get(status_url, headers=bearer(second)).status_code == 200

    revoked = post_on(client, organisation, f"tokens/{_live_token_id(core, organisation)}/revoke")
    assert revoked.status_code == 302
    after = text_of(client.get(organisation_page(organisation)))
    assert "API token revoked." in after and after.count("Revoked") == 2
    assert system.get(status_url, headers=bearer(second)).status_code == 401
    assert actions_by(core, user.actor)[-4:] == [
        "partner_token_issued",
        "partner_token_revoked",
        "partner_token_issued",
        "partner_token_revoked",
    ]


def _live_token_id(core: Intake, organisation_id: int) -> int:
    with core.db.read() as session:
        return session.scalars(
            select(PartnerApiToken.id).where(
                PartnerApiToken.organisation_id == organisation_id, PartnerApiToken.revoked_at.is_(None)
            )
        ).one()


def test_a_form_with_mistakes_is_shown_again_with_each_problem_and_adds_nothing(
    core: Intake, admin: tuple[FlaskClient, StaffUser]
) -> None:
    client, _ = admin
    refused = post_form(
        client,
        ADMIN_PAGE,
        {"name": "", "email_domains": "not a domain!", "agreement_review_date": ["31", "2", "2027"]},
    )
    assert refused.status_code == 400
    summary = text_of(refused).split("There is a problem", 1)[1][:400]
    for problem in (
        "Enter the name of the organisation",
        "Select the kind of organisation",
        "Enter email domains like advice.example.org, separated by commas",
        "The review date must be a real date, like 27 3 2027",
    ):
        assert problem in summary
    assert 'href="#agreement_review_date-day"' in refused.get_data(as_text=True)
    with core.db.read() as session:
        assert session.scalars(select(PartnerOrganisation)).all() == []


def test_an_address_outside_the_organisations_domains_is_refused_without_a_link(
    core: Intake, admin: tuple[FlaskClient, StaffUser]
) -> None:
    client, _ = admin
    organisation = make_organisation(core, name="Northside Surgery", domain="northside.example")
    refused = post_on(client, organisation, "users", {"name": "Pat", "email": "pat@elsewhere.example"})
    assert refused.status_code == 400
    assert "The address is not at one of Northside Surgery's email domains." in text_of(refused)
    assert 'id="invitation-link"' not in refused.get_data(as_text=True)
    assert "Nobody at this organisation has been invited yet." in text_of(refused)


def test_an_agreement_whose_review_date_has_passed_is_flagged(
    core: Intake, admin: tuple[FlaskClient, StaffUser]
) -> None:
    client, _ = admin
    core.clock = FixedClock(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    for name, review in (("Overdue Advice", date(2026, 11, 25)), ("Due Today Advice", date(2026, 11, 26))):
        partners.create_organisation(core, name=name, kind="advice_centre", actor="test", agreement_review_date=review)
    listed = text_of(client.get(ADMIN_PAGE))
    assert "Overdue Advice Advice centre Any None recorded 25 Nov 2026 Review overdue" in listed
    assert "Due Today Advice Advice centre Any None recorded 26 Nov 2026 0 0" in listed  # due today: not yet overdue


def test_case_and_triage_officers_are_refused_every_partner_admin_page_and_action(
    staff_app: Flask, intake: Intake
) -> None:
    """On the staff app with CSRF off, so a refusal can only come from the role."""
    organisation = make_organisation(intake)
    token = partners.issue_token(intake, organisation_id=organisation, actor="test")
    for role in ("case_officer", "triage_officer"):
        client, _ = client_for(staff_app, intake, role)
        assert client.get(ADMIN_PAGE).status_code == 403
        assert client.post(ADMIN_PAGE, data={"name": "Mine", "kind": "other"}).status_code == 403
        assert client.get(organisation_page(organisation)).status_code == 403
        for action in ("tokens", f"tokens/{token.token_id}/revoke", f"tokens/{token.token_id}/rotate", "users"):
            assert client.post(f"{organisation_page(organisation)}/{action}").status_code == 403
    assert partners.token_holder(intake, token.token) == TokenHolder(
        organisation, token.token_id, "Eastside Advice Centre"
    )
    with intake.db.read() as session:
        assert len(session.scalars(select(PartnerOrganisation)).all()) == 1
        assert len(session.scalars(select(PartnerApiToken)).all()) == 1


def test_a_button_pressed_without_the_pages_csrf_token_changes_nothing(
    core: Intake, admin: tuple[FlaskClient, StaffUser]
) -> None:
    client, _ = admin
    organisation = make_organisation(core)
    refused = client.post(f"{organisation_page(organisation)}/tokens")
    assert refused.status_code == 400 and "Something went wrong with that form" in text_of(refused)
    assert 'id="api-token"' not in refused.get_data(as_text=True)
    with core.db.read() as session:
        assert session.scalars(select(PartnerApiToken)).all() == []


def test_another_organisations_token_cannot_be_revoked_from_this_organisations_page(
    core: Intake, admin: tuple[FlaskClient, StaffUser]
) -> None:
    client, _ = admin
    ours = make_organisation(core)
    theirs = make_organisation(core, name="Westside Victim Support", domain="westside.example")
    token = partners.issue_token(core, organisation_id=theirs, actor="test")
    refused = post_on(client, ours, f"tokens/{token.token_id}/revoke")
    assert refused.status_code == 400 and "There is no such API token." in text_of(refused)
    assert partners.token_holder(core, token.token) == TokenHolder(theirs, token.token_id, "Westside Victim Support")


def test_without_the_partner_portal_nobody_is_invited(database_url: str, tmp_path: Path) -> None:
    """An app without the partner channel: the page says so instead of making a link nobody could use."""
    app = make_test_app(
        database_url, tmp_path, CHANNELS="channels.sms", WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False
    )
    core: Intake = app.extensions["intake"]
    try:
        user, secret = create_staff(core, "admin@landlord.example.org", "Admin", STAFF_PASSWORD, "admin")
        client = app.test_client()
        code = pyotp.TOTP(secret).now()
        client.post("/staff/sign-in", data={"email": user.email, "password": STAFF_PASSWORD, "code": code})
        organisation = make_organisation(core)
        shown = client.get(organisation_page(organisation))
        assert "The partner portal is not enabled on this service" in text_of(shown)
        invite = {"name": "Sam", "email": "sam@eastside.example"}
        refused = client.post(f"{organisation_page(organisation)}/users", data=invite)
        assert refused.status_code == 400
        assert "nobody could accept an invitation" in text_of(refused)
        assert "Nobody at this organisation has been invited yet." in text_of(refused)
    finally:
        empty_all_tables(core)
        core.db.dispose()


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("Eastside.example", "The domain eastside.example is already the email domain of Eastside Advice Centre."),
        ("westside.example, nhs.net", "The domain nhs.net is shared by many organisations, so it cannot be"),
        ("@GMAIL.com", "The domain gmail.com is shared by many organisations, so it cannot be"),
    ],
)
def test_a_domain_another_organisation_has_or_many_share_is_refused_on_the_page(
    core: Intake, admin: tuple[FlaskClient, StaffUser], typed: str, refusal: str
) -> None:
    """Policy 7.1: an email from a domain two organisations held went to the lower id's portal."""
    client, _ = admin
    make_organisation(core, "Eastside Advice Centre", "eastside.example")
    refused = post_form(client, ADMIN_PAGE, {"name": "Westside", "kind": "advice_centre", "email_domains": typed})
    assert refused.status_code == 400
    summary = text_of(refused).split("There is a problem", 1)[1][:400]
    assert refusal in summary
    assert 'href="#email_domains"' in refused.get_data(as_text=True)
    with core.db.read() as session:
        assert session.scalars(select(PartnerOrganisation.name)).all() == ["Eastside Advice Centre"]


@pytest.mark.parametrize("typed", ["Eastside Advice Centre", "  eastside ADVICE centre "])
def test_an_organisation_with_another_ones_name_is_refused_beside_the_name(
    core: Intake, admin: tuple[FlaskClient, StaffUser], typed: str
) -> None:
    """Two organisations of one name leave an admin guessing whose users and tokens they change."""
    client, _ = admin
    make_organisation(core, "Eastside Advice Centre", "eastside.example")
    refused = post_form(
        client, ADMIN_PAGE, {"name": typed, "kind": "advice_centre", "email_domains": "eastside-two.example"}
    )
    assert refused.status_code == 400
    summary = text_of(refused).split("There is a problem", 1)[1][:400]
    assert "There is already an organisation called Eastside Advice Centre." in summary
    assert 'href="#name"' in refused.get_data(as_text=True)
    beside_the_field = re.search(
        r'<p id="name-error" class="govuk-error-message">(.*?)</p>', refused.get_data(as_text=True), re.S
    )
    assert beside_the_field is not None and "There is already an organisation called" in beside_the_field[1]
    with core.db.read() as session:
        assert session.scalars(select(PartnerOrganisation.name)).all() == ["Eastside Advice Centre"]


def test_the_database_refuses_a_second_organisation_of_the_same_name_in_any_case(core: Intake) -> None:
    """Whatever page or command asks, the index on lower(name) keeps a name to one organisation."""
    make_organisation(core, "Eastside Advice Centre", "eastside.example")
    with pytest.raises(IntegrityError), core.db.begin() as session:
        session.add(PartnerOrganisation(name="EASTSIDE advice centre", kind="other", created_at=core.clock()))
    with core.db.read() as session:
        assert session.scalars(select(PartnerOrganisation.name)).all() == ["Eastside Advice Centre"]
