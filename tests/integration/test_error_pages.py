"""Errors outside a channel's own pages are calm pages in the service's layout, or JSON for the API."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_an_unknown_page_is_a_calm_404_with_the_emergency_number(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in page and "999" in page
    assert "govuk-generic-header" in page  # the service's own layout, not a bare error
    assert response.headers["Cache-Control"] == "no-store"


def test_an_unknown_api_address_answers_in_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json() == {"error": "Not Found"}


def test_a_wrong_method_is_explained_without_a_stack_trace(client: FlaskClient) -> None:
    response = client.post("/healthz")
    assert response.status_code == 405
    assert "Traceback" not in response.get_data(as_text=True)
