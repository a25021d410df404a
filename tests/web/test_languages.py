"""Issue 15: the form in the reporter's own language, chosen by them and kept with their answers; a report
made in Polish is acknowledged in Polish by email (a real aiosmtpd sink) and by text (the Twilio stand-in),
staff read "Polish, interpreter needed", and the export carries the language fields."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from email import message_from_bytes, policy
from typing import Any

import pytest
from flask import Flask

from intake.export import write_export
from tests.conftest import empty_all_tables, make_test_app
from tests.email.peers import Sink, start_sink
from tests.sms.conftest import ACCOUNT_SID, AUTH_TOKEN, OUR_NUMBER
from tests.sms.twilio_standin import TwilioStandIn
from tests.staff.conftest import client_for, page
from tests.web.conftest import VICTIM_ANONYMOUS, WEB_SETTINGS, Reporter, parse

MAIL_FROM = "reports@landlord.example"
PHONE = "07700 900982"


@pytest.fixture(scope="module")
def peers() -> Iterator[tuple[Sink, TwilioStandIn]]:
    sink, twilio = Sink(), TwilioStandIn(ACCOUNT_SID, AUTH_TOKEN).start()
    controller = start_sink(sink)
    sink.port = controller.port
    yield sink, twilio
    controller.stop()
    twilio.stop()


@pytest.fixture(scope="module")
def app(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, peers: tuple[Sink, TwilioStandIn]
) -> Iterator[Flask]:
    sink, twilio = peers
    flask_app = make_test_app(
        database_url,
        tmp_path_factory.mktemp("languages"),
        **{
            **WEB_SETTINGS,
            "CHANNELS": "channels.web,channels.email,channels.sms",
            "MAIL_FROM": MAIL_FROM,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": sink.port,
            "SMTP_SECURITY": "none",
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_API_BASE_URL": twilio.origin,
            "TWILIO_FROM_NUMBER": OUR_NUMBER,
        },
    )
    yield flask_app
    empty_all_tables(flask_app.extensions["intake"])
    flask_app.extensions["intake"].db.dispose()


@pytest.fixture(scope="module")
def staff_app(database_url: str, tmp_path_factory: pytest.TempPathFactory, app: Flask) -> Iterator[Flask]:
    """The staff pages on the same database (their sign-in is tested with CSRF off, as in tests/staff)."""
    flask_app = make_test_app(database_url, tmp_path_factory.mktemp("staff"), WTF_CSRF_ENABLED=False)
    yield flask_app
    flask_app.extensions["intake"].db.dispose()


@pytest.fixture
def clean(app: Flask, peers: tuple[Sink, TwilioStandIn]) -> Iterator[None]:
    yield
    empty_all_tables(app.extensions["intake"])
    peers[0].received.clear()
    peers[1].reset()


def polish_reporter(app: Flask) -> Reporter:
    client = app.test_client()
    assert client.get("/?lang=pl").status_code == 303
    return Reporter(client)


def contact_me(send: str) -> list[tuple[str, dict[str, Any]]]:
    """The victim's journey, contactable by text and email, in Polish with an interpreter."""
    before_contact = [step for step in VICTIM_ANONYMOUS if step[0] not in ("contact", "consent-police")]
    before_contact = [step for step in before_contact if not step[0].startswith("consent-")]
    return [
        *before_contact,
        ("contact", {"contact": "yes"}),
        ("your-name", {"name": "Ola"}),
        (
            "contact-methods",
            {
                "methods": ["sms", "email"],
                "phone": PHONE,
                "email": "ola@example.org",
                "contact_language": "pl",
                "interpreter": "spoken",
            },
        ),
        ("messages-safe", {"answer": "yes"}),
        ("send-reference", {"send": send}),
        ("consent-contact", {"answer": "yes"}),
        ("consent-police", {"answer": "yes"}),
        ("consent-partners", {"answer": "no"}),
        ("consent-panel", {"answer": "no"}),
    ]


def deliver(app: Flask) -> str:
    result = app.test_cli_runner().invoke(args=["deliver-outbox", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


def exported(app: Flask, fmt: str = "json") -> str:
    out = io.StringIO()
    write_export(app.extensions["intake"], out, fmt, include_contact=False)
    return out.getvalue()


def test_the_choice_is_kept_with_the_answers_and_the_url_carries_only_the_code(app: Flask, clean: None) -> None:
    client = app.test_client()
    chosen = client.get("/report/who?lang=ur")
    assert chosen.status_code == 303 and chosen.location == "/report/who"  # the code, then a clean address
    page_html = client.get("/report/who").get_data(as_text=True)
    assert '<html lang="ur" dir="rtl"' in page_html
    assert "بأي" not in page_html and "آپ کس حیثیت سے رپورٹ کر رہے ہیں؟" in page_html
    # Every language is offered in its own script, in the header of every page.
    names = [a.get_text() for a in parse(client.get("/report/who")).select(".app-header-languages a")]
    assert names == ["English", "Easy Read", "Polski", "Română", "ਪੰਜਾਬੀ", "العربية"]
    # An unknown code changes nothing.
    client.get("/report/who?lang=xx")
    assert '<html lang="ur"' in client.get("/report/who").get_data(as_text=True)


def test_accept_language_only_suggests(app: Flask, clean: None) -> None:
    client = app.test_client()
    start = parse(client.get("/", headers={"Accept-Language": "ro-RO,ro;q=0.9,en;q=0.5"}))
    assert start.html["lang"] == "en" and start.h1.get_text() == "Report a hate incident"
    suggestion = start.select_one(".app-suggested")
    assert suggestion["lang"] == "ro" and suggestion.a["href"] == "?lang=ro"
    assert suggestion.get_text(strip=True) == "Această pagină este disponibilă și în Română"


def test_the_start_page_says_where_a_translation_has_not_been_reviewed(app: Flask, clean: None) -> None:
    client = app.test_client()
    assert parse(client.get("/")).select_one(".app-unreviewed") is None  # English is the source
    client.get("/?lang=ar")
    notice = parse(client.get("/")).select_one(".app-unreviewed").get_text(" ", strip=True)
    assert "لم يراجع هذه الترجمة بعد شخص يتقن اللغة" in notice
    assert "This translation has not yet been checked by a fluent speaker." in notice


def test_errors_and_the_date_are_in_the_chosen_language(app: Flask, clean: None) -> None:
    reporter = polish_reporter(app)
    shown = parse(reporter.answer("who", {}))
    assert shown.select_one(".govuk-error-summary__title").get_text(strip=True) == "Wystąpił problem"
    assert (
        shown.select_one(".govuk-error-summary__list a").get_text(strip=True) == "Wybierz, kim jesteś w tym zgłoszeniu"
    )
    reporter.answer_all(VICTIM_ANONYMOUS[:3])
    wrong = parse(reporter.answer("when", {"occurred_on": ["31", "2", "2026"], "occurred_text": ""}))
    assert "Data musi być prawdziwa, na przykład 27 3 2026" in wrong.get_text()


@pytest.mark.parametrize("method", ["email", "sms"])
def test_a_report_made_in_polish_is_acknowledged_in_polish(
    app: Flask, peers: tuple[Sink, TwilioStandIn], clean: None, method: str
) -> None:
    sink, twilio = peers
    reporter = polish_reporter(app)
    reporter.answer_all(contact_me(method))
    check = reporter.get("/report/check-your-answers")
    assert "Polski" in check.get_text() and "Tak, tłumacza mojego języka" in check.get_text()
    reporter.send()
    reference = reporter.get("/report/confirmation").select_one(".app-reference").get_text(strip=True)
    assert deliver(app).startswith("sent 1,")
    if method == "email":
        (raw,) = sink.received
        sent = message_from_bytes(raw, policy=policy.default)
        assert sent["Subject"] == f"Twoje zgłoszenie do Housing Plus Group: numer referencyjny {reference}"
        body = sent.get_content()
        assert f"Twój numer referencyjny to {reference}." in body
        assert "Ktoś z naszego zespołu odpowie w ciągu jednego dnia roboczego." in body
        assert "They shouted" not in body  # never the report's content
    else:
        (text,) = twilio.sent
        assert text["To"] == "+447700900982"
        assert text["Body"].startswith(f"Housing Plus Group: dziękujemy. Twój numer referencyjny to {reference}.")
    [report] = json.loads(exported(app))
    assert (report["language"], report["contact_language"], report["interpreter"]) == ("pl", "pl", "spoken")
    assert report["description"] == "They shouted at me and painted words on my door."  # free text as written


def test_staff_see_polish_interpreter_needed_and_the_export_carries_it(
    app: Flask, staff_app: Flask, clean: None
) -> None:
    reporter = polish_reporter(app)
    reporter.answer_all(contact_me("none"))
    reporter.send()
    reference = reporter.get("/report/confirmation").select_one(".app-reference").get_text(strip=True)
    staff, _ = client_for(staff_app, staff_app.extensions["intake"], "triage_officer")
    assert "Polish, interpreter needed" in page(staff, "/staff/")
    assert "Made in Polish; contact in Polish, interpreter needed" in page(staff, f"/staff/reports/{reference}")
    [columns] = list(csv.DictReader(io.StringIO(exported(app, "csv"))))
    assert (columns["language"], columns["contact_language"], columns["interpreter"]) == ("pl", "pl", "spoken")


def test_an_english_report_with_a_bsl_interpreter_is_flagged_for_staff(
    app: Flask, staff_app: Flask, clean: None
) -> None:
    reporter = Reporter(app.test_client())
    steps = contact_me("none")
    steps = [
        (slug, {**data, "contact_language": "en", "interpreter": "bsl"}) if slug == "contact-methods" else (slug, data)
        for slug, data in steps
    ]
    reporter.answer_all(steps)
    reporter.send()
    staff, _ = client_for(staff_app, staff_app.extensions["intake"], "triage_officer")
    assert "English, British Sign Language interpreter needed" in page(staff, "/staff/")
    [report] = json.loads(exported(app))
    assert (report["language"], report["interpreter"]) == ("en", "bsl")
