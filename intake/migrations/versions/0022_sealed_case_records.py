"""The free text on a case's records is sealed under the case's key (issue 16, stage 2).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 03:45:00

Each record on a case (entries, category decisions, risk assessments, action plans, disclosures,
actions) and each first response gets a ``seal_token`` binding its sealed words to its row; ``cases.outcome_rationale``
is bound to the case's reference. A first response's
``instead`` is sealed under its report's key. A disclosure's recipient, sealed, is longer than the plain one,
so it becomes text. Existing values stay plain, and read as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | Sequence[str] | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECORDS = (
    "case_entries",
    "category_decisions",
    "risk_assessments",
    "action_plans",
    "disclosures",
    "case_actions",
    "first_responses",
)


def upgrade() -> None:
    for table in RECORDS:
        op.add_column(table, sa.Column("seal_token", sa.String(length=32), nullable=True))
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.alter_column(
            "recipient", existing_type=sa.String(length=200), type_=sa.Text(), existing_nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("disclosures", schema=None) as batch_op:
        batch_op.alter_column(
            "recipient", existing_type=sa.Text(), type_=sa.String(length=200), existing_nullable=False
        )
    for table in RECORDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("seal_token")
