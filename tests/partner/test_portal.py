"""The partner portal: invitation, sign-in, reporting on a victim's behalf, only ever the organisation's own reports."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from flask_login import UserMixin
from flask_login.utils import _create_identifier
from sqlalchemy import select

from channels.partner.forms import MAX_ATTACHMENT_MB, MAX_REPORT_MB
from intake import credentials as auth
from intake.context import Intake
from intake.credentials import register_user_loader
from intake.models import Attachment, AuditEvent, Consent, Message, Report
from intake.partners import admin as partner_admin
from intake.partners import organisations as partners
from intake.partners.tables import PartnerUser
from intake.references import check_character
from tests.conftest import FixedClock, make_test_app
from tests.partner.support import (
    API_REPORT,
    ON_BEHALF,
    PASSWORD,
    bearer,
    csrf_token,
    make_organisation,
    make_partner_user,
    page,
    post_form,
    report_on_behalf,
    sign_in,
)

UNUSED_REFERENCE = f"HPG-2222-222{check_character('2222222')}"


def _without_nonce(html: str) -> str:
    """A page as a person sees it: the per-response script nonce and the sign-out form's CSRF token
    (signed with the second it was made in) aside."""
    html = re.sub(r'nonce="[^"]*"', "", html)
    return re.sub(r'(name="csrf_token"[^>]*value=)"[^"]*"', r"\1", html)


def test_an_invited_user_sets_up_their_account_and_signs_in(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    organisation = make_organisation(partner_intake)
    invitation = partners.invite_user(
        partner_intake, organisation_id=organisation, email="Amy@Eastside.example", name="Amy", actor="test"
    )
    html = page(partner_client, f"/partner/invitation/{invitation.token}")
    assert "amy@eastside.example" in html and "Eastside Advice Centre" in html
    pending = partners.pending_invitation(partner_intake, invitation.token)
    assert pending is not None and " ".join(pending.totp_secret[i : i + 4] for i in range(0, 32, 4)) in html

    wrong = post_form(
        partner_client,
        f"/partner/invitation/{invitation.token}",
        {"password": PASSWORD, "confirm": PASSWORD, "code": "000000"},
    )
    assert wrong.status_code == 200 and "The code is not right" in wrong.get_data(as_text=True)
    accepted = post_form(
        partner_client,
        f"/partner/invitation/{invitation.token}",
        {"password": PASSWORD, "confirm": PASSWORD, "code": pyotp.TOTP(pending.totp_secret).now()},
    )
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith("/partner/sign-in")
    page(partner_client, f"/partner/invitation/{invitation.token}", status=404)  # used once, then never again

    sign_in(partner_client, "amy@eastside.example", pending.totp_secret)
    assert "Your organisation&#39;s reports" in page(partner_client, "/partner/")


def test_an_expired_or_replaced_invitation_cannot_be_used(partner_client: FlaskClient, partner_intake: Intake) -> None:
    clock = FixedClock(partner_intake.clock())
    partner_intake.clock = clock
    organisation = make_organisation(partner_intake)
    first = partners.invite_user(
        partner_intake, organisation_id=organisation, email="a@eastside.example", name="A", actor="t"
    )
    second = partners.invite_user(
        partner_intake, organisation_id=organisation, email="a@eastside.example", name="A", actor="t"
    )
    assert "cannot be used" in page(partner_client, f"/partner/invitation/{first.token}", status=404)
    page(partner_client, f"/partner/invitation/{second.token}")
    clock.advance(days=7, seconds=1)
    assert "cannot be used" in page(partner_client, f"/partner/invitation/{second.token}", status=404)
    page(partner_client, "/partner/invitation/not-a-token", status=404)


def test_an_invitation_cannot_be_used_once_the_person_is_disabled(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    organisation = make_organisation(partner_intake)
    invitation = partners.invite_user(
        partner_intake, organisation_id=organisation, email="left@eastside.example", name="Left", actor="t"
    )
    partner_admin.set_user_disabled(
        partner_intake, organisation_id=organisation, user_id=invitation.user_id, disabled=True, actor="t"
    )
    assert "cannot be used" in page(partner_client, f"/partner/invitation/{invitation.token}", status=404)
    assert partners.pending_invitation(partner_intake, invitation.token) is None


def test_an_invitation_only_goes_to_an_address_at_the_organisation(partner_intake: Intake) -> None:
    organisation = make_organisation(partner_intake)
    try:
        partners.invite_user(partner_intake, organisation_id=organisation, email="x@gmail.example", name="X", actor="t")
    except partners.PartnerError as error:
        assert "email domains" in str(error)
    else:
        raise AssertionError("an address outside the organisation's domains was invited")


def test_a_wrong_password_or_code_is_refused_alike_and_repeated_failures_lock(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    code = pyotp.TOTP(secret).now()
    attempts = [
        {"email": "amy@eastside.example", "password": "not the password", "code": code},
        {"email": "amy@eastside.example", "password": PASSWORD, "code": "123456" if code != "123456" else "654321"},
        {"email": "nobody@eastside.example", "password": PASSWORD, "code": code},
    ]
    for attempt in attempts:
        refused = post_form(partner_client, "/partner/sign-in", attempt)
        assert "The email address, password or code is not right" in refused.get_data(as_text=True)
    for _ in range(3):
        refused = post_form(partner_client, "/partner/sign-in", attempts[0])
    # Issue 10 changes the words: a locked account gets the answer a wrong password gets.
    assert "The email address, password or code is not right" in refused.get_data(as_text=True)
    still_locked = post_form(partner_client, "/partner/sign-in", {**attempts[0], "password": PASSWORD})
    assert "The email address, password or code is not right" in still_locked.get_data(as_text=True)
    page(partner_client, "/partner/", status=302)


def test_a_partner_reports_for_a_client_with_their_consents_and_sees_it_in_the_list(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    organisation = make_organisation(partner_intake)
    secret = make_partner_user(partner_intake, organisation, "amy@eastside.example")
    sign_in(partner_client, "amy@eastside.example", secret)
    reference = report_on_behalf(partner_client, safety=["feels_unsafe_at_home"])

    listing = page(partner_client, "/partner/")
    assert reference in listing and "EA-2291" in listing and "Received" in listing and "Not yet" in listing
    with partner_intake.db.read() as session:
        user = session.scalars(select(PartnerUser)).one()
        report = session.scalars(select(Report)).one()
        assert (report.reference, report.channel, report.reporter_role) == (reference, "partner", "third_party")
        assert (report.partner_organisation_id, report.partner_user_id) == (organisation, user.id)
        assert report.priority == "immediate"  # policy 4.4: feels unsafe at home
        assert report.description.endswith("Neighbours shouted racist abuse at my client on the stairs.")
        assert {(c.kind, c.given, c.recorded_by) for c in report.consents} == {
            ("contact", False, f"partner_user:{user.id}"),
            ("share_with_police", True, f"partner_user:{user.id}"),
            ("share_with_partners", False, f"partner_user:{user.id}"),
            ("multi_agency_panel", True, f"partner_user:{user.id}"),
        }
        victim = next(p for p in report.parties if p.role == "victim")
        assert victim.safe_methods == ["through_named_person"]  # contact only through the partner
        created = session.scalars(select(AuditEvent).where(AuditEvent.action == "report_created")).one()
        assert created.actor == f"partner_user:{user.id}"


def test_posting_the_same_form_twice_makes_one_report(partner_client: FlaskClient, partner_intake: Intake) -> None:
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    sign_in(partner_client, "amy@eastside.example", secret)
    html = page(partner_client, "/partner/reports/new")
    token = html.split('name="submission_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    first = report_on_behalf(partner_client, submission_token=token)
    again = report_on_behalf(partner_client, submission_token=token)
    assert first == again
    with partner_intake.db.read() as session:
        assert len(session.scalars(select(Report)).all()) == 1


def test_a_form_with_missing_answers_is_shown_again_with_its_errors(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    sign_in(partner_client, "amy@eastside.example", secret)
    response = post_form(partner_client, "/partner/reports/new", {"description": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in html
    assert "Select whether the victim knows and agrees" in html and "Enter what happened" in html
    assert "<title>Error: " in html


def test_a_partner_adds_a_message_and_withdraws_a_consent_on_its_own_report(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    sign_in(partner_client, "amy@eastside.example", secret)
    reference = report_on_behalf(partner_client)
    assert reference in page(partner_client, "/partner/")
    added = post_form(
        partner_client,
        f"/partner/reports/{reference}/messages",
        {"text": "It happened again last night."},
        form_page=f"/partner/reports/{reference}",
    )
    assert added.status_code == 302
    with partner_intake.db.read() as session:
        police = session.scalars(select(Consent).where(Consent.kind == "share_with_police")).one()
        assert [m.text for m in session.scalars(select(Message))] == ["It happened again last night."]
    html = page(partner_client, f"/partner/reports/{reference}")
    withdraw = f"/partner/reports/{reference}/consents/{police.id}/withdraw"
    assert partner_client.post(withdraw, data={"csrf_token": csrf_token(html)}).status_code == 302
    assert partner_client.post(withdraw, data={"csrf_token": csrf_token(html)}).status_code == 404  # once only
    with partner_intake.db.read() as session:
        police = session.get_one(Consent, police.id)
        assert police.withdrawn_at is not None and police.withdrawn_by.startswith("partner_user:")
        actions = set(session.scalars(select(AuditEvent.action)))
    assert {"message_added", "consent_withdrawn", "partner_report_viewed", "partner_reports_listed"} <= actions
    assert "Withdrawn" in page(partner_client, f"/partner/reports/{reference}")


def test_one_organisation_cannot_read_list_message_or_infer_anothers_reports(
    partner_app: Flask, partner_intake: Intake
) -> None:
    ours, theirs = partner_app.test_client(), partner_app.test_client()
    sign_in(
        ours,
        "amy@eastside.example",
        make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example"),
    )
    westside = make_organisation(partner_intake, "Westside Victim Support", "westside.example")
    sign_in(theirs, "bo@westside.example", make_partner_user(partner_intake, westside, "bo@westside.example"))
    their_reference = report_on_behalf(theirs)
    with partner_intake.db.read() as session:
        their_consent = session.scalars(select(Consent.id)).first()

    assert their_reference not in page(ours, "/partner/")
    theirs_page = ours.get(f"/partner/reports/{their_reference}")
    missing_page = ours.get(f"/partner/reports/{UNUSED_REFERENCE}")
    assert theirs_page.status_code == missing_page.status_code == 404
    assert _without_nonce(theirs_page.get_data(as_text=True)) == _without_nonce(missing_page.get_data(as_text=True))
    token = csrf_token(page(ours, "/partner/reports/new"))
    message = ours.post(
        f"/partner/reports/{their_reference}/messages",
        data={"csrf_token": token, "submission_token": "x" * 20, "text": "Trying."},
    )
    withdraw = ours.post(
        f"/partner/reports/{their_reference}/consents/{their_consent}/withdraw", data={"csrf_token": token}
    )
    assert message.status_code == withdraw.status_code == 404
    with partner_intake.db.read() as session:
        assert session.scalars(select(Message)).all() == []
        assert session.scalars(select(Consent).where(Consent.withdrawn_at.is_not(None))).all() == []


class _StaffUser(UserMixin):
    """A signed-in staff user as the staff accounts will load one (built elsewhere): not a partner user."""

    def get_id(self) -> str:
        return "staff:1"


def test_only_signed_in_partner_users_reach_the_portal(partner_client: FlaskClient, partner_intake: Intake) -> None:
    assert partner_client.get("/partner/").headers["Location"].endswith("/partner/sign-in")
    assert partner_client.get("/partner/reports/new").status_code == 302
    previous = auth._loaders.get("staff")  # restored below: the staff accounts register the real loader
    register_user_loader("staff", lambda user_id: _StaffUser())
    try:
        with partner_client.application.test_request_context(environ_base=partner_client.environ_base):
            identifier = _create_identifier()  # Flask-Login's "strong" session protection checks it
        with partner_client.session_transaction() as session:
            session.update({"_user_id": "staff:1", "_fresh": True, "_id": identifier})
            session.update({"signed_in_at": time.time(), "seen_at": time.time()})  # intake.accounts.signed_in
        for path in ("/partner/", "/partner/reports/new", "/partner/reports/HPG-2222-2222"):
            refused = partner_client.get(path)
            assert refused.status_code == 403 and "You cannot use this page" in refused.get_data(as_text=True)
    finally:
        if previous is None:
            auth._loaders.pop("staff", None)
        else:
            register_user_loader("staff", previous)


def test_portal_posts_are_rate_limited_per_organisation(
    database_url: str, tmp_path: Path, partner_intake: Intake
) -> None:
    app = make_test_app(database_url, tmp_path, CHANNELS="channels.partner", PARTNER_PORTAL_RATE_LIMIT="3/minute")
    organisation = make_organisation(partner_intake)
    first, second, other = app.test_client(), app.test_client(), app.test_client()
    sign_in(first, "amy@eastside.example", make_partner_user(partner_intake, organisation, "amy@eastside.example"))
    sign_in(second, "cal@eastside.example", make_partner_user(partner_intake, organisation, "cal@eastside.example"))
    report_on_behalf(first)
    # Two sign-ins were keyed by address; the organisation now has spent one of its three posts.
    report_on_behalf(second)
    report_on_behalf(first)
    assert post_form(second, "/partner/reports/new", {"description": "x"}).status_code == 429
    westside = make_organisation(partner_intake, "Westside", "westside.example")
    sign_in(other, "bo@westside.example", make_partner_user(partner_intake, westside, "bo@westside.example"))
    report_on_behalf(other)
    app.extensions["intake"].db.dispose()


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 64


def test_a_partner_attaches_evidence_within_the_size_limits(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    sign_in(partner_client, "amy@eastside.example", secret)
    html = page(partner_client, "/partner/reports/new")
    fields = {**ON_BEHALF, "csrf_token": csrf_token(html), "submission_token": "one-upload"}
    sent = partner_client.post(
        "/partner/reports/new", data={**fields, "attachments": [(io.BytesIO(PNG), "stairs.png")]}
    )
    assert sent.status_code == 302
    with partner_intake.db.read() as session:
        stored = session.scalars(select(Attachment)).one()
        assert (stored.filename, stored.content_type, stored.size) == ("stairs.png", "image/png", len(PNG))

    too_big = io.BytesIO(b"\x00" * (MAX_ATTACHMENT_MB * 1024 * 1024 + 1))
    refused = partner_client.post("/partner/reports/new", data={**fields, "attachments": [(too_big, "video.mp4")]})
    assert refused.status_code == 200 and f"Each file must be {MAX_ATTACHMENT_MB} MB or less" in refused.get_data(
        as_text=True
    )
    huge = io.BytesIO(b"\x00" * (MAX_REPORT_MB * 1024 * 1024 + 1))
    assert partner_client.post("/partner/reports/new", data={**fields, "attachments": [(huge, "x")]}).status_code == 413
    with partner_intake.db.read() as session:
        assert len(session.scalars(select(Report)).all()) == 1


def test_an_empty_message_is_shown_again_with_its_error(partner_client: FlaskClient, partner_intake: Intake) -> None:
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    sign_in(partner_client, "amy@eastside.example", secret)
    reference = report_on_behalf(partner_client)
    response = post_form(
        partner_client,
        f"/partner/reports/{reference}/messages",
        {"text": ""},
        form_page=f"/partner/reports/{reference}",
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Enter your message" in html and "<title>Error: " in html


def test_signing_out_ends_the_session_and_is_audited(partner_client: FlaskClient, partner_intake: Intake) -> None:
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    sign_in(partner_client, "amy@eastside.example", secret)
    assert post_form(partner_client, "/partner/sign-out", {}).status_code == 302
    assert partner_client.get("/partner/").status_code == 302
    with partner_intake.db.read() as session:
        assert "partner_signed_out" in session.scalars(select(AuditEvent.action)).all()


def test_a_consent_staff_recorded_is_neither_shown_to_the_partner_nor_withdrawable(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    """Policy 5.2 to 5.4, 7.1: what the victim told the landlord is not the partner's to see or undo."""
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    sign_in(partner_client, "amy@eastside.example", secret)
    reference = report_on_behalf(partner_client)
    with partner_intake.db.begin() as session:
        report = session.scalars(select(Report).where(Report.reference == reference)).one()
        ours = {consent.id for consent in report.consents}
        staffs = Consent(
            report_id=report.id,
            party_role="victim",
            kind="multi_agency_panel",
            given=True,
            recorded_at=report.received_at,
            recorded_by="staff:7",
        )
        session.add(staffs)
        session.flush()
        staff_consent = staffs.id
    html = page(partner_client, f"/partner/reports/{reference}")
    shown = {int(found) for found in re.findall(r"/consents/(\d+)/withdraw", html)}
    assert staff_consent not in shown and shown <= ours and shown
    forged = partner_client.post(
        f"/partner/reports/{reference}/consents/{staff_consent}/withdraw", data={"csrf_token": csrf_token(html)}
    )
    missing = partner_client.post(
        f"/partner/reports/{reference}/consents/999999/withdraw", data={"csrf_token": csrf_token(html)}
    )
    assert forged.status_code == missing.status_code == 404
    with partner_intake.db.read() as session:
        assert session.get_one(Consent, staff_consent).withdrawn_at is None


def test_consents_the_organisations_api_token_recorded_are_shown_in_its_portal(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    organisation = make_organisation(partner_intake)
    secret = make_partner_user(partner_intake, organisation, "amy@eastside.example")
    issued = partners.issue_token(partner_intake, organisation_id=organisation, actor="test")
    sent = partner_client.post("/api/v1/reports", json=API_REPORT, headers=bearer(issued.token))
    assert sent.status_code == 201
    sign_in(partner_client, "amy@eastside.example", secret)
    html = page(partner_client, f"/partner/reports/{sent.get_json()['reference']}")
    with partner_intake.db.read() as session:
        given = set(session.scalars(select(Consent.id).where(Consent.given.is_(True))))
    assert {int(found) for found in re.findall(r"/consents/(\d+)/withdraw", html)} == given
