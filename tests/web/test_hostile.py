"""Hostile answers to the web form on SQLite and PostgreSQL (issue 10, item 3): every page either
moves on or says what to change (or answers 4xx), never a 500, and a sent form is always a report."""

from __future__ import annotations

from typing import Any

from flask import Flask
from hypothesis import event, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from intake.context import Intake
from intake.models import Report
from tests.hostile_input import HOSTILE, hostile_text
from tests.web.conftest import Reporter


def journey(answers: dict[str, str]) -> list[tuple[str, dict[str, Any]]]:
    """A victim giving contact details, with a hostile answer in every free-text field."""
    return [
        ("who", {"role": "victim"}),
        ("what-happened", {"incident_types": ["verbal_abuse"]}),
        ("why", {"characteristics": ["race"]}),
        ("when", {"occurred_on": ["", "", ""], "occurred_text": answers["occurred_text"]}),
        ("where", {"where": "address"}),
        ("address", {"address": answers["address"], "postcode": answers["postcode"]}),
        ("in-your-own-words", {"description": answers["description"]}),
        *[(slug, {"answer": "no"}) for slug in ("anyone-hurt", "children", "unsafe-at-home", "damage", "graffiti")],
        ("person-responsible", {"known": ["dont_know"]}),
        ("photos-and-documents", {"action": "continue"}),
        ("contact", {"contact": "yes"}),
        ("your-name", {"name": answers["name"]}),
        (
            "contact-methods",
            {
                "methods": ["email", "phone"],
                "email": answers["email"],
                "phone": answers["phone"],
                "safe_times": answers["safe_times"],
            },
        ),
        ("messages-safe", {"answer": "yes"}),
        ("send-reference", {"send": "email"}),
        *[
            (slug, {"answer": "no"})
            for slug in ("consent-contact", "consent-police", "consent-partners", "consent-panel")
        ],
    ]


CONSENT_PAGES = ("consent-contact", "consent-police", "consent-partners", "consent-panel")
# Each field at most as long as the form accepts (longer is refused on its page, tested in test_limits.py).
LIMITS = {"occurred_text": 500, "address": 500, "description": 10_000, "name": 200, "safe_times": 500}
answers_strategy = st.fixed_dictionaries(
    {
        **{field: hostile_text.map(lambda text, limit=limit: text[:limit]) for field, limit in LIMITS.items()},
        "postcode": st.one_of(st.just("LS1 1AA"), hostile_text.map(lambda text: text[:10])),
        "email": st.one_of(st.just("alex@example.org"), hostile_text.map(lambda text: text[:320])),
        "phone": st.one_of(st.just("07700 900982"), hostile_text.map(lambda text: text[:32])),
    }
)


@HOSTILE
@given(answers=answers_strategy)
def test_every_hostile_answer_moves_on_or_is_refused_clearly(
    web_app: Flask, web_intake: Intake, answers: dict[str, str]
) -> None:
    reporter = Reporter(web_app.test_client())  # a new person each time
    for slug, data in journey(answers):
        response = reporter.answer(slug, data)
        if response.status_code != 302:
            assert response.status_code == 200 or 400 <= response.status_code < 500, (slug, response.status_code)
            assert response.status_code != 200 or "govuk-error-summary" in response.get_data(as_text=True)
            event(f"refused on the {slug} page ({response.status_code})")
            return  # refused with a reason the person can act on
    before = _reports(web_intake)
    sent = reporter.send()
    assert sent.status_code in {200, 302}, sent.status_code
    assert _reports(web_intake) == before + 1
    event("a report")


def _reports(intake: Intake) -> int:
    with intake.db.read() as session:
        return session.scalar(select(func.count()).select_from(Report)) or 0
