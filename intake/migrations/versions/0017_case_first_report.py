"""A case names its first report by id, so a period's figures find it through an index.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 00:40:00

Issue 14: every monitoring figure over cases reads the case with its first report. Joined by the
shared reference, PostgreSQL hashed every report ever received to find a period's thousand; with
the first report's id on the case, each is one look-up by primary key. Existing cases take the id of
the report whose reference they carry.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_report_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(op.f("fk_cases_first_report_id_reports"), "reports", ["first_report_id"], ["id"])
        batch_op.create_index(op.f("ix_cases_first_report_id"), ["first_report_id"])
    op.execute(
        "UPDATE cases SET first_report_id = (SELECT reports.id FROM reports WHERE reports.reference = cases.reference)"
    )


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(op.f("ix_cases_first_report_id"))
        batch_op.drop_constraint(op.f("fk_cases_first_report_id_reports"), type_="foreignkey")
        batch_op.drop_column("first_report_id")
