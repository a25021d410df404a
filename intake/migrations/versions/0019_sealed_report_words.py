"""A report's words and its later messages are sealed (issue 16, stage 2), found by blind indexes.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 03:00:00

``messages.seal_token`` binds each sealed message to its row; ``reports.location_index`` and
``reports.responsible_index`` are keyed digests the duplicate hints compare instead of the words.
Existing values stay plain until ``flask --app intake.app encrypt-existing`` seals them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | Sequence[str] | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = ("location_index", "responsible_index")


def upgrade() -> None:
    op.add_column("messages", sa.Column("seal_token", sa.String(length=32), nullable=True))
    for name in INDEXES:
        op.add_column("reports", sa.Column(name, sa.String(length=80), nullable=True))
        op.create_index(op.f(f"ix_reports_{name}"), "reports", [name])


def downgrade() -> None:
    # In place, not a batch copy of ``reports``: that would trip SQLite's foreign keys (see 0012).
    for name in INDEXES:
        op.drop_index(op.f(f"ix_reports_{name}"), table_name="reports")
        op.execute(f"ALTER TABLE reports DROP COLUMN {name}")
    op.execute("ALTER TABLE messages DROP COLUMN seal_token")
