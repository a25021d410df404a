"""The OpenAPI 3 document served at ``/api/v1/openapi.json``, built from the schemas the API validates with."""

from __future__ import annotations

from typing import Any

from channels.partner import schema


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


def _error(description: str) -> dict[str, Any]:
    return _json("#/components/schemas/Error", description)


RATE_LIMITED = _error("Too many requests from your organisation; wait and retry with the same Idempotency-Key.")
UNAUTHORISED = _error("No bearer token, or one that is unknown or revoked.")

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Your own unique key for this report. Sending the same key again (a retry) returns the first "
        "report and creates nothing. Keys are scoped to your organisation."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"^[\x21-\x7e]+$"},
}

SUBMIT = {
    "operationId": "submitReport",
    "summary": "Report a hate incident on a victim's behalf",
    "parameters": [IDEMPOTENCY_KEY],
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ReportRequest"}}},
    },
    "responses": {
        "201": _json("#/components/schemas/ReportCreated", "The report was received; quote its reference."),
        "200": _json("#/components/schemas/ReportCreated", "A retry: this Idempotency-Key already made this report."),
        "400": _error("The body is not a JSON object, or the Idempotency-Key is malformed."),
        "401": UNAUTHORISED,
        "415": _error("The body is not sent as application/json."),
        "422": _error("The JSON does not match the schema; problems lists each field."),
        "429": RATE_LIMITED,
    },
}

STATUS = {
    "operationId": "reportStatus",
    "summary": "The status of one of your organisation's reports",
    "parameters": [{"name": "reference", "in": "path", "required": True, "schema": schema.REFERENCE}],
    "responses": {
        "200": _json("#/components/schemas/ReportStatus", "The report's status."),
        "401": UNAUTHORISED,
        "404": _error("No report of your organisation has this reference."),
        "429": RATE_LIMITED,
    },
}


def document(org_name: str) -> dict[str, Any]:
    """The whole OpenAPI document; the paths are those the API blueprint serves."""
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"{org_name}: report a hate incident on a victim's behalf",
            "version": "1.0.0",
            "description": "For partner agencies' case systems (policy 4.5). Ask the landlord for a token.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerToken": []}],
        "paths": {"/reports": {"post": SUBMIT}, "/reports/{reference}": {"get": STATUS}},
        "components": {
            "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "ReportRequest": schema.REPORT_REQUEST,
                "ReportCreated": schema.REPORT_CREATED,
                "ReportStatus": schema.REPORT_STATUS,
                "Error": schema.ERROR,
            },
        },
    }
