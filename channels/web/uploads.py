"""Photos and documents: several per report, each size-capped, typed by its content, never its name.

Files are held through the core's AttachmentStore from upload until the report is sent, apart
for each form (so leaving one form never takes a file another still holds), and only their stored
names are kept with the answers.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from werkzeug.datastructures import FileStorage

from channels.web.answer_store import files_holder
from intake.public import N_, current_intake, sanitise_filename, sniff_content_type
from intake.public import gettext as _

MB = 1024 * 1024
# What a resident is likely to have as evidence. An executable renamed photo.jpg is none of these.
ACCEPTED_TYPES = {
    "image/jpeg": "JPG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
    "image/heic": "HEIC",
    "image/heif": "HEIF",
    "application/pdf": "PDF",
    "text/plain": "text",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)",
    "video/mp4": "MP4",
    "video/quicktime": "MOV",
    "audio/mpeg": "MP3",
    "audio/mp4": "M4A",
    "audio/x-m4a": "M4A",
}
ACCEPTED_NAMES = N_(
    "a photo (JPG, PNG, GIF, WEBP or HEIC), a PDF, a text or Word file, a video (MP4 or MOV) or a recording"
)


def max_file_bytes() -> int:
    return int(current_app.config["WEB_UPLOAD_MAX_FILE_MB"]) * MB


def hold(files: list[FileStorage], answers: dict[str, Any]) -> list[str]:
    """Keep each acceptable file with the answers; the problems with the others, in words."""
    problems: list[str] = []
    for upload in files:
        if not upload.filename:
            continue
        problem = _hold_one(upload, answers)
        if problem:
            problems.append(problem)
    return problems


def _hold_one(upload: FileStorage, answers: dict[str, Any]) -> str | None:
    held: list[dict[str, Any]] = answers["attachments"]
    name = sanitise_filename(upload.filename)
    limit = max_file_bytes()
    max_files = current_app.config["WEB_UPLOAD_MAX_FILES"]
    if len(held) >= current_app.config["WEB_UPLOAD_MAX_FILES"]:
        return _("%(name)s was not added: you can add up to %(count)s files", name=name, count=max_files)
    content = upload.stream.read(limit + 1)
    if not content:
        return _("%(name)s is empty", name=name)
    if len(content) > limit:
        return _("%(name)s must be smaller than %(size)s MB", name=name, size=limit // MB)
    content_type = sniff_content_type(content)
    if content_type not in ACCEPTED_TYPES:
        return _("%(name)s must be %(types)s", name=name, types=_(ACCEPTED_NAMES))
    stored = current_intake().attachments.hold(files_holder(answers), content)
    held.append(
        {"storage_name": stored.storage_name, "filename": name, "content_type": content_type, "size": len(content)}
    )
    return None


def describe(held_file: dict[str, Any]) -> str:
    """How a held file is listed back to the reporter: its name, type and size."""
    size = held_file["size"]
    shown = f"{size / MB:.1f} MB" if size >= MB else f"{max(1, size // 1024)} KB"
    return f"{held_file['filename']} ({ACCEPTED_TYPES.get(held_file['content_type'], 'file')}, {shown})"
