"""Each raw inbound item keeps its own data key, wrapped by a key-encryption key (issue 16).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 03:00:00

Items are stored before, or without, a report (unparseable, duplicates, auto-replies), so each
seals its raw bytes under a key of its own, on its own row (no statement more per submission).
Rows made before have none: their raw bytes are plain and read as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | Sequence[str] | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("data_key", "data_key_kek_id", "data_key_kek_version")


def upgrade() -> None:
    op.add_column("inbound_items", sa.Column("data_key", sa.Text(), nullable=True))
    op.add_column("inbound_items", sa.Column("data_key_kek_id", sa.String(length=64), nullable=True))
    op.add_column("inbound_items", sa.Column("data_key_kek_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    for column in COLUMNS:
        op.execute(f"ALTER TABLE inbound_items DROP COLUMN {column}")
