"""A report's unread follow-up messages and why its restriction was lifted, pictures sent with a
keyword (no report), and the outbox message behind each staff message in a case's contact log.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 20:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import intake.models

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unread_since", intake.models.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("restriction_lifted_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("remote_media", schema=None) as batch_op:
        batch_op.alter_column("report_id", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("case_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outbox_message_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_case_entries_outbox_message_id_outbox_messages"),
            "outbox_messages",
            ["outbox_message_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("case_entries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_case_entries_outbox_message_id_outbox_messages"), type_="foreignkey")
        batch_op.drop_column("outbox_message_id")
    with op.batch_alter_table("remote_media", schema=None) as batch_op:
        batch_op.alter_column("report_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("restriction_lifted_reason")
        batch_op.drop_column("unread_since")
