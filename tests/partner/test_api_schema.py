"""Schemathesis generates requests from the published OpenAPI document and checks every answer against it.

With a valid token, valid and invalid requests alike must meet no server error, no undocumented
status, content type or header, and no response that does not match its schema.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from schemathesis import Case, GenerationMode

from intake.context import Intake
from intake.partners import organisations as partners
from tests.partner.support import bearer, make_organisation

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
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


def test_a_method_the_document_does_not_declare_answers_405_in_json_with_allow(
    partner_app: Flask, partner_client: FlaskClient
) -> None:
    """Schemathesis's unsupported-method check (``--checks all``): RFC 9110 asks for ``Allow`` on a 405."""
    document = partner_client.get("/api/v1/openapi.json").get_json()
    for template, operations in document["paths"].items():
        path = "/api/v1" + re.sub(r"\{[^}]+\}", "HPG-2222-2222", template.removeprefix("/api/v1"))
        declared = {method.upper() for method in operations if method.upper() in METHODS}
        for method in sorted(METHODS - declared):
            response = partner_client.open(path, method=method)
            assert (response.status_code, response.mimetype) == (405, "application/json"), (method, path)
            allowed = {part.strip() for part in response.headers.get("Allow", "").split(",")}
            assert declared <= allowed, (method, path, response.headers.get("Allow"))
