"""Partner users, their one-time invitations and their organisations' API tokens.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 10:09:37.052425
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import intake.models

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partner_api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("hint", sa.String(length=12), nullable=False),
        sa.Column("created_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", intake.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_api_tokens_organisation_id_partner_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_partner_api_tokens_token_hash")),
    )
    with op.batch_alter_table("partner_api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_api_tokens_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "partner_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("totp_secret", sa.String(length=64), nullable=True),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("locked_until", intake.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("last_signed_in_at", intake.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_users_organisation_id_partner_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_users")),
        sa.UniqueConstraint("email", name=op.f("uq_partner_users_email")),
    )
    with op.batch_alter_table("partner_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_users_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "partner_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("totp_secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", intake.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["partner_users.id"], name=op.f("fk_partner_invitations_user_id_partner_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_partner_invitations_token_hash")),
    )
    with op.batch_alter_table("partner_invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_invitations_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("partner_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_invitations_user_id"))

    op.drop_table("partner_invitations")
    with op.batch_alter_table("partner_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_users_organisation_id"))

    op.drop_table("partner_users")
    with op.batch_alter_table("partner_api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_api_tokens_organisation_id"))

    op.drop_table("partner_api_tokens")
