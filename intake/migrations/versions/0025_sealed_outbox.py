"""The outbox's recipients and bodies are sealed, and opt-outs kept as blind indexes (issue 16).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 05:30:00

A message about a report is sealed under the report's data key, bound to its row by ``seal_token``;
one about no report carries a data key of its own (``data_key`` and the KEK's id and version), made
in Python before the insert. A sealed recipient is longer than a plain one, so the column becomes
text; ``recipient_index`` (a blind index of the number or address) is what look-ups compare.
``contact_opt_outs.address`` keeps its type: new rows hold a blind index there. Existing values
stay plain and read (and match) as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | Sequence[str] | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ADDED = ("seal_token", "recipient_index", "data_key", "data_key_kek_id", "data_key_kek_version")


def upgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.alter_column(
            "recipient", existing_type=sa.String(length=320), type_=sa.Text(), existing_nullable=False
        )
        batch_op.add_column(sa.Column("seal_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("recipient_index", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("data_key", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("data_key_kek_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("data_key_kek_version", sa.Integer(), nullable=True))
        batch_op.create_index(op.f("ix_outbox_messages_recipient_index"), ["recipient_index"])


def downgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index(op.f("ix_outbox_messages_recipient_index"))
        for name in reversed(ADDED):
            batch_op.drop_column(name)
        batch_op.alter_column(
            "recipient", existing_type=sa.Text(), type_=sa.String(length=320), existing_nullable=False
        )
