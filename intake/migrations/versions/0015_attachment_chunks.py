"""Attachment bytes in the database, in chunks, for a service on more than one machine.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 23:00:00

Issue 18: with ATTACHMENT_STORE=database every instance reads and writes attachments in the
shared database rather than on one machine's disk; the same SHA-256 names, in folders (the shared
one is "", an unfinished form's is its holder's hash), each file in ordered chunks.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attachment_chunks",
        sa.Column("folder", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("chunk", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("folder", "name", "chunk", name=op.f("pk_attachment_chunks")),
    )


def downgrade() -> None:
    op.drop_table("attachment_chunks")
