"""Sending a report: the answers become one report, once, and the answers are then gone."""

from __future__ import annotations

import io
import json

from flask import Flask

from intake.context import Intake
from intake.export import write_export
from tests.web.conftest import VICTIM_ANONYMOUS, Reporter, parse


def exported(intake: Intake) -> list[dict]:
    out = io.StringIO()
    write_export(intake, out, "json", include_contact=True)
    return json.loads(out.getvalue())


def test_an_anonymous_victim_report_is_triaged_with_graffiti_removal(reporter: Reporter, web_intake: Intake) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS)
    response = reporter.send()
    assert response.location == "/report/confirmation"
    page = reporter.get("/report/confirmation")
    reference = page.select_one(".app-reference").get_text(strip=True)
    [report] = exported(web_intake)
    assert report["reference"] == reference
    assert report["channel"] == "web" and report["reporter_role"] == "victim"
    assert report["characteristics"] == ["race", "religion"]
    assert report["incident_types"] == ["verbal_abuse", "graffiti_or_literature"]
    assert [work["kind"] for work in report["works"]] == ["graffiti_removal"]
    assert report["location"] is None and report["occurred_text"] == "Most evenings"
    assert [(c["kind"], c["party"], c["given"]) for c in report["consents"]] == [
        ("share_with_police", "victim", True),
        ("share_with_partners", "victim", False),
        ("multi_agency_panel", "victim", False),
    ]
    assert report["contacts"] == [
        {
            "role": "reporter",
            "anonymous": True,
            "name": None,
            "phone": None,
            "email": None,
            "address": None,
            "safe_methods": [],
            "safe_times": None,
            "message_safe": None,
            "named_person": None,
        }
    ]


def test_the_reference_is_shown_once_and_the_answers_are_cleared(reporter: Reporter, web_intake: Intake) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS)
    reporter.send()
    assert reporter.get("/report/confirmation").select_one(".app-reference") is not None
    again = reporter.client.get("/report/confirmation")
    assert again.status_code == 302 and again.location == "/"
    assert reporter.client.get_cookie("report_answers") is None
    with web_intake.db.read() as session:
        from channels.web.tables import WebFormAnswers

        assert session.query(WebFormAnswers).count() == 0


def test_sending_twice_with_the_same_token_makes_one_report(reporter: Reporter, web_intake: Intake) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS)
    page = reporter.get("/report/check-your-answers")
    form = {
        "csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"],
        "token": page.find("input", attrs={"name": "token"})["value"],
    }
    first = reporter.client.post("/report/check-your-answers", data=form)
    second = reporter.client.post("/report/check-your-answers", data=form)  # a double click
    assert first.location == second.location == "/report/confirmation"
    reporter.get("/report/confirmation")
    after_leaving = reporter.client.post("/report/check-your-answers", data=form)  # back button, then resend
    assert after_leaving.status_code in (200, 302)
    assert len(exported(web_intake)) == 1


def test_a_stale_token_sends_nothing(reporter: Reporter, web_intake: Intake) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS)
    page = reporter.get("/report/check-your-answers")
    csrf = page.find("input", attrs={"name": "csrf_token"})["value"]
    response = reporter.client.post("/report/check-your-answers", data={"csrf_token": csrf, "token": "forged"})
    assert response.location == "/report/check-your-answers"
    assert exported(web_intake) == []


def test_check_answers_lists_every_answer_with_a_change_link(reporter: Reporter) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS)
    page = reporter.get("/report/check-your-answers")
    rows = {
        row.select_one(".govuk-summary-list__key").get_text(strip=True): row.select_one(
            ".govuk-summary-list__value"
        ).get_text(" ", strip=True)
        for row in page.select(".govuk-summary-list__row")
    }
    assert rows["Reporting as"] == "It happened to me"
    assert rows["Why you think it happened"] == "Race, colour, ethnicity or nationality Religion or belief"
    assert rows["Where"] == "I'd rather not say"
    assert rows["Graffiti to remove"] == "Yes"
    assert rows["Can we contact you"] == "No, I want to stay anonymous"
    assert "Your name" not in rows  # not asked of an anonymous reporter
    links = [link["href"] for link in page.select(".govuk-summary-list__actions a")]
    assert "/report/why" in links and len(links) == len(rows)


def test_changing_an_answer_returns_to_check_answers(reporter: Reporter) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS)
    response = reporter.answer("why", {"characteristics": ["disability"]})
    assert response.location == "/report/check-your-answers"
    rows = parse(reporter.client.get("/report/check-your-answers")).get_text(" ")
    assert "Disability" in rows


def test_changing_to_give_contact_details_asks_the_new_questions(reporter: Reporter) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS)
    response = reporter.answer("contact", {"contact": "yes"})
    assert response.location == "/report/your-name"


def test_a_question_cannot_be_skipped_by_going_to_check_answers(web_app: Flask, reporter: Reporter) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS[:3])
    response = reporter.client.get("/report/check-your-answers")
    assert response.location == "/report/when"
