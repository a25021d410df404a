"""One account lifecycle for staff and partner users (issue 12 item 4): one password rule, one refusal."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from intake.accounts import staff_users as accounts
from intake.accounts.lifecycle import MIN_PASSWORD_LENGTH, Refused
from intake.context import Intake
from intake.partners import admin as partner_admin
from intake.partners import organisations as partners
from tests.partner.support import make_organisation
from tests.staff.conftest import make_staff


def test_staff_and_partner_invitations_refuse_a_short_password_in_the_same_words(
    staff_app: Flask, intake: Intake
) -> None:
    admin = make_staff(intake, "admin")
    staff_token = accounts.invite(intake, admin.user, "new.officer@example.org", "New Officer", "case_officer", 24)
    organisation_id = make_organisation(intake)
    partner = partners.invite_user(
        intake, organisation_id=organisation_id, email="worker@eastside.example", name="A Worker", actor="test"
    )
    short = "x" * (MIN_PASSWORD_LENGTH - 1)
    with pytest.raises(Refused) as staff_refusal:
        accounts.accept_invitation(intake, staff_token, short)
    with pytest.raises(Refused) as partner_refusal:
        partners.accept_invitation(intake, partner.token, short, "000000")
    assert str(staff_refusal.value) == str(partner_refusal.value) == "Choose a password of at least 12 characters."
    assert accounts.invitation(intake, staff_token) is not None  # a refused password leaves both links usable
    assert partners.pending_invitation(intake, partner.token) is not None


def test_partner_admin_commands_sit_with_the_staff_ones_and_make_no_link_nobody_could_use(
    staff_app: Flask, intake: Intake
) -> None:
    runner = staff_app.test_cli_runner()  # the staff pages and commands, without the partner channel
    created = runner.invoke(args=["create-partner-organisation", "--name=Northside GP Surgery", "--kind=gp_surgery"])
    assert created.exit_code == 0, created.output
    found = re.search(r"partner organisation (\d+) created", created.output)
    assert found is not None
    organisation_id = int(found.group(1))
    invited = runner.invoke(
        args=["invite-partner-user", f"--organisation={organisation_id}", "--email=gp@example.org", "--name=A GP"]
    )
    assert invited.exit_code == 1
    assert "The partner portal is not enabled on this service" in invited.output
    view = partner_admin.organisation(intake, organisation_id)
    assert view is not None and view.users == ()
