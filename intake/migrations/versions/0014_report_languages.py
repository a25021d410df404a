"""The report remembers its language: made in, preferred for contact, interpreter needed (issue 15).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 23:00:00

Every report made before this was made in English; whether an interpreter is needed was never asked.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("reports", sa.Column("language", sa.String(16), nullable=False, server_default="en"))
    op.add_column("reports", sa.Column("contact_language", sa.String(35), nullable=True))
    op.add_column("reports", sa.Column("interpreter", sa.String(16), nullable=False, server_default="not_asked"))


def downgrade() -> None:
    # In place, not a batch copy of ``reports``: that would trip SQLite's foreign keys (see 0012).
    for name in ("interpreter", "contact_language", "language"):
        op.execute(f"ALTER TABLE reports DROP COLUMN {name}")
