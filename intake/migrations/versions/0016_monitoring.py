"""Monitoring (issue 14): the homes count NM01 divides by, case-management reviews, and the indexes
the figures for a period are counted over.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 23:00:00

Policy 8.1 asks for regular case-management reviews; the regulator's NM01 for hate-incident cases
opened per 1,000 homes. Each homes count an admin enters is kept, dated, so last year's rate can be
worked out again. The figures are counted by period over the dates indexed here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import intake.models

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("cases", "status"),
    ("cases", "opened_at"),
    ("cases", "closed_at"),
    ("category_decisions", "approved_at"),
    ("disclosures", "disclosed_at"),
    ("case_actions", "recorded_at"),
    ("works", "due"),
)


def upgrade() -> None:
    op.create_table(
        "homes_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counted_on", sa.Date(), nullable=False),
        sa.Column("low_cost_rental", sa.Integer(), nullable=False),
        sa.Column("low_cost_home_ownership", sa.Integer(), nullable=False),
        sa.Column("entered_by", sa.String(length=64), nullable=False),
        sa.Column("entered_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homes_counts")),
    )
    op.create_index(op.f("ix_homes_counts_counted_on"), "homes_counts", ["counted_on"])
    op.create_table(
        "case_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("reviewer", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_reviews_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_reviews")),
    )
    op.create_index(op.f("ix_case_reviews_case_id"), "case_reviews", ["case_id"])
    for table, column in INDEXES:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def downgrade() -> None:
    for table, column in reversed(INDEXES):
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
    op.drop_index(op.f("ix_case_reviews_case_id"), table_name="case_reviews")
    op.drop_table("case_reviews")
    op.drop_index(op.f("ix_homes_counts_counted_on"), table_name="homes_counts")
    op.drop_table("homes_counts")
