"""Each account keeps the time step of the last one-time code it signed in with, so a code works once.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 20:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCOUNT_TABLES = ("staff_users", "partner_users")


def upgrade() -> None:
    for table in ACCOUNT_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("last_code_step", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in ACCOUNT_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("last_code_step")
