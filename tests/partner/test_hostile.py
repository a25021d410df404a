"""Hostile partner API requests on SQLite and PostgreSQL (issue 10, item 3): each one makes a report
(flagged for review where it had to be cleaned) or a clear 4xx with a JSON reason; never a 500."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from hypothesis import event, given
from hypothesis import strategies as st
from sqlalchemy import select

from intake.context import Intake
from intake.models import InboundItem, Report
from intake.partners import organisations as partners
from tests.hostile_input import HOSTILE, with_surrogates
from tests.partner.support import API_REPORT, bearer, make_organisation

TEXT_FIELDS = ("description", "occurred_text", "location", "postcode", "partner_case_reference")
VICTIM_FIELDS = ("name", "phone", "email", "address", "safe_times")
keys = st.one_of(st.none(), st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=260))


@pytest.fixture
def token(partner_intake: Intake) -> str:
    """One organisation and token for every example (a fixture runs once for all of them)."""
    return partners.issue_token(partner_intake, organisation_id=make_organisation(partner_intake), actor="test").token


@HOSTILE
@given(
    top=st.fixed_dictionaries({}, optional={field: with_surrogates for field in TEXT_FIELDS}),
    victim=st.fixed_dictionaries({}, optional={field: with_surrogates for field in VICTIM_FIELDS}),
    key=keys,
)
def test_every_hostile_api_report_is_stored_or_clearly_refused(
    partner_client: FlaskClient,
    partner_intake: Intake,
    token: str,
    top: dict[str, str],
    victim: dict[str, str],
    key: str | None,
) -> None:
    body = json.dumps({**API_REPORT, **top, "victim": {**API_REPORT["victim"], **victim}}).encode()  # type: ignore[dict-item]
    headers = {**bearer(token), **({"Idempotency-Key": key} if key is not None else {})}
    response = partner_client.post("/api/v1/reports", data=body, content_type="application/json", headers=headers)
    assert response.status_code in {200, 201} or 400 <= response.status_code < 500, response.status_code
    event(f"answered {response.status_code}")
    assert response.is_json  # every answer, a refusal too, says why in JSON
    if response.status_code in {200, 201}:
        with partner_intake.db.read() as session:
            report = session.scalar(select(Report).where(Report.reference == response.json["reference"]))
            assert report is not None
            event("a report flagged for review" if report.needs_review else "a report")
            assert session.scalar(select(InboundItem.id).where(InboundItem.report_id == report.id)) is not None
