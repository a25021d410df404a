"""Text-message channel: replies kept per inbound item (retries, the reply cap) and remote media to fetch.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 10:07:42.402146
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import intake.models

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbound_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("inbound_key", sa.String(length=255), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("received_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("window_start", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name=op.f("fk_inbound_replies_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_replies")),
        sa.UniqueConstraint(
            "channel",
            "address",
            "window_start",
            "slot",
            name=op.f("uq_inbound_replies_channel_address_window_start_slot"),
        ),
        sa.UniqueConstraint("channel", "inbound_key", name=op.f("uq_inbound_replies_channel_inbound_key")),
    )
    with op.batch_alter_table("inbound_replies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbound_replies_report_id"), ["report_id"], unique=False)
        batch_op.create_index("ix_inbound_replies_sender", ["channel", "address", "received_at"], unique=False)

    op.create_table(
        "remote_media",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("inbound_key", sa.String(length=255), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("declared_type", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["attachment_id"], ["attachments.id"], name=op.f("fk_remote_media_attachment_id_attachments")
        ),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name=op.f("fk_remote_media_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remote_media")),
        sa.UniqueConstraint(
            "channel", "inbound_key", "position", name=op.f("uq_remote_media_channel_inbound_key_position")
        ),
    )
    with op.batch_alter_table("remote_media", schema=None) as batch_op:
        batch_op.create_index("ix_remote_media_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_remote_media_report_id"), ["report_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("remote_media", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_remote_media_report_id"))
        batch_op.drop_index("ix_remote_media_due")

    op.drop_table("remote_media")
    with op.batch_alter_table("inbound_replies", schema=None) as batch_op:
        batch_op.drop_index("ix_inbound_replies_sender")
        batch_op.drop_index(batch_op.f("ix_inbound_replies_report_id"))

    op.drop_table("inbound_replies")
