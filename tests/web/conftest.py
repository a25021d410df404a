"""Fixtures for the public web form: an app with only the web channel, and a reporter that answers pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from intake.context import Intake
from tests.conftest import FixedClock, intake_of, make_test_app

# Limits high enough for a test run's many requests from one address (test_limits.py sets low ones).
WEB_SETTINGS = {
    "CHANNELS": "channels.web",
    "WEB_RATE_LIMIT": "100000 per minute",
    "WEB_SUBMIT_RATE_LIMIT": "1000/minute",
}


@pytest.fixture(scope="module")
def web_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    app = make_test_app(database_url, tmp_path_factory.mktemp("web"), **WEB_SETTINGS)
    yield app
    app.extensions["intake"].db.dispose()


@pytest.fixture
def web_intake(web_app: Flask) -> Iterator[Intake]:
    with intake_of(web_app) as core:
        yield core


@pytest.fixture
def web_clock(web_intake: Intake) -> FixedClock:
    """The web app's clock, set and moved by the test (the fixture above restores the real one)."""
    fixed = FixedClock(datetime(2026, 11, 26, 10, 0, tzinfo=UTC))
    web_intake.clock = fixed
    return fixed


@pytest.fixture
def reporter(web_app: Flask, web_intake: Intake) -> Reporter:
    return Reporter(web_app.test_client())


def parse(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


class Reporter:
    """A person filling in the form through the test client, as a browser would (CSRF tokens and all)."""

    def __init__(self, client: FlaskClient) -> None:
        """The reporter has pressed 'Start now', as every visit to the form begins."""
        self.client = client
        assert client.get("/report").status_code == 302

    def get(self, path: str, status: int = 200) -> BeautifulSoup:
        """Fetch a page, check its status, and return it parsed."""
        response = self.client.get(path)
        assert response.status_code == status, (path, response.status_code, response.location)
        return parse(response)

    def csrf_token(self, path: str) -> str:
        token = self.get(path).find("input", attrs={"name": "csrf_token"})
        assert token is not None, f"no CSRF token on {path}"
        return str(token["value"])

    def answer(self, slug: str, data: dict[str, Any] | None = None, **kw: Any) -> TestResponse:
        """Open a question page and submit ``data`` with the page's own CSRF token."""
        path = f"/report/{slug}"
        form = {"csrf_token": self.csrf_token(path), **(data or {})}
        return self.client.post(path, data=form, **kw)

    def answer_all(self, answers: list[tuple[str, dict[str, Any]]]) -> TestResponse | None:
        """Answer several pages in order, each of which must move on (a redirect); the last response."""
        response: TestResponse | None = None
        for slug, data in answers:
            response = self.answer(slug, data)
            assert response.status_code == 302, (slug, errors_of(parse(response)))
        return response

    def send(self) -> TestResponse:
        page = self.get("/report/check-your-answers")
        token = page.find("input", attrs={"name": "token"})
        assert token is not None
        csrf = page.find("input", attrs={"name": "csrf_token"})
        assert csrf is not None
        return self.client.post(
            "/report/check-your-answers", data={"csrf_token": csrf["value"], "token": token["value"]}
        )


def errors_of(page: BeautifulSoup) -> list[str]:
    """The messages in the GOV.UK error summary, as a reader sees them."""
    summary = page.select(".govuk-error-summary__list a")
    return [link.get_text(strip=True) for link in summary]


def field_error(page: BeautifulSoup) -> list[str]:
    """The messages shown by the fields themselves (without the visually hidden 'Error:')."""
    return [
        message.get_text(strip=True).removeprefix("Error:").strip() for message in page.select(".govuk-error-message")
    ]


VICTIM_ANONYMOUS = [
    ("who", {"role": "victim"}),
    ("what-happened", {"incident_types": ["verbal_abuse", "graffiti_or_literature"]}),
    ("why", {"characteristics": ["race", "religion"]}),
    ("when", {"occurred_on": ["", "", ""], "occurred_text": "Most evenings"}),
    ("where", {"where": "withheld"}),
    ("in-your-own-words", {"description": "They shouted at me and painted words on my door."}),
    ("anyone-hurt", {"answer": "no"}),
    ("children", {"answer": "no"}),
    ("unsafe-at-home", {"answer": "no"}),
    ("damage", {"answer": "no"}),
    ("graffiti", {"answer": "yes"}),
    ("person-responsible", {"known": ["dont_know"]}),
    ("photos-and-documents", {"action": "continue"}),
    ("contact", {"contact": "no"}),
    ("consent-police", {"answer": "yes"}),
    ("consent-partners", {"answer": "no"}),
    ("consent-panel", {"answer": "no"}),
]
