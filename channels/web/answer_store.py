"""Keeping a web form's answers between pages: load, save, discard and sweep, each its own transaction.

Answers sit on the server under a hash of a random id, never in the browser. They are cleared
when the person leaves, when they finish, and after a period without activity (an hour by
default), so a shared device gives nothing away (policy 1.2, "treat anything reported
confidentially").

They are stored sealed (issue 16) under a key derived from that random id, which is never stored:
only the person's own cookie opens them, not a copy of the database, nor its keys. Beside them
is only the name their held files are kept under, so they can be cleared without the cookie.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from channels.web.tables import WebFormAnswers
from intake.public import Cell, Intake, Owner, secret_hash, token_key

SEALED_ANSWERS = "sealed"
FILES_HOLDER = "files_holder"


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
            holders = _delete_rows(session, [row])
        else:
            row.updated_at = now
            return _opened(answers_id, row)
    _release_files(intake, holders)
    return None


def save_answers(intake: Intake, answers_id: str, answers: dict[str, Any]) -> None:
    """Store the answers so far, replacing what was there."""
    with intake.db.begin() as session:
        id_hash = answers_key(answers_id)
        row = session.get(WebFormAnswers, id_hash)
        sealed = _sealed(answers_id, id_hash, answers)
        if row is None:
            session.add(WebFormAnswers(id_hash=id_hash, answers=sealed, updated_at=intake.clock()))
        else:
            row.answers, row.updated_at = sealed, intake.clock()


def discard_answers(intake: Intake, answers_id: str) -> None:
    """Forget the answers now (leaving, finishing), with the files this form alone held."""
    with intake.db.begin() as session:
        row = session.get(WebFormAnswers, answers_key(answers_id))
        holders = _delete_rows(session, [row] if row is not None else [])
    _release_files(intake, holders)


def sweep_idle_answers(intake: Intake, idle: timedelta) -> int:
    """Clear every set of answers idle longer than ``idle``; how many were cleared."""
    with intake.db.begin() as session:
        rows = list(session.scalars(select(WebFormAnswers).where(WebFormAnswers.updated_at < intake.clock() - idle)))
        holders = _delete_rows(session, rows)
    _release_files(intake, holders)
    return len(rows)


def files_holder(answers: dict[str, Any]) -> str:
    """The name this form's files are held under: derived from its one-time token, never shared."""
    return secret_hash(f"files:{answers['token']}")


def release_held_file(intake: Intake, answers: dict[str, Any], storage_name: str) -> None:
    """Delete a file the person removed before sending, unless this form still holds it under another name."""
    if all(held["storage_name"] != storage_name for held in answers.get("attachments", [])):
        intake.attachments.release(files_holder(answers), storage_name)


def _delete_rows(session: Session, rows: Iterable[WebFormAnswers]) -> list[str]:
    """Delete the rows; the file holders to release once that is committed."""
    holders = []
    for row in rows:
        holder = row.answers.get(FILES_HOLDER) or (files_holder(row.answers) if "token" in row.answers else None)
        if holder is not None:
            holders.append(holder)
        session.execute(delete(WebFormAnswers).where(WebFormAnswers.id_hash == row.id_hash))
    return holders


def _sealed(answers_id: str, id_hash: str, answers: dict[str, Any]) -> dict[str, Any]:
    """What is stored: the answers sealed under the cookie's id, and the name their files are held under."""
    key, cell = _key(answers_id, id_hash)
    holder = files_holder(answers) if "token" in answers else None
    return {SEALED_ANSWERS: key.seal(cell, json.dumps(answers)), FILES_HOLDER: holder}


def _opened(answers_id: str, row: WebFormAnswers) -> dict[str, Any]:
    """The answers as they were saved; a row from before sealing as it is."""
    if SEALED_ANSWERS not in row.answers:
        return dict(row.answers)
    key, cell = _key(answers_id, row.id_hash)
    opened: dict[str, Any] = json.loads(key.unseal(cell, row.answers[SEALED_ANSWERS]))
    return opened


def _key(answers_id: str, id_hash: str) -> tuple[Any, Cell]:
    table = WebFormAnswers.__tablename__
    return token_key(Owner(table, id_hash), answers_id), Cell(table, "answers", id_hash)


def _release_files(intake: Intake, holders: Iterable[str]) -> None:
    """After the commit: a crash in between leaves a stray folder, never answers whose files are gone."""
    for holder in holders:
        intake.attachments.release_all(holder)
