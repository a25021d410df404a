"""The partner API: partner case systems report on victims' behalf with a bearer token.

A token belongs to one organisation; it is checked on every request, and the organisation it
names is the only one whose reports the request can see. The raw JSON bytes are the inbound
item, under the organisation's own Idempotency-Key.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

import jsonschema_rs
from flask import Blueprint, Response, current_app, g, jsonify, request
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

from channels.partner import openapi, schema
from channels.partner.settings import current_settings
from channels.partner.translate import inbound, report_draft
from intake.public import (
    Outcome,
    TokenHolder,
    csrf,
    current_intake,
    limiter,
    partner_token_actor,
    partners,
    submit_report,
    with_error_headers,
)

api = Blueprint("partner_api", __name__, url_prefix="/api/v1")
csrf.exempt(api)  # token authentication, no cookies: CSRF cannot apply

_validator = jsonschema_rs.validator_for(schema.REPORT_REQUEST)
_KEY = re.compile(openapi.IDEMPOTENCY_KEY["schema"]["pattern"])  # type: ignore[index]


class ApiError(Exception):
    """An answer the API gives as JSON: a status, a code and a message fit for a developer."""

    def __init__(self, status: int, error: str, message: str, problems: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.status, self.error, self.message, self.problems = status, error, message, problems


def token_holder() -> TokenHolder | None:
    """Whose this request's bearer token is, checked once per request (one statement)."""
    if "partner_token_holder" not in g:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        valid = scheme.lower() == "bearer" and token.strip()
        g.partner_token_holder = partners.token_holder(current_intake(), token.strip()) if valid else None
    holder: TokenHolder | None = g.partner_token_holder
    return holder


def organisation_key() -> str:
    """Rate limits count per organisation (a shared office address must not throttle its neighbours)."""
    holder = token_holder()
    return f"partner-org:{holder.organisation_id}" if holder else f"partner-api-ip:{get_remote_address()}"


limiter.limit(lambda: current_settings().api_rate_limit, key_func=organisation_key)(api)


@api.get("/openapi.json")
@limiter.exempt
def openapi_document() -> Response:
    """The OpenAPI 3 description of this API, for partners' developers and their tools."""
    return jsonify(openapi.document(current_app.config["ORG_NAME"]))


@api.post("/reports")
def submit() -> tuple[Response, int]:
    """Report on a victim's behalf; a retry with the same Idempotency-Key returns the first report."""
    holder = _authenticated()
    body = _report_body()
    key = _idempotency_key()
    actor = partner_token_actor(holder.token_id)
    draft = report_draft(
        body,
        inbound(f"{holder.organisation_id}:{key}", request.get_data(), "application/json"),
        organisation_id=holder.organisation_id,
        organisation_name=holder.organisation_name,
        recorded_by=actor,
    )
    submission = submit_report(current_intake(), draft, actor=actor)
    assert submission.received_at is not None  # the report this key made, new or from the first try
    created = {
        "reference": submission.reference,
        "status": submission.status,
        "received_at": submission.received_at.isoformat(),
    }
    return jsonify(created), 200 if submission.outcome is Outcome.DUPLICATE else 201


@api.get("/reports/<reference>")
def status(reference: str) -> Response:
    """Status only: never the report's content, triage or staff notes."""
    holder = _authenticated()
    view = partners.view_own_report(
        current_intake(),
        organisation_id=holder.organisation_id,
        reference=reference,
        actor=partner_token_actor(holder.token_id),
    )
    if view is None:
        raise ApiError(404, "not_found", "No report of your organisation has this reference.")
    row = view.report
    return jsonify(
        reference=row.reference,
        status=row.status,
        received_at=row.received_at.isoformat(),
        first_response_made=row.first_response_made,
    )


@api.errorhandler(ApiError)
def api_error(error: ApiError) -> tuple[Response, int]:
    """Errors as the OpenAPI document's Error schema; 401 says which scheme to use."""
    body: dict[str, Any] = {"error": error.error, "message": error.message}
    if error.problems is not None:
        body["problems"] = error.problems
    response = jsonify(body)
    if error.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="partner API"'
    return response, error.status


@api.errorhandler(HTTPException)
def http_error(error: HTTPException) -> tuple[Response, int]:
    """Every other error under /api/v1 (a rate limit, a method not allowed) also answers in JSON."""
    code = error.code or 500
    response = jsonify(error=re.sub(r"\W+", "_", (error.name or "error").lower()), message=error.description or "")
    return with_error_headers(response, error), code


def _authenticated() -> TokenHolder:
    holder = token_holder()
    if holder is None:
        raise ApiError(401, "unauthorised", "Send your organisation's API token as 'Authorization: Bearer <token>'.")
    return holder


def _report_body() -> dict[str, Any]:
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the report as application/json.")
    try:
        body = json.loads(request.get_data())
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "bad_json", "The body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json", "The body must be a JSON object.")
    problems = [
        {"field": "/".join(str(part) for part in error.instance_path) or "(body)", "message": error.message}
        for error in _validator.iter_errors(body)
    ]
    if problems:
        raise ApiError(422, "invalid_report", "The report does not match the schema.", problems)
    return body


def _idempotency_key() -> str:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return "unkeyed:" + secrets.token_urlsafe(24)  # no retry safety asked for: every request is new
    if not (0 < len(key) <= 200 and _KEY.fullmatch(key)):
        raise ApiError(400, "bad_idempotency_key", "Idempotency-Key must be 1 to 200 visible ASCII characters.")
    return key
