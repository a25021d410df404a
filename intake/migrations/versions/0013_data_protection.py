"""Data protection: legal holds, retention reviews, purge tombstones, subject access (issue 17).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 22:44:52

Policy 5.5 and 7.1: a closed case is kept six years, then anonymised in place with a tombstone
(purge_records); a legal hold keeps it longer until a manager lifts it; subject-access requests
keep their clock, the redactions a reviewer released and the requests to erase or correct.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import intake.models

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "retention_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("cases_due", sa.Integer(), nullable=False),
        sa.Column("cases_held", sa.Integer(), nullable=False),
        sa.Column("outbox_bodies_erased", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_reviews")),
    )
    op.create_table(
        "subject_access_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("extended_reason", sa.Text(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("postcode", sa.String(length=10), nullable=True),
        sa.Column("opened_by", sa.String(length=64), nullable=False),
        sa.Column("opened_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("released_at", intake.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("released_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_access_requests")),
    )
    op.create_table(
        "redaction_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("redaction_key", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("released_by", sa.String(length=64), nullable=False),
        sa.Column("released_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["subject_access_requests.id"],
            name=op.f("fk_redaction_releases_request_id_subject_access_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_redaction_releases")),
    )
    with op.batch_alter_table("redaction_releases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_redaction_releases_request_id"), ["request_id"], unique=False)

    op.create_table(
        "rights_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decided_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["subject_access_requests.id"],
            name=op.f("fk_rights_requests_request_id_subject_access_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rights_requests")),
    )
    with op.batch_alter_table("rights_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rights_requests_request_id"), ["request_id"], unique=False)

    op.create_table(
        "legal_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=False),
        sa.Column("placed_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.Column("lifted_at", intake.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("lifted_by", sa.String(length=64), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_legal_holds_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_holds")),
    )
    with op.batch_alter_table("legal_holds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_legal_holds_case_id"), ["case_id"], unique=False)

    op.create_table(
        "purge_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("purged_at", intake.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.String(length=64), nullable=False),
        sa.Column("classes", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_purge_records_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purge_records")),
        sa.UniqueConstraint("case_id", name=op.f("uq_purge_records_case_id")),
    )


def downgrade() -> None:
    op.drop_table("purge_records")
    with op.batch_alter_table("legal_holds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legal_holds_case_id"))

    op.drop_table("legal_holds")
    with op.batch_alter_table("rights_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rights_requests_request_id"))

    op.drop_table("rights_requests")
    with op.batch_alter_table("redaction_releases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_redaction_releases_request_id"))

    op.drop_table("redaction_releases")
    op.drop_table("subject_access_requests")
    op.drop_table("retention_reviews")
