"""Partner users sign in as staff do: a code works once, every refusal reads alike, a stranger cannot
lock them out of their own browser, and signing out is a posted button."""

from __future__ import annotations

import pyotp
from flask.testing import FlaskClient

from intake.accounts.signed_in import KNOWN_BROWSER_COOKIE
from intake.context import Intake
from intake.credentials import MAX_FAILED_SIGN_INS
from intake.partners import admin as partner_admin
from intake.partners.tables import PartnerUser
from tests.conftest import FixedClock
from tests.partner.support import PASSWORD, make_organisation, make_partner_user, page, post_form, sign_in
from tests.staff.conftest import text_of

REFUSED = "The email address, password or code is not right"


def sign_in_with(client: FlaskClient, email: str, password: str, code: str) -> tuple[int, str]:
    """Post the sign-in form; its status and the words on the page that answers."""
    response = post_form(client, "/partner/sign-in", {"email": email, "password": password, "code": code})
    return response.status_code, text_of(response)


def fixed_clock(intake: Intake) -> FixedClock:
    """From now on the app's clock moves only when the test moves it (after invitations are accepted)."""
    clock = FixedClock(intake.clock())
    intake.clock = clock
    return clock


def test_a_one_time_code_signs_a_partner_user_in_once(partner_client: FlaskClient, partner_intake: Intake) -> None:
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    code = pyotp.TOTP(secret).now()
    assert sign_in_with(partner_client, "amy@eastside.example", PASSWORD, code)[0] == 302
    assert post_form(partner_client, "/partner/sign-out", {}).status_code == 302
    status, html = sign_in_with(partner_client, "amy@eastside.example", PASSWORD, code)  # the same code again
    assert status == 200 and REFUSED in html
    page(partner_client, "/partner/", status=302)


def test_a_disabled_partner_user_gets_the_answer_a_wrong_password_gets(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    organisation = make_organisation(partner_intake)
    secret = make_partner_user(partner_intake, organisation, "amy@eastside.example")
    with partner_intake.db.read() as session:
        user_id = session.query(PartnerUser.id).scalar()
    partner_admin.set_user_disabled(
        partner_intake, organisation_id=organisation, user_id=user_id, disabled=True, actor="test"
    )
    wrong = sign_in_with(partner_client, "amy@eastside.example", "not the password", pyotp.TOTP(secret).now())
    disabled = sign_in_with(partner_client, "amy@eastside.example", PASSWORD, pyotp.TOTP(secret).now())
    assert REFUSED in wrong[1]
    assert disabled == wrong


def test_the_portal_signs_out_by_a_posted_button_never_by_a_link(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    sign_in(partner_client, "amy@eastside.example", secret)
    reports = page(partner_client, "/partner/")
    assert 'action="/partner/sign-out"' in reports and 'href="/partner/sign-out"' not in reports
    page(partner_client, "/partner/sign-out")  # a link, or an image tag on another site, only shows the button
    assert partner_client.post("/partner/sign-out", data={}).status_code == 400  # no CSRF token: refused
    page(partner_client, "/partner/")
    assert post_form(partner_client, "/partner/sign-out", {}).status_code == 302
    page(partner_client, "/partner/", status=302)


def test_a_stranger_cannot_lock_a_partner_user_out_of_their_own_browser(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    clock = fixed_clock(partner_intake)
    code = pyotp.TOTP(secret)
    assert sign_in_with(partner_client, "amy@eastside.example", PASSWORD, code.at(clock()))[0] == 302
    assert partner_client.get_cookie(KNOWN_BROWSER_COOKIE) is not None
    post_form(partner_client, "/partner/sign-out", {})
    stranger = partner_client.application.test_client()
    for _ in range(MAX_FAILED_SIGN_INS):
        sign_in_with(stranger, "amy@eastside.example", "a guess", "123456")
    clock.advance(seconds=30)
    assert sign_in_with(stranger, "amy@eastside.example", PASSWORD, code.at(clock()))[0] == 200  # locked
    clock.advance(seconds=30)
    assert sign_in_with(partner_client, "amy@eastside.example", PASSWORD, code.at(clock()))[0] == 302


def test_refused_sign_ins_from_a_known_browser_are_limited_per_browser(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    """A known browser is spared the account's lock, so its own failures are counted instead."""
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    sign_in(partner_client, "amy@eastside.example", secret)
    post_form(partner_client, "/partner/sign-out", {})
    for _ in range(5):
        assert sign_in_with(partner_client, "amy@eastside.example", "a guess", "123456")[0] == 200
    assert sign_in_with(partner_client, "amy@eastside.example", "a guess", "123456")[0] == 429
    assert sign_in_with(partner_client.application.test_client(), "amy@eastside.example", "a guess", "1")[0] == 200
