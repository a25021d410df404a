"""web form answers: the public form's unfinished answers, kept on the server between pages

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 10:09:38.534506
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import intake.models

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_form_answers",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("updated_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_web_form_answers")),
    )
    with op.batch_alter_table("web_form_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_form_answers_updated_at"), ["updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_form_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_form_answers_updated_at"))
    op.drop_table("web_form_answers")
