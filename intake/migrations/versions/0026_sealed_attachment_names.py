"""Attachments' names and works' cancel reasons are sealed under their report's key (issue 16).

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-02 05:30:00

Each attachment and each works order gets a ``seal_token`` binding its sealed value to its row. A
sealed file name is longer than the plain one, so ``attachments.filename`` becomes text. The
content's plain SHA-256 (``attachments.sha256``) is dropped: it confirmed that a known file was
present; the keyed digest that names the file (``storage_name``) stands in for it, in the export too.
Existing names and reasons stay plain, and read as they are, until ``encrypt-existing`` seals them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | Sequence[str] | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("works", sa.Column("seal_token", sa.String(length=32), nullable=True))
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seal_token", sa.String(length=32), nullable=True))
        batch_op.alter_column("filename", existing_type=sa.String(length=255), type_=sa.Text(), existing_nullable=False)
        batch_op.drop_column("sha256")


def downgrade() -> None:
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sha256", sa.String(length=64), nullable=True))
    # The plain SHA-256 is not kept: the keyed digest that names the file stands in for it.
    op.execute("UPDATE attachments SET sha256 = substr(storage_name, 1, 64)")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.alter_column("sha256", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("filename", existing_type=sa.Text(), type_=sa.String(length=255), existing_nullable=False)
        batch_op.drop_column("seal_token")
    with op.batch_alter_table("works", schema=None) as batch_op:
        batch_op.drop_column("seal_token")
