"""The partner API: token per organisation, idempotent retries, clear errors, status of own reports only."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import select

from intake.context import Intake
from intake.models import AuditEvent, Report
from intake.partners import organisations as partners
from intake.references import check_character
from tests.conftest import make_test_app
from tests.partner.support import API_REPORT, bearer, make_organisation
from tests.raw_items import raw_items

UNUSED_REFERENCE = f"HPG-2222-222{check_character('2222222')}"  # well-formed, valid, and no report has it


def _token(intake: Intake, organisation_id: int) -> str:
    return partners.issue_token(intake, organisation_id=organisation_id, actor="test").token


def test_a_partner_system_reports_on_a_victims_behalf_and_reads_its_status(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    organisation = make_organisation(partner_intake)
    token = _token(partner_intake, organisation)
    body = json.dumps(API_REPORT).encode()
    created = partner_client.post("/api/v1/reports", data=body, content_type="application/json", headers=bearer(token))
    assert created.status_code == 201
    reference = created.json["reference"]
    assert created.json["status"] == "new"

    status = partner_client.get(f"/api/v1/reports/{reference}", headers=bearer(token))
    assert status.status_code == 200
    assert status.json == {
        "reference": reference,
        "status": "new",
        "received_at": created.json["received_at"],
        "first_response_made": False,
    }
    with partner_intake.db.read() as session:
        report = session.scalars(select(Report)).one()
        assert (report.channel, report.reporter_role) == ("partner", "third_party")
        assert report.partner_organisation_id == organisation
        assert report.partner_case_reference == "VS/88"
        assert report.victim_aware_and_agrees == "yes"  # an Answer code since issue 19
        assert {(c.kind, c.given) for c in report.consents} == {
            ("contact", True),
            ("share_with_police", False),
            ("share_with_partners", True),
            ("multi_agency_panel", False),
        }
        assert [w.kind for w in report.works] == ["graffiti_removal"]  # policy 4.10
        victim = next(p for p in report.parties if p.role == "victim")
        assert (victim.phone, victim.safe_methods) == ("+447700900123", ["sms"])
    assert raw_items(partner_intake) == [body]


def test_a_retry_with_the_same_idempotency_key_makes_no_second_report(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    ours, theirs = make_organisation(partner_intake), make_organisation(partner_intake, "Westside", "westside.example")
    our_token, their_token = _token(partner_intake, ours), _token(partner_intake, theirs)
    headers = {**bearer(our_token), "Idempotency-Key": "case-88-attempt"}
    first = partner_client.post("/api/v1/reports", json=API_REPORT, headers=headers)
    again = partner_client.post("/api/v1/reports", json=API_REPORT, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["reference"] == first.json["reference"]

    # The same key from another organisation is that organisation's own, new report.
    other = partner_client.post(
        "/api/v1/reports", json=API_REPORT, headers={**bearer(their_token), "Idempotency-Key": "case-88-attempt"}
    )
    assert other.status_code == 201 and other.json["reference"] != first.json["reference"]
    with partner_intake.db.read() as session:
        assert len(session.scalars(select(Report)).all()) == 2


def test_no_token_a_wrong_token_or_a_revoked_token_is_refused(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    organisation = make_organisation(partner_intake)
    issued = partners.issue_token(partner_intake, organisation_id=organisation, actor="test")
    made = partner_client.post("/api/v1/reports", json=API_REPORT, headers=bearer(issued.token)).json["reference"]
    partners.revoke_token(partner_intake, token_id=issued.token_id, actor="test")

    for headers in ({}, bearer("hpt_not-a-real-token"), bearer(issued.token), {"Authorization": issued.token}):
        assert partner_client.post("/api/v1/reports", json=API_REPORT, headers=headers).status_code == 401
        refused = partner_client.get(f"/api/v1/reports/{made}", headers=headers)
        assert refused.status_code == 401
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
        assert made not in refused.get_data(as_text=True)
    with partner_intake.db.read() as session:
        assert len(session.scalars(select(Report)).all()) == 1


def test_a_rotated_token_stops_working_and_its_replacement_works(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    organisation = make_organisation(partner_intake)
    old = partners.issue_token(partner_intake, organisation_id=organisation, actor="test")
    new = partners.rotate_token(partner_intake, token_id=old.token_id, actor="test")
    assert partner_client.post("/api/v1/reports", json=API_REPORT, headers=bearer(old.token)).status_code == 401
    assert partner_client.post("/api/v1/reports", json=API_REPORT, headers=bearer(new.token)).status_code == 201
    with partner_intake.db.read() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions.count("partner_token_issued") == 2 and "partner_token_revoked" in actions


def test_another_organisations_reference_answers_as_one_that_does_not_exist(
    partner_client: FlaskClient, partner_intake: Intake
) -> None:
    ours, theirs = make_organisation(partner_intake), make_organisation(partner_intake, "Westside", "westside.example")
    our_token, their_token = _token(partner_intake, ours), _token(partner_intake, theirs)
    theirs_ref = partner_client.post("/api/v1/reports", json=API_REPORT, headers=bearer(their_token)).json["reference"]
    other = partner_client.get(f"/api/v1/reports/{theirs_ref}", headers=bearer(our_token))
    missing = partner_client.get(f"/api/v1/reports/{UNUSED_REFERENCE}", headers=bearer(our_token))
    assert other.status_code == missing.status_code == 404
    assert other.get_data() == missing.get_data()
    assert theirs_ref not in other.get_data(as_text=True)


def test_bad_requests_get_clear_errors_and_make_no_report(partner_client: FlaskClient, partner_intake: Intake) -> None:
    token = _token(partner_intake, make_organisation(partner_intake))
    headers = bearer(token)
    not_json = partner_client.post(
        "/api/v1/reports", data=b"{not json", content_type="application/json", headers=headers
    )
    assert not_json.status_code == 400 and not_json.json["error"] == "bad_json"
    a_list = partner_client.post("/api/v1/reports", json=[API_REPORT], headers=headers)
    assert a_list.status_code == 400
    form = partner_client.post("/api/v1/reports", data={"description": "x"}, headers=headers)
    assert form.status_code == 415

    invalid = {**API_REPORT, "victim_aware_and_agrees": "yes", "incident_types": ["shouting"], "colour": "red"}
    del invalid["consents"]
    refused = partner_client.post("/api/v1/reports", json=invalid, headers=headers)
    assert refused.status_code == 422
    fields = {problem["field"] for problem in refused.json["problems"]}
    assert {"victim_aware_and_agrees", "incident_types/0", "(body)"} <= fields
    assert any("consents" in problem["message"] for problem in refused.json["problems"])

    bad_key = partner_client.post("/api/v1/reports", json=API_REPORT, headers={**headers, "Idempotency-Key": "a key"})
    assert bad_key.status_code == 400 and bad_key.json["error"] == "bad_idempotency_key"
    with partner_intake.db.read() as session:
        assert session.scalars(select(Report)).all() == []


def test_the_api_is_rate_limited_per_organisation(database_url: str, tmp_path: Path, partner_intake: Intake) -> None:
    app = make_test_app(database_url, tmp_path, CHANNELS="channels.partner", PARTNER_API_RATE_LIMIT="2/minute")
    client = app.test_client()
    ours, theirs = make_organisation(partner_intake), make_organisation(partner_intake, "Westside", "westside.example")
    first, second = _token(partner_intake, ours), _token(partner_intake, ours)  # two systems, one organisation
    codes = [
        client.get(f"/api/v1/reports/{UNUSED_REFERENCE}", headers=bearer(t)).status_code for t in (first, second, first)
    ]
    assert codes == [404, 404, 429]
    limited = client.get(f"/api/v1/reports/{UNUSED_REFERENCE}", headers=bearer(second))
    assert limited.status_code == 429 and limited.json["error"] == "too_many_requests"
    other = client.get(f"/api/v1/reports/{UNUSED_REFERENCE}", headers=bearer(_token(partner_intake, theirs)))
    assert other.status_code == 404
    app.extensions["intake"].db.dispose()


def test_the_openapi_document_describes_exactly_the_routes_served(
    partner_client: FlaskClient,
) -> None:
    document = partner_client.get("/api/v1/openapi.json")
    assert document.status_code == 200 and document.json["openapi"].startswith("3.")
    documented = {f"/api/v1{path}".replace("{reference}", "<reference>") for path in document.json["paths"]}
    served = {
        rule.rule
        for rule in partner_client.application.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "partner_api.openapi_document"
    }
    assert documented == served
