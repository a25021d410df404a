"""Every response is confidential by default: not cached, not framed, a strict CSP."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_security_headers_are_on_every_response(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


def test_each_response_gets_a_new_nonce(client: FlaskClient) -> None:
    first = client.get("/healthz").headers["Content-Security-Policy"]
    second = client.get("/healthz").headers["Content-Security-Policy"]
    assert first != second


def test_assets_may_be_cached(client: FlaskClient) -> None:
    response = client.get("/assets/favicon.svg")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
