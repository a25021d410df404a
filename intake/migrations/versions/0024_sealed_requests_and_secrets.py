"""Subject-access requests' details and one-time-code secrets are sealed under keys of their own (issue 16).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 05:30:00

A subject-access request, a staff or partner account and a partner invitation each get a data key
of their own, wrapped by a key-encryption key (``data_key``, ``data_key_kek_id``,
``data_key_kek_version``), and a ``seal_token`` binding the key and the row's sealed values to the
row. Sealed values are longer than plain ones, so the request's details and the secrets become text.
Existing values stay plain and read as they are until ``flask encrypt-existing`` seals them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | Sequence[str] | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWNERS = ("subject_access_requests", "staff_users", "partner_users", "partner_invitations")
WIDENED = {
    "subject_access_requests": {
        "name": sa.String(length=200),
        "phone": sa.String(length=32),
        "email": sa.String(length=320),
        "postcode": sa.String(length=10),
    },
    "staff_users": {"totp_secret": sa.String(length=64)},
    "partner_users": {"totp_secret": sa.String(length=64)},
    "partner_invitations": {"totp_secret": sa.String(length=64)},
}
NOT_NULL = {("partner_invitations", "totp_secret")}


def upgrade() -> None:
    for table in OWNERS:
        op.add_column(table, sa.Column("data_key", sa.Text(), nullable=True))
        op.add_column(table, sa.Column("data_key_kek_id", sa.String(length=64), nullable=True))
        op.add_column(table, sa.Column("data_key_kek_version", sa.Integer(), nullable=True))
        op.add_column(table, sa.Column("seal_token", sa.String(length=32), nullable=True))
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, was in WIDENED[table].items():
                batch_op.alter_column(
                    column, existing_type=was, type_=sa.Text(), existing_nullable=(table, column) not in NOT_NULL
                )


def downgrade() -> None:
    for table in OWNERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, was in WIDENED[table].items():
                batch_op.alter_column(
                    column, existing_type=sa.Text(), type_=was, existing_nullable=(table, column) not in NOT_NULL
                )
            for column in ("seal_token", "data_key_kek_version", "data_key_kek_id", "data_key"):
                batch_op.drop_column(column)
