"""Keeping a web form's answers between pages: load, save, discard and sweep, each its own transaction.

Answers sit on the server under a hash of a random id, never in the browser. They are cleared
when the person leaves, when they finish, and after a period without activity (an hour by
default), so a shared device gives nothing away (policy 1.2, "treat anything reported
confidentially").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from intake.auth import secret_hash
from intake.context import Intake
from intake.models import Attachment
from intake.web_form_models import WebFormAnswers


def answers_key(answers_id: str) -> str:
    """What is stored for a cookie's random id: its SHA-256, never the id itself."""
    return secret_hash(answers_id)


def load_answers(intake: Intake, answers_id: str, idle: timedelta) -> dict[str, Any] | None:
    """The answers under this id, or None when there are none or they sat idle too long (then cleared)."""
    now = intake.clock()
    with intake.db.begin() as session:
        row = session.get(WebFormAnswers, answers_key(answers_id))
        if row is None:
            return None
        if row.updated_at + idle < now:
            _discard_rows(intake, session, [row])
            return None
        row.updated_at = now
        return dict(row.answers)


def save_answers(intake: Intake, answers_id: str, answers: dict[str, Any]) -> None:
    """Store the answers so far, replacing what was there."""
    with intake.db.begin() as session:
        row = session.get(WebFormAnswers, answers_key(answers_id))
        if row is None:
            session.add(WebFormAnswers(id_hash=answers_key(answers_id), answers=answers, updated_at=intake.clock()))
        else:
            row.answers, row.updated_at = answers, intake.clock()


def discard_answers(intake: Intake, answers_id: str, *, keep_files: bool = False) -> None:
    """Forget the answers now (leaving, finishing), with any uploaded files no report holds."""
    with intake.db.begin() as session:
        row = session.get(WebFormAnswers, answers_key(answers_id))
        if row is not None:
            _discard_rows(intake, session, [row], keep_files=keep_files)


def sweep_idle_answers(intake: Intake, idle: timedelta) -> int:
    """Clear every set of answers idle longer than ``idle``; how many were cleared."""
    with intake.db.begin() as session:
        rows = list(session.scalars(select(WebFormAnswers).where(WebFormAnswers.updated_at < intake.clock() - idle)))
        _discard_rows(intake, session, rows)
        return len(rows)


def _discard_rows(
    intake: Intake, session: Session, rows: Iterable[WebFormAnswers], *, keep_files: bool = False
) -> None:
    for row in rows:
        if not keep_files:
            _remove_unreported_files(intake, session, held_storage_names(row.answers))
        session.execute(delete(WebFormAnswers).where(WebFormAnswers.id_hash == row.id_hash))


def release_held_files(intake: Intake, storage_names: Iterable[str]) -> None:
    """Delete files a person removed before sending, unless a sent report holds the same content."""
    with intake.db.read() as session:
        _remove_unreported_files(intake, session, storage_names)


def held_storage_names(answers: dict[str, Any]) -> list[str]:
    """The stored files an unfinished form holds (``answers["attachments"]``)."""
    return [str(held["storage_name"]) for held in answers.get("attachments", []) if "storage_name" in held]


def _remove_unreported_files(intake: Intake, session: Session, storage_names: Iterable[str]) -> None:
    """Files are named by content, so one may also belong to a sent report: keep those."""
    for name in storage_names:
        if not session.scalar(select(exists().where(Attachment.storage_name == name))):
            intake.attachments.path_for(name).unlink(missing_ok=True)
