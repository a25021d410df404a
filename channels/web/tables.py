"""The public web form's answers between pages, kept on the server (never in a cookie or a URL)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from intake.public import Base


class WebFormAnswers(Base):
    """One person's unfinished answers, found by the SHA-256 of the random id in their cookie.

    Only the hash is stored, so a copy of this table cannot be used to take over a session.
    Rows are cleared on exit, on finishing and after an hour without activity.
    """

    __tablename__ = "web_form_answers"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(index=True)
