"""Every staff route declares who may use it; walking them all with every role proves it holds.

A partner user (signed in through the same login manager) and an anonymous visitor get
nothing from /staff.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from intake.accounts import signed_in
from intake.accounts.staff_users import invite
from intake.casework import decisions as services
from intake.context import Intake
from intake.credentials import register_user_loader
from intake.drafts import AttachmentDraft, SafetyFlags
from intake.partners import organisations as partners
from intake.staff.access import PUBLIC
from intake.vocabulary import Role
from tests.factories import submit
from tests.staff.conftest import client_for, make_staff, sign_in
from tests.staff.failed_support import fail_for_good

ROLES = [role.value for role in Role]


class PartnerLike:
    """A signed-in user of another kind, as the partner portal's users are."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    role = "manager"  # even a partner user calling itself a manager gets nothing

    def get_id(self) -> str:
        return "partner_like:1"


@pytest.fixture
def walk(staff_app: Flask, intake: Intake) -> Iterator[dict[str, Any]]:
    """A report with an attachment, a case with works and a pending decision, another account, an invitation,
    a partner organisation with an invited user and an API token, and a message and a picture that failed."""
    report = submit(
        intake,
        safety=SafetyFlags(graffiti_to_remove=True),
        attachments=(AttachmentDraft("photo.txt", b"a photo"),),
    )
    manager = make_staff(intake, "manager", "Walk Manager")
    services.accept_into_case(intake, manager.user, report.reference or "")
    services.request_category_change(
        intake,
        make_staff(intake, "case_officer", "Walk Officer").user,
        report.reference or "",
        "asb_standard",
        "proven_otherwise",
        "CCTV shows otherwise.",
    )
    spare = make_staff(intake, "triage_officer", "Spare Person")
    token = invite(intake, manager.user, "new.person@landlord.example.org", "New Person", "case_officer", 24)
    organisation_id = partners.create_organisation(
        intake, name="Walk Advice Centre", kind="advice_centre", actor="test"
    )
    partner_user = partners.invite_user(
        intake, organisation_id=organisation_id, email="worker@walk.example", name="Walk Worker", actor="test"
    )
    api_token = partners.issue_token(intake, organisation_id=organisation_id, actor="test")
    fail_for_good(intake, report.reference or "")  # the failed-deliveries page has rows to show
    with intake.db.read() as session:
        from intake.case_tables import CategoryDecision
        from intake.models import Attachment, Work
        from intake.reading.stored import InferredSignal

        values = {
            "reference": report.reference,
            "attachment_id": session.query(Attachment.id).scalar(),
            "work_id": session.query(Work.id).scalar(),
            "decision_id": session.query(CategoryDecision.id).scalar(),
            "staff_id": spare.id,
            "token": token,
            "organisation_id": organisation_id,
            "user_id": partner_user.user_id,
            "token_id": api_token.token_id,
            "inferred_id": session.query(InferredSignal.id).scalar() or 0,  # issue 11
            "hold_id": 1,  # issue 17: no such hold or request; managers get a form or a 404, others 403
            "request_id": 1,
            "key": "0" * 16,
        }
    yield values


@pytest.fixture(scope="module", autouse=True)
def partner_like_users(staff_app: Flask) -> None:
    """Another kind of user on the shared login manager, and a way to sign one in (before any request)."""
    register_user_loader("partner_like", lambda own_id: PartnerLike())
    staff_app.add_url_rule("/test/partner-like-sign-in", "partner_like_sign_in", _partner_sign_in)


def _partner_sign_in() -> str:
    signed_in.start(PartnerLike())
    return "signed in"


def staff_rules(app: Flask) -> list[Rule]:
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/staff")]
    return sorted(rules, key=lambda rule: rule.endpoint == "staff.sign_out")  # signing out last


def calls(app: Flask, values: dict[str, Any]) -> Iterator[tuple[Rule, str, str]]:
    for rule in staff_rules(app):
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule, method, url


def call(client: FlaskClient, method: str, url: str) -> tuple[int, str]:
    response = client.open(url, method=method, data={})
    return response.status_code, response.headers.get("Location", "")


def test_every_staff_route_declares_its_roles(staff_app: Flask) -> None:
    undeclared = [
        r.rule for r in staff_rules(staff_app) if not hasattr(staff_app.view_functions[r.endpoint], "staff_roles")
    ]
    assert undeclared == []
    assert len(staff_rules(staff_app)) >= 25


def test_anonymous_visitors_are_sent_to_sign_in_from_every_protected_route(
    staff_app: Flask, intake: Intake, walk: dict[str, Any]
) -> None:
    client = staff_app.test_client()
    for rule, method, url in calls(staff_app, walk):
        status, location = call(client, method, url)
        if staff_app.view_functions[rule.endpoint].staff_roles == PUBLIC:
            assert status < 500 and status != 403, (method, url, status)
        else:
            assert status == 302 and location.startswith("/staff/sign-in?next="), (method, url, status)


def test_a_partner_user_gets_nothing_from_any_staff_route(
    staff_app: Flask, intake: Intake, walk: dict[str, Any]
) -> None:
    client = staff_app.test_client()
    assert client.get("/test/partner-like-sign-in").status_code == 200
    for rule, method, url in calls(staff_app, walk):
        if staff_app.view_functions[rule.endpoint].staff_roles != PUBLIC:
            status, _ = call(client, method, url)
            assert status == 403, (method, url, status)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_the_routes_declared_for_it(
    staff_app: Flask, intake: Intake, walk: dict[str, Any], role: str
) -> None:
    client, _ = client_for(staff_app, intake, role)
    for rule, method, url in calls(staff_app, walk):
        roles = staff_app.view_functions[rule.endpoint].staff_roles
        status, location = call(client, method, url)
        if roles == PUBLIC:
            continue
        if role in roles:
            assert status < 500 and status != 403 and not location.startswith("/staff/sign-in?next="), (
                method,
                url,
                status,
            )
        else:
            assert status == 403, (role, method, url, status)


def _header_links(html: str) -> list[str]:
    """Every link in the page's header: the organisation's name, the service's name and the navigation
    (signing out is a posted button, so its form's action counts as a link)."""
    header = re.search(r'<header class="govuk-template__header">(.*?)</header>', html, re.S)
    assert header is not None, "the page has no header"
    return re.findall(r'<a [^>]*href="([^"]+)"', header[1]) + re.findall(r'<form [^>]*action="([^"]+)"', header[1])


@pytest.mark.parametrize("role", ROLES)
def test_every_header_link_a_role_sees_opens_for_that_role(staff_app: Flask, intake: Intake, role: str) -> None:
    """From the page signing in lands on, every header link (and every header link of the pages they
    open) answers 200 for that role; signing out, last, lands on the sign-in page."""
    client = staff_app.test_client()
    landed = sign_in(client, intake, make_staff(intake, role))
    to_visit, seen, sign_out = [landed.location], set[str](), "/staff/sign-out"
    while to_visit:
        url = to_visit.pop()
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, f"{role} followed a header link to {url}: {response.status_code}"
        links = _header_links(response.get_data(as_text=True))
        assert sign_out in links
        to_visit += [link for link in links if link not in {*seen, sign_out}]
    assert client.post(sign_out, follow_redirects=True).request.path == "/staff/sign-in"
