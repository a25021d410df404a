"""Signals inferred from residents' own words, with their trigger words and staff decisions.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:30:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import intake.models

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inferred_signals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("signal", sa.String(length=32), nullable=False),
        sa.Column("clause", sa.String(length=8), nullable=False),
        sa.Column("words", sa.String(length=200), nullable=False),
        sa.Column("inferred_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("work_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_at", intake.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"], name=op.f("fk_inferred_signals_message_id_messages")),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name=op.f("fk_inferred_signals_report_id_reports")),
        sa.ForeignKeyConstraint(["work_id"], ["works.id"], name=op.f("fk_inferred_signals_work_id_works")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inferred_signals")),
    )
    with op.batch_alter_table("inferred_signals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inferred_signals_report_id"), ["report_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inferred_signals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inferred_signals_report_id"))
    op.drop_table("inferred_signals")
