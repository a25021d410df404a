"""Schemathesis generates requests from the published OpenAPI document and checks every answer against it.

With a valid token, valid and invalid requests alike must meet no server error, no undocumented
status, content type or header, and no response that does not match its schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, GenerationMode

from intake import partners
from intake.context import Intake
from tests.partner.support import bearer, make_organisation

EXAMPLES = 60  # per generation mode: enough to reach every field, bounded to seconds


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_answers_as_its_openapi_document_says(
    partner_app: Flask, partner_intake: Intake, mode: GenerationMode
) -> None:
    organisation = make_organisation(partner_intake)
    token = partners.issue_token(partner_intake, organisation_id=organisation, actor="test").token
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", partner_app)

    @given(case=schema.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def answers_as_documented(case: Case) -> None:
        case.call_and_validate(headers=bearer(token))

    answers_as_documented()
