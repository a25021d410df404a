"""Photos and documents: several per report, each size-capped, typed by content not name, held until sent."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask

from intake.blob_store import FolderStore
from intake.context import Intake
from intake.sealing.files import file_names
from tests.conftest import FixedClock, make_test_app
from tests.web.conftest import VICTIM_ANONYMOUS, WEB_SETTINGS, Reporter, errors_of, parse
from tests.web.files import PDF, WINDOWS_PROGRAM, png
from tests.web.test_sending import exported

BEFORE_UPLOAD = VICTIM_ANONYMOUS[:12]
AFTER_UPLOAD = VICTIM_ANONYMOUS[13:]


def upload(reporter: Reporter, *files: tuple[bytes, str], action: str = "add", **extra: str):
    data = {"csrf_token": reporter.csrf_token("/report/photos-and-documents"), "action": action, **extra}
    data["files"] = [(io.BytesIO(content), name) for content, name in files]
    return reporter.client.post("/report/photos-and-documents", data=data, content_type="multipart/form-data")


def listed(reporter: Reporter) -> list[str]:
    page = reporter.get("/report/photos-and-documents")
    return [key.get_text(" ", strip=True) for key in page.select(".govuk-summary-list__key")]


def test_several_files_are_held_and_sent_with_the_report(reporter: Reporter, web_intake: Intake) -> None:
    reporter.answer_all(BEFORE_UPLOAD)
    assert upload(reporter, (png(), "door.png"), (PDF, "letter.pdf")).status_code == 302
    assert upload(reporter, (png(b"\x00\x00\xff"), "wall.png"), action="continue").location == "/report/contact"
    assert listed(reporter) == ["door.png (PNG, 1 KB)", "letter.pdf (PDF, 1 KB)", "wall.png (PNG, 1 KB)"]
    reporter.answer_all(AFTER_UPLOAD)
    reporter.send()
    [report] = exported(web_intake)
    assert [(a["filename"], a["content_type"]) for a in report["attachments"]] == [
        ("door.png", "image/png"),
        ("letter.pdf", "application/pdf"),
        ("wall.png", "image/png"),
    ]


def test_a_program_named_like_a_photo_is_refused(reporter: Reporter, web_intake: Intake) -> None:
    reporter.answer_all(BEFORE_UPLOAD)
    response = upload(reporter, (WINDOWS_PROGRAM, "photo.jpg"), (png(), "real.png"))
    page = parse(response)
    assert response.status_code == 200
    assert errors_of(page) == [
        "photo.jpg must be a photo (JPG, PNG, GIF, WEBP or HEIC), a PDF, a text or Word file, "
        "a video (MP4 or MOV) or a recording"
    ]
    assert page.title.get_text().startswith("Error: ")
    assert listed(reporter) == ["real.png (PNG, 1 KB)"]


def test_a_file_over_the_size_cap_is_refused_with_the_limit(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path, **WEB_SETTINGS, WEB_UPLOAD_MAX_FILE_MB=1)
    reporter = Reporter(app.test_client())
    reporter.answer_all(BEFORE_UPLOAD)
    big = png() + b"\x00" * (1024 * 1024)
    assert errors_of(parse(upload(reporter, (big, "huge.png")))) == ["huge.png must be smaller than 1 MB"]
    assert listed(reporter) == []
    app.extensions["intake"].db.dispose()


def test_no_more_than_the_file_limit_are_held(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path, **WEB_SETTINGS, WEB_UPLOAD_MAX_FILES=2)
    reporter = Reporter(app.test_client())
    reporter.answer_all(BEFORE_UPLOAD)
    response = upload(reporter, (png(b"\x01\x01\x01"), "a.png"), (png(b"\x02\x02\x02"), "b.png"), (PDF, "c.pdf"))
    assert errors_of(parse(response)) == ["c.pdf was not added: you can add up to 2 files"]
    assert len(listed(reporter)) == 2
    app.extensions["intake"].db.dispose()


def test_a_request_over_the_limit_gets_a_clear_page_not_a_bare_413(database_url: str, tmp_path: Path) -> None:
    app = make_test_app(database_url, tmp_path, **WEB_SETTINGS, WEB_REQUEST_MAX_MB=1)
    reporter = Reporter(app.test_client())
    reporter.answer_all(BEFORE_UPLOAD)
    response = upload(reporter, (b"\x00" * (2 * 1024 * 1024), "video.mp4"))
    assert response.status_code == 413
    page = parse(response)
    assert page.select_one("h1").get_text(strip=True) == "The files you chose are too big"
    assert page.select_one("main a.govuk-button")["href"] == "/report/photos-and-documents"
    # the earlier answers are kept: the form resumes at the upload page
    assert reporter.client.get("/report/check-your-answers").location == "/report/photos-and-documents"
    app.extensions["intake"].db.dispose()


def test_a_long_account_is_not_refused_by_the_form_memory_limit(reporter: Reporter) -> None:
    reporter.answer_all(VICTIM_ANONYMOUS[:5])
    assert reporter.answer("in-your-own-words", {"description": "ü" * 10_000}).status_code == 302


def held_on_disk(intake: Intake, content: bytes) -> bool:
    """Whether any copy of these bytes is on disk, held by a form or kept with a report."""
    digest = file_names(intake.keyring, content)[0]
    folder = intake.attachments.blobs
    assert isinstance(folder, FolderStore)  # the embedded default
    return any(path.name == digest for path in folder.root.rglob("*"))


def test_a_held_file_can_be_removed_and_is_deleted(reporter: Reporter, web_intake: Intake) -> None:
    reporter.answer_all(BEFORE_UPLOAD)
    wrong, right = png(b"\x03\x03\x03"), png(b"\x05\x05\x05")
    upload(reporter, (wrong, "wrong.png"), (right, "right.png"))
    assert held_on_disk(web_intake, wrong) and held_on_disk(web_intake, right)
    response = upload(reporter, remove="0")
    assert response.status_code == 302
    assert listed(reporter) == ["right.png (PNG, 1 KB)"]
    assert not held_on_disk(web_intake, wrong) and held_on_disk(web_intake, right)


def test_files_are_deleted_when_the_reporter_leaves(reporter: Reporter, web_intake: Intake) -> None:
    reporter.answer_all(BEFORE_UPLOAD)
    photo = png(b"\x04\x04\x04")
    upload(reporter, (photo, "door.png"))
    reporter.client.get("/report/exit")
    assert not held_on_disk(web_intake, photo)


def test_a_file_a_sent_report_holds_is_kept_when_someone_else_leaves(
    web_app: Flask, reporter: Reporter, web_intake: Intake
) -> None:
    photo = png(b"\x06\x06\x06")
    reporter.answer_all(BEFORE_UPLOAD)
    upload(reporter, (photo, "door.png"), action="continue")
    reporter.answer_all(AFTER_UPLOAD)
    reporter.send()
    other = Reporter(web_app.test_client())
    other.answer_all(BEFORE_UPLOAD)
    upload(other, (photo, "same.png"))
    other.client.get("/report/exit")
    assert held_on_disk(web_intake, photo)


def sweep_idle(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["sweep-web-answers"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("abandoned_by", ["exit", "expiry sweep"])
def test_a_form_left_with_the_same_file_does_not_take_it_from_another_form(
    web_app: Flask, web_intake: Intake, web_clock: FixedClock, abandoned_by: str
) -> None:
    """Files are named by content, so two people may hold the same photo (a shared screenshot)."""
    photo = png(b"\x07\x07\x07")
    leaving, sending = Reporter(web_app.test_client()), Reporter(web_app.test_client())
    leaving.answer_all(BEFORE_UPLOAD)
    upload(leaving, (photo, "screenshot.png"))
    web_clock.advance(minutes=40)
    sending.answer_all(BEFORE_UPLOAD)
    upload(sending, (photo, "same-screenshot.png"), action="continue")
    web_clock.advance(minutes=30)
    if abandoned_by == "exit":
        leaving.client.get("/report/exit")
    else:
        sweep_idle(web_app)
        assert leaving.client.get("/report/check-your-answers").status_code == 200  # the timed-out page
    sending.answer_all(AFTER_UPLOAD)
    assert sending.send().status_code == 302
    [report] = exported(web_intake)
    assert [a["filename"] for a in report["attachments"]] == ["same-screenshot.png"]
    assert held_on_disk(web_intake, photo)
