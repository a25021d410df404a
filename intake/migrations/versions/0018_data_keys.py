"""Each report and case keeps its own data key, wrapped by a key-encryption key (issue 16).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 02:30:00

On the rows themselves, so creating a report costs no statement more (issue 13). Rows made before
have none: their values are plain and read as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | Sequence[str] | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("reports", "cases")
COLUMNS = ("data_key", "data_key_kek_id", "data_key_kek_version")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("data_key", sa.Text(), nullable=True))
        op.add_column(table, sa.Column("data_key_kek_id", sa.String(length=64), nullable=True))
        op.add_column(table, sa.Column("data_key_kek_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    # In place, not a batch copy of ``reports``: that would trip SQLite's foreign keys (see 0012).
    for table in TABLES:
        for column in COLUMNS:
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
