"""Issue 19 items 1 and 2 for partners: answers kept as said, and a partner's word is reported wishes.

A partner reports on the victim's behalf (policy 4.5): what it records of the victim's consent is
the victim's wishes as reported by a third party, consent given only when the victim knows and
agrees; otherwise "consent not known", never given. Both ways in round-trip through ``flask export``.
"""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient

from intake.context import Intake
from intake.partners import organisations as partners
from tests.partner.support import (
    API_REPORT,
    bearer,
    make_organisation,
    make_partner_user,
    page,
    report_on_behalf,
    sign_in,
)
from tests.roundtrip import assert_round_trip

NOT_KNOWN = "not_known"


def _api_report(client: FlaskClient, intake: Intake, body: dict[str, object]) -> str:
    token = partners.issue_token(intake, organisation_id=make_organisation(intake), actor="test").token
    headers = {**bearer(token), "Idempotency-Key": "answers-1"}
    created = client.post("/api/v1/reports", data=json.dumps(body), content_type="application/json", headers=headers)
    assert created.status_code == 201, created.get_data(as_text=True)
    return str(created.json["reference"])


def test_an_api_report_round_trips_every_answer_and_booleans_still_mean_yes_and_no(
    partner_app: Flask, partner_client: FlaskClient, partner_intake: Intake
) -> None:
    body = {
        **API_REPORT,
        "victim_aware_and_agrees": "not_sure",
        "safety": {"injury": "not_sure", "threat_to_life": "rather_not_say", "graffiti_to_remove": True},
        "responsible": {"lives_nearby": True, "is_tenant": False, "is_staff": "not_sure", "description": "Tall"},
        "consents": {
            "contact": True,
            "share_with_police": "not_sure",
            "share_with_partners": True,
            "multi_agency_panel": False,
        },
    }
    reference = _api_report(partner_client, partner_intake, body)
    assert_round_trip(
        partner_app,
        reference,
        {
            "reporter_role": "third_party",
            "victim_aware_and_agrees": "not_sure",
            "injury": "not_sure",
            "threat_to_life": "rather_not_say",
            "graffiti_to_remove": "yes",
            "children_affected": "no",  # left out: "not so", as the API has always said
            "responsible_lives_nearby": "yes",
            "responsible_is_tenant": "no",
            "responsible_is_staff": "not_sure",
            "responsible_known_to_victim": "not_asked",
            "responsible_description": "Tall",
            "partner_case_reference": "VS/88",
            "consents": {
                ("contact", False, NOT_KNOWN, "yes"),
                ("share_with_police", False, NOT_KNOWN, "not_sure"),
                ("share_with_partners", False, NOT_KNOWN, "yes"),
                ("multi_agency_panel", False, NOT_KNOWN, "no"),
            },
        },
    )


def test_an_api_report_whose_victim_knows_records_reported_wishes(
    partner_app: Flask, partner_client: FlaskClient, partner_intake: Intake
) -> None:
    reference = _api_report(partner_client, partner_intake, API_REPORT)  # booleans, as before issue 19
    assert_round_trip(
        partner_app,
        reference,
        {
            "victim_aware_and_agrees": "yes",
            "graffiti_to_remove": "yes",
            "consents": {
                ("contact", True, "reported_wishes", "yes"),
                ("share_with_police", False, "reported_wishes", "no"),
                ("share_with_partners", True, "reported_wishes", "yes"),
                ("multi_agency_panel", False, "reported_wishes", "no"),
            },
        },
    )


def test_a_portal_report_not_sure_the_victim_knows_round_trips_and_gives_no_consent(
    partner_app: Flask, partner_client: FlaskClient, partner_intake: Intake
) -> None:
    secret = make_partner_user(partner_intake, make_organisation(partner_intake), "amy@eastside.example")
    sign_in(partner_client, "amy@eastside.example", secret)
    form = page(partner_client, "/partner/reports/new")
    assert "I don&#39;t know" in form or "I don't know" in form
    reference = report_on_behalf(
        partner_client,
        victim_aware_and_agrees="not_sure",
        consent_share_with_police="not_sure",
        safety=["feels_unsafe_at_home"],
        responsible_known_to_victim="not_known",
        responsible_is_tenant="no",
    )
    assert_round_trip(
        partner_app,
        reference,
        {
            "victim_aware_and_agrees": "not_sure",
            "feels_unsafe_at_home": "yes",
            "injury": "no",  # asked as "is any of this true?" and not ticked
            "responsible_known_to_victim": "not_sure",
            "responsible_is_tenant": "no",
            "responsible_is_staff": "not_asked",
            "partner_case_reference": "EA-2291",
            "consents": {
                ("contact", False, NOT_KNOWN, "no"),
                ("share_with_police", False, NOT_KNOWN, "not_sure"),
                ("share_with_partners", False, NOT_KNOWN, "no"),
                ("multi_agency_panel", False, NOT_KNOWN, "yes"),
            },
        },
    )
