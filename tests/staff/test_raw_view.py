"""Every report opens for staff (issue 10, item 2): the raw view of any email never fails.

Reports flagged ``needs_review`` are the ones a person must read, and their mail is the odd
mail: an unknown charset, a broken part, bytes that are no text. The raw view decodes with the
email channel's own forgiving rules and says what it could not decode.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from channels.email.ingest import EmailSettings, ingest
from channels.email.raw_view import readable_email
from intake.context import Intake
from intake.models import Report
from tests.email import corpus
from tests.staff.conftest import client_for, page

SHARED_CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "email"
SETTINGS = EmailSettings(max_bytes=25 * 1024 * 1024)


def every_message() -> Iterator[tuple[str, bytes]]:
    """Each message of ../shared/corpus/email and each one tests/email/corpus.py writes."""
    files = sorted(SHARED_CORPUS.glob("*.eml"))
    assert files, f"the shared email corpus is missing at {SHARED_CORPUS.resolve()}"
    for path in files:
        yield path.name, path.read_bytes()
    for name in dir(corpus):
        builder = getattr(corpus, name)
        if inspect.isfunction(builder) and builder.__module__ == corpus.__name__ and _builds_a_message(builder):
            made = builder()
            yield from made.items() if isinstance(made, dict) else [(name, made)]


def _builds_a_message(builder: object) -> bool:
    """The corpus's named messages: its builders that need no argument and return bytes."""
    signature = inspect.signature(builder)  # type: ignore[arg-type]
    required = [p for p in signature.parameters.values() if p.default is inspect.Parameter.empty]
    return not required and signature.return_annotation in {"bytes", "dict[str, bytes]"}


def test_every_emailed_report_opens_on_the_staff_report_page(staff_app: Flask, intake: Intake) -> None:
    for _, raw in every_message():
        ingest(intake, SETTINGS, raw)
    with intake.db.read() as session:
        references = list(session.scalars(select(Report.reference)))
        needing_review = list(session.scalars(select(Report.reference).where(Report.needs_review.is_(True))))
    assert len(references) > 50 and needing_review
    client, _ = client_for(staff_app, intake, "triage_officer")
    for reference in references:
        page(client, f"/staff/reports/{reference}")


def test_an_unknown_charset_is_shown_decoded_and_named(staff_app: Flask, intake: Intake) -> None:
    reference = ingest(intake, SETTINGS, corpus.unknown_charset()).submission.reference
    client, _ = client_for(staff_app, intake, "triage_officer")
    text = page(client, f"/staff/reports/{reference}")
    assert "They shouted at me café" in text
    assert "[unknown character set 'x-klingon-9': text decoded as UTF-8 with replacements]" in text


def test_the_raw_view_of_every_message_reads_without_failing() -> None:
    for name, raw in every_message():
        shown = readable_email(raw)
        assert "could not be read as email" not in shown, name


def test_bytes_that_are_no_text_are_named_not_shown() -> None:
    shown = readable_email(corpus.attachments())
    assert "Photos of the graffiti attached." in shown
    assert "[attachment not shown as text: 'étage photo.png', 70 bytes]" in shown
