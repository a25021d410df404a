"""Subject access (issue 17): a victim's package holds both their reports and messages and no one
else's details; an alleged perpetrator's holds no reporter's, witness's or victim's details."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

from flask import Flask

from intake.casework.decisions import accept_into_case, link_to_case
from intake.context import Intake
from intake.data_protection.sar_draft import Draft
from intake.data_protection.sar_requests import (
    months_after,
    open_request,
    release_package,
    release_redaction,
    view_request,
)
from intake.drafts import Contact, ResponsiblePerson
from tests.conftest import FixedClock
from tests.factories import add, submit
from tests.staff.conftest import client_for, make_staff, page

VICTIM = Contact(name="Amina Okafor", phone="+447700900333", email="amina@example.net")
WITNESS = Contact(name="Bernard Lookwell", phone="+447700900444", email="bernard@example.net")
WORKER_EMAIL = "worker.jones@advice.example.org"
ACCUSED = "Colin Blamewright"


def _story(intake: Intake) -> None:
    manager = make_staff(intake, "manager", "Case Manager")
    web = submit(
        intake,
        channel="web",
        reporter_role="victim",
        reporter=VICTIM,
        description=f"{ACCUSED} shouted at me. Bernard Lookwell saw it, call him on 07700 900444",
        responsible=ResponsiblePerson(description=f"{ACCUSED} from number 4"),
    ).reference
    add(intake, web, text="He did it again today", channel="sms", sender=Contact(phone=VICTIM.phone))
    text = submit(
        intake,
        channel="sms",
        reporter_role="victim",
        reporter=Contact(phone=VICTIM.phone),
        description="Texting about the bins being kicked over",
    ).reference
    witness = submit(
        intake,
        channel="sms",
        reporter_role="witness",
        reporter=WITNESS,
        description=f"I saw {ACCUSED} shouting at Amina Okafor",
        responsible=ResponsiblePerson(description=ACCUSED),
    ).reference
    with intake.db.begin() as session:
        organisation_id = _partner(session)
    partner = submit(
        intake,
        channel="partner",
        reporter_role="third_party",
        reporter=Contact(name="Wendy Jones", email=WORKER_EMAIL),
        victim=VICTIM,
        description=f"Our client Amina Okafor was abused by {ACCUSED}; contact {WORKER_EMAIL}",
        partner_organisation_id=organisation_id,
    ).reference
    case = accept_into_case(intake, manager.user, web)
    for reference in (text, witness, partner):
        link_to_case(intake, manager.user, reference, case)


def _partner(session: object) -> int:
    from intake.models import PartnerOrganisation

    organisation = PartnerOrganisation(name="Eastside Advice", kind="advice_centre", created_at=datetime.now(UTC))
    session.add(organisation)  # type: ignore[attr-defined]
    session.flush()  # type: ignore[attr-defined]
    return organisation.id


def _package(intake: Intake, **details: str) -> tuple[bytes, str]:
    manager = make_staff(intake, "manager", "Subject Access Manager")
    request_id = open_request(intake, manager.user, date(2026, 11, 20), **details)
    package = release_package(intake, manager.user, request_id, lambda draft: _html(draft))
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert sorted(archive.namelist()) == ["subject-access.html", "subject-access.json"]
        readable = "\n".join(archive.read(name).decode() for name in archive.namelist())
    return package, readable


def _html(draft: Draft) -> str:
    return "<html>" + "".join(str(section.fields) + str(section.messages) for section in draft.sections) + "</html>"


def test_a_victims_package_has_both_channels_and_nobody_elses_details(intake: Intake, clock: FixedClock) -> None:
    _story(intake)
    package, readable = _package(intake, phone="07700 900333")
    assert "shouted at me" in readable and "Texting about the bins" in readable  # web and text
    assert "He did it again today" in readable  # their later message
    for other in ("Bernard", "Lookwell", "+447700900444", "07700 900444", "bernard@example.net", WORKER_EMAIL, "Wendy"):
        assert other not in readable and other.encode() not in package, other
    assert "I saw" not in readable  # the witness's own report is not the victim's


def test_the_alleged_perpetrators_package_names_no_reporter_witness_or_victim(
    intake: Intake, clock: FixedClock
) -> None:
    _story(intake)
    package, readable = _package(intake, name=ACCUSED)
    assert "from number 4" in readable  # what is held about them
    for other in (
        "Amina",
        "Okafor",
        "+447700900333",
        "07700 900333",
        "amina@example.net",
        "Bernard",
        "Lookwell",
        "+447700900444",
        "07700 900444",
        "bernard@example.net",
        WORKER_EMAIL,
        "Wendy",
        "witness",
        "victim",
    ):
        assert other not in readable and other.encode() not in package, other


def test_a_released_redaction_appears_with_its_reason_recorded(intake: Intake, clock: FixedClock) -> None:
    _story(intake)
    manager = make_staff(intake, "manager", "Reviewer")
    request_id = open_request(intake, manager.user, date(2026, 11, 20), phone="07700 900333")
    view = view_request(intake, manager.user, request_id)
    witness_name = next(r for r in view.draft.redactions if r.original == "Bernard Lookwell")
    release_redaction(intake, manager.user, request_id, witness_name.key, "He agreed in writing")
    package = release_package(intake, manager.user, request_id, _html)
    assert b"Bernard Lookwell" in package


def test_the_clock_is_one_calendar_month_extendable_by_two() -> None:
    assert months_after(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert months_after(date(2027, 3, 15), 1) == date(2027, 4, 15)
    assert months_after(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_only_managers_reach_the_pages(staff_app: Flask, intake: Intake, clock: FixedClock) -> None:
    for role in ("triage_officer", "case_officer", "admin"):
        client, _ = client_for(staff_app, intake, role)
        for url in ("/staff/retention", "/staff/retention/dry-run", "/staff/subject-access"):
            page(client, url, status=403)
    client, _ = client_for(staff_app, intake, "manager")
    assert "Fallen due" in page(client, "/staff/retention")
    assert "Open a request" in page(client, "/staff/subject-access")
