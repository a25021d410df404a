"""Rows with a data key of their own (migration 0024): subject-access requests, accounts, partner invitations.

A subject-access request's details and every one-time-code secret are sealed under a key made for
their row, bound to the row's token: moved to another row they do not open, rotate-keys rewraps the
keys, signing in with a code works throughout, and encrypt-existing seals what was stored plain.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyotp
import pytest
from flask import Flask
from sqlalchemy import select, update

from config import ConfigError
from intake.accounts.staff_users import create_staff, sign_in
from intake.app import create_app
from intake.case_tables import StaffUser
from intake.context import Intake
from intake.credentials import SignIn
from intake.data_protection.protection_tables import SubjectAccessRequest
from intake.data_protection.sar_requests import open_request, view_request
from intake.partners import organisations as partners
from intake.partners.tables import PartnerInvitation, PartnerUser
from intake.sealing import SealBroken, is_sealed
from tests.conftest import FixedClock, encryption_keys_json, make_test_app, settings_for_tests
from tests.partner.support import PASSWORD as PARTNER_PASSWORD
from tests.partner.support import make_organisation, make_partner_user

PASSWORD = "a long staff password"
DETAILS = ("name", "phone", "email", "postcode")
KEY_COLUMNS = ("data_key", "data_key_kek_id", "data_key_kek_version")


def new_staff(intake: Intake, email: str, role: str = "manager") -> tuple[StaffUser, str]:
    return create_staff(intake, email, email.split("@")[0].title(), PASSWORD, role)


def new_request(intake: Intake, manager: StaffUser, name: str, phone: str, email: str, postcode: str) -> int:
    person = {"name": name, "phone": phone, "email": email, "postcode": postcode}
    return open_request(intake, manager, intake.clock().date(), **person)


def stored_row(intake: Intake, model: Any, row_id: int) -> dict[str, Any]:
    """The row's columns as the database holds them (sealed, where sealed)."""
    table = model.__table__
    with intake.db.read() as session:
        return dict(session.execute(select(table).where(table.c.id == row_id)).mappings().one())


def move(intake: Intake, model: Any, to_id: int, **values: Any) -> None:
    with intake.db.begin() as session:
        session.execute(update(model.__table__).where(model.__table__.c.id == to_id).values(**values))


def code_for(intake: Intake, secret: str) -> str:
    return pyotp.TOTP(secret).at(intake.clock())


def staff_signs_in(intake: Intake, user: StaffUser, secret: str) -> SignIn:
    return sign_in(intake, user.email, PASSWORD, code_for(intake, secret))[0]


def test_a_requests_details_are_sealed_under_its_own_key_and_read_in_clear(intake: Intake) -> None:
    manager, _ = new_staff(intake, "manager@landlord.example.org")
    request_id = new_request(intake, manager, "Sam Zanders", "+447700900321", "sam@example.org", "LS1 1AA")
    stored = stored_row(intake, SubjectAccessRequest, request_id)
    assert all(is_sealed(stored[column]) for column in DETAILS)
    assert stored["data_key"] and stored["seal_token"]
    subject = view_request(intake, manager, request_id).subject
    assert (subject.name, subject.phone, subject.email, subject.postcode) == (
        "Sam Zanders",
        "+447700900321",
        "sam@example.org",
        "LS1 1AA",
    )


@pytest.mark.parametrize("with_its_key", [False, True], ids=["value alone", "value and its wrapped key"])
def test_a_requests_details_moved_to_another_request_do_not_open(intake: Intake, with_its_key: bool) -> None:
    manager, _ = new_staff(intake, "manager@landlord.example.org")
    first = new_request(intake, manager, "Sam Zanders", "+447700900321", "sam@example.org", "LS1 1AA")
    second = new_request(intake, manager, "Ali Brook", "+447700900654", "ali@example.org", "M1 1AE")
    taken = stored_row(intake, SubjectAccessRequest, first)
    keys = {column: taken[column] for column in KEY_COLUMNS} if with_its_key else {}
    move(intake, SubjectAccessRequest, second, name=taken["name"], **keys)
    with pytest.raises(SealBroken):
        view_request(intake, manager, second)


@pytest.mark.parametrize("with_its_key", [False, True], ids=["value alone", "value and its wrapped key"])
def test_a_one_time_code_secret_moved_to_another_account_does_not_open(intake: Intake, with_its_key: bool) -> None:
    first, first_secret = new_staff(intake, "first@landlord.example.org")
    second, _ = new_staff(intake, "second@landlord.example.org")
    taken = stored_row(intake, StaffUser, first.id)
    assert is_sealed(taken["totp_secret"]) and first_secret not in taken["totp_secret"]
    keys = {column: taken[column] for column in KEY_COLUMNS} if with_its_key else {}
    move(intake, StaffUser, second.id, totp_secret=taken["totp_secret"], **keys)
    with pytest.raises(SealBroken):  # never a sign-in with someone else's secret
        staff_signs_in(intake, second, first_secret)
    assert staff_signs_in(intake, first, first_secret) is SignIn.OK


def test_a_partner_invitations_secret_is_sealed_and_moved_to_another_does_not_open(intake: Intake) -> None:
    organisation = make_organisation(intake)
    partners.invite_user(intake, organisation_id=organisation, email="a@eastside.example", name="A", actor="test")
    partners.invite_user(intake, organisation_id=organisation, email="b@eastside.example", name="B", actor="test")
    with intake.db.read() as session:
        first, second = session.scalars(select(PartnerInvitation.id).order_by(PartnerInvitation.id))
    taken = stored_row(intake, PartnerInvitation, first)
    assert is_sealed(taken["totp_secret"])
    move(intake, PartnerInvitation, second, totp_secret=taken["totp_secret"])
    with intake.db.read() as session, pytest.raises(SealBroken):
        _ = session.get_one(PartnerInvitation, second).totp_secret


def test_a_partner_user_signs_in_with_the_secret_of_their_invitation_sealed_under_their_own_key(intake: Intake) -> None:
    secret = make_partner_user(intake, make_organisation(intake), "amy@eastside.example")
    with intake.db.read() as session:
        user = session.scalars(select(PartnerUser)).one()
        invitation = session.scalars(select(PartnerInvitation)).one()
        stored_user, stored_invitation = user.totp_secret_sealed, invitation.totp_secret_sealed
    assert is_sealed(stored_user) and is_sealed(stored_invitation) and stored_user != stored_invitation
    outcome, _ = partners.sign_in(intake, "amy@eastside.example", PARTNER_PASSWORD, pyotp.TOTP(secret).now())
    assert outcome is SignIn.OK


def test_rotation_rewraps_requests_and_accounts_keys_and_a_code_still_signs_in_under_the_new_key_alone(
    intake: Intake, database_url: str, tmp_path: Path
) -> None:
    manager, secret = new_staff(intake, "manager@landlord.example.org")
    request_id = new_request(intake, manager, "Sam Zanders", "+447700900321", "sam@example.org", "LS1 1AA")
    partner_secret = make_partner_user(intake, make_organisation(intake), "amy@eastside.example")

    rotating_app = make_test_app(database_url, tmp_path, ENCRYPTION_KEYS=encryption_keys_json(("test", 2), ("test", 1)))
    result = rotating_app.test_cli_runner().invoke(args=["rotate-keys", "--batch", "1"])
    assert result.exit_code == 0, result.output
    assert "1 partner invitations, 1 partner users, 1 staff users, 1 subject access requests, " in result.output
    rotating_app.extensions["intake"].db.dispose()

    only_new_app = make_test_app(database_url, tmp_path, ENCRYPTION_KEYS=encryption_keys_json(("test", 2)))
    only_new: Intake = only_new_app.extensions["intake"]
    for model, row_id in ((StaffUser, manager.id), (SubjectAccessRequest, request_id)):
        assert stored_row(only_new, model, row_id)["data_key_kek_version"] == 2
    assert staff_signs_in(only_new, manager, secret) is SignIn.OK
    assert view_request(only_new, manager, request_id).subject.name == "Sam Zanders"
    outcome, _ = partners.sign_in(only_new, "amy@eastside.example", PARTNER_PASSWORD, pyotp.TOTP(partner_secret).now())
    assert outcome is SignIn.OK
    only_new.db.dispose()


def test_encrypt_existing_seals_plain_secrets_and_requests_and_they_still_work(
    app: Flask, intake: Intake, clock: FixedClock
) -> None:
    manager, secret = new_staff(intake, "manager@landlord.example.org")
    request_id = new_request(intake, manager, "Sam Zanders", "+447700900321", "sam@example.org", "LS1 1AA")
    no_key = {"seal_token": None, "data_key": None, "data_key_kek_id": None, "data_key_kek_version": None}
    plain = {"name": "Sam Zanders", "phone": "+447700900321", "email": "sam@example.org", "postcode": "LS1 1AA"}
    move(intake, StaffUser, manager.id, totp_secret=secret, **no_key)  # as stored before migration 0024
    move(intake, SubjectAccessRequest, request_id, **plain, **no_key)
    assert staff_signs_in(intake, manager, secret) is SignIn.OK  # a plain secret reads as it is
    assert view_request(intake, manager, request_id).subject.email == "sam@example.org"

    result = app.test_cli_runner().invoke(args=["encrypt-existing", "--batch", "1"])
    assert result.exit_code == 0, result.output
    assert "1 staff users and 1 subject access requests; none left in clear" in result.output
    assert is_sealed(stored_row(intake, StaffUser, manager.id)["totp_secret"])
    assert all(is_sealed(stored_row(intake, SubjectAccessRequest, request_id)[column]) for column in DETAILS)
    clock.advance(seconds=60)  # a later code: each code signs in once
    assert staff_signs_in(intake, manager, secret) is SignIn.OK
    assert view_request(intake, manager, request_id).subject.email == "sam@example.org"
    again = app.test_cli_runner().invoke(args=["encrypt-existing"])
    assert "0 staff users and 0 subject access requests" in again.output


def test_a_start_whose_keys_do_not_open_an_accounts_key_stops_in_one_line(
    intake: Intake, database_url: str, tmp_path: Path
) -> None:
    """With no report or case yet, the first account's key (the first admin's) is what start-up checks."""
    new_staff(intake, "admin@landlord.example.org", "admin")
    with pytest.raises(ConfigError) as raised:
        create_app(settings_for_tests(database_url, tmp_path, ENCRYPTION_KEYS=encryption_keys_json(("other", 1))))
    assert str(raised.value.code) == (
        "configuration error: ENCRYPTION_KEYS does not open the data keys in the database: "
        "key-encryption key test version 1 is not in ENCRYPTION_KEYS"
    )
