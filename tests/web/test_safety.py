"""Safety on a shared device: answers only on the server, cleared on exit, on finishing and when idle;
a lost CSRF token or cleared answers never lose what was typed."""

from __future__ import annotations

import json

from flask import Flask

from channels.web.tables import WebFormAnswers
from intake.context import Intake
from tests.conftest import FixedClock
from tests.web.conftest import VICTIM_ANONYMOUS, Reporter, parse

SECRET_WORDS = "They shouted at me and painted words on my door."


def stored_answer_sets(intake: Intake) -> int:
    with intake.db.read() as session:
        return session.query(WebFormAnswers).count()


def test_answers_stay_on_the_server_never_in_the_cookie_or_url(reporter: Reporter, web_intake: Intake) -> None:
    response = reporter.answer_all(VICTIM_ANONYMOUS[:6])
    assert response is not None and SECRET_WORDS not in (response.location or "")
    cookie = reporter.client.get_cookie("report_answers")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert "shouted" not in cookie.value and len(cookie.value) >= 40
    with web_intake.db.read() as session:
        [row] = session.query(WebFormAnswers).all()
        assert row.id_hash != cookie.value  # only a hash of the id is stored
        assert "shouted" not in json.dumps(row.answers)  # sealed under a key only the cookie's id gives
    assert "shouted" not in str(reporter.client.get_cookie("session"))


def test_every_page_is_not_cached_and_has_the_exit_button(reporter: Reporter) -> None:
    for path in ["/", "/staying-safe-online", "/report/who"]:
        response = reporter.client.get(path)
        assert response.headers["Cache-Control"] == "no-store"
        page = parse(response)
        assert page.select_one(".govuk-exit-this-page a")["href"] == "/report/exit"
        assert page.select_one("a.govuk-js-exit-this-page-skiplink")["href"] == "/report/exit"


def test_exit_clears_the_answers_and_goes_to_a_neutral_site(reporter: Reporter, web_intake: Intake) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS[:6])
    assert stored_answer_sets(web_intake) == 1
    response = reporter.client.get("/report/exit")
    assert response.status_code == 302 and response.location == "https://www.bbc.co.uk/weather"
    assert "cookies" in response.headers["Clear-Site-Data"]
    assert reporter.client.get_cookie("report_answers") is None
    assert stored_answer_sets(web_intake) == 0
    assert reporter.client.get("/report").location == "/report/who"


def test_answers_idle_for_an_hour_are_cleared_on_the_next_visit(
    reporter: Reporter, web_intake: Intake, web_clock: FixedClock
) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS[:6])
    web_clock.advance(minutes=61)
    page = reporter.get("/report/anyone-hurt")
    assert page.select_one("h1").get_text(strip=True) == "Your answers were cleared"
    assert stored_answer_sets(web_intake) == 0
    assert reporter.client.get_cookie("report_answers") is None


def test_answers_in_use_are_kept_past_an_hour_in_total(
    reporter: Reporter, web_intake: Intake, web_clock: FixedClock
) -> None:
    for slug, data in VICTIM_ANONYMOUS[:6]:
        web_clock.advance(minutes=30)
        assert reporter.answer(slug, data).status_code == 302
    assert reporter.client.get("/report/check-your-answers").location == "/report/anyone-hurt"


def test_an_answer_typed_after_the_answers_expired_is_kept(reporter: Reporter, web_clock: FixedClock) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS[:5])
    token = reporter.csrf_token("/report/in-your-own-words")
    web_clock.advance(hours=2)
    response = reporter.client.post(
        "/report/in-your-own-words", data={"csrf_token": token, "description": SECRET_WORDS}
    )
    page = parse(response)
    assert response.status_code == 200
    assert page.select_one("textarea[name=description]").get_text() == SECRET_WORDS
    assert "we cleared your earlier answers" in page.select_one(".govuk-notification-banner").get_text()
    again = reporter.answer("in-your-own-words", {"description": SECRET_WORDS})
    assert again.location == "/report/who"  # the earlier questions are asked again


def test_a_csrf_failure_rerenders_the_page_with_the_answer_kept(web_app: Flask, web_intake: Intake) -> None:
    browser = web_app.test_client()
    response = browser.post("/report/in-your-own-words", data={"csrf_token": "stale", "description": SECRET_WORDS})
    assert response.status_code == 400
    page = parse(response)
    assert page.select_one("textarea[name=description]").get_text() == SECRET_WORDS
    assert "Your answer was not saved" in page.select_one(".govuk-notification-banner").get_text()
    fresh_token = page.select_one("input[name=csrf_token]")["value"]
    retry = browser.post("/report/in-your-own-words", data={"csrf_token": fresh_token, "description": SECRET_WORDS})
    assert retry.status_code == 302


def test_a_csrf_failure_on_sending_keeps_the_answers_and_sends_nothing(reporter: Reporter, web_intake: Intake) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS)
    token = reporter.get("/report/check-your-answers").select_one("input[name=token]")["value"]
    response = reporter.client.post("/report/check-your-answers", data={"csrf_token": "stale", "token": token})
    assert response.status_code == 400
    page = parse(response)
    assert "not sent yet" in page.select_one(".govuk-notification-banner").get_text()
    assert page.select_one("input[name=token]")["value"] == token
    assert stored_answer_sets(web_intake) == 1


def test_the_sweep_command_clears_only_idle_answers(web_app: Flask, web_intake: Intake, web_clock: FixedClock) -> None:
    Reporter(web_app.test_client()).answer_all(VICTIM_ANONYMOUS[:3])
    web_clock.advance(minutes=50)
    Reporter(web_app.test_client()).answer_all(VICTIM_ANONYMOUS[:3])
    web_clock.advance(minutes=20)
    result = web_app.test_cli_runner().invoke(args=["sweep-web-answers"])
    assert "cleared 1 idle sets of answers" in result.output
    assert stored_answer_sets(web_intake) == 1


def test_the_start_page_explains_the_service_and_emergency_numbers(reporter: Reporter) -> None:
    page = reporter.get("/")
    text = page.get_text(" ")
    assert page.select_one("h1").get_text(strip=True) == "Report a hate incident"
    assert "999" in text and "55" in text and "one working day" in text
    assert page.select_one("a[href='/staying-safe-online']") is not None
    assert page.select_one("a.govuk-button--start")["href"] == "/report"
