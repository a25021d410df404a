"""A first response for people nobody can contact, works cancelled with a reason, queue sorts.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 21:00:00

Issue 19 items 3 and 4: "reviewed; no safe way to contact" records what was done instead of
contact (policy 4.1), and a works order can be cancelled with a reason so that closing a case
never hides works that are still outstanding (policy 4.10).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import intake.models

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Issue 19 item 5: the queue sorted by response due, or newest received first, over open reports.
OPEN = sa.text("status <> 'closed'")
DUPLICATES = "ix_reports_postcode_received"  # the queue's possible-duplicate flag, by index
OPEN_QUEUE_SORTS = {"ix_reports_open_due": ["response_due", "id"], "ix_reports_open_received": ["received_at", "id"]}


def upgrade() -> None:
    op.add_column("first_responses", sa.Column("instead", sa.Text(), nullable=True))
    op.add_column("works", sa.Column("cancelled_at", intake.models.UTCDateTime(timezone=True), nullable=True))
    op.add_column("works", sa.Column("cancelled_by", sa.String(length=64), nullable=True))
    op.add_column("works", sa.Column("cancel_reason", sa.Text(), nullable=True))
    for name, columns in OPEN_QUEUE_SORTS.items():
        op.create_index(name, "reports", columns, postgresql_where=OPEN, sqlite_where=OPEN)
    op.create_index(DUPLICATES, "reports", ["postcode", "received_at"])


def downgrade() -> None:
    op.drop_index(DUPLICATES, table_name="reports")
    for name in OPEN_QUEUE_SORTS:
        op.drop_index(name, table_name="reports")
    with op.batch_alter_table("works") as batch:
        batch.drop_column("cancel_reason")
        batch.drop_column("cancelled_by")
        batch.drop_column("cancelled_at")
    with op.batch_alter_table("first_responses") as batch:
        batch.drop_column("instead")
